// Hand-written: worker pools (piscina and the like) load a worker file, which the tests' TypeScript loader cannot run;
// this one thread runs code built from the functions below, the same compiled code on both.
import { Worker } from 'node:worker_threads';
import { INVENTORY_FORMAT } from '../../inventory/inventory-export.service.js';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import { checkHeader, checkItem, InventoryJsonCheck } from '../inventory-json.verifier.js';
import type { Digest } from '../backup-files.service.js';
import type { BatchFileOps } from './batch-file-ops.js';

/** Where each part of an inventory file lies in its bytes, so the thread checks the very bytes it writes. */
export interface PartLayout {
  kind: InventoryJsonPart['kind'];
  count: number;
  bytes: number;
}

export interface WriteJob {
  tempPath: string;
  /** Made (0700) when the write finds it missing: a user's first backup. */
  dir: string;
  bytes: Buffer;
  /** Checked as an inventory JSON of this user before it is written (InventoryJsonCheck). */
  inventory?: { userId: number; layout: PartLayout[] };
}

/** Bytes handed over and not yet written beyond which caughtUp() waits, so a fast reader cannot pile up a batch in memory. */
const MAX_QUEUED_BYTES = 4 << 20;

/** The thread's side: each job done synchronously, in order. `require` is the worker's own. */
function writerThreadMain(require: (id: string) => unknown): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const fs = require('node:fs') as typeof import('node:fs');
  const failure = (error: unknown) => ({ message: String((error as Error).message), code: (error as NodeJS.ErrnoException).code });

  /** A batch of one kind of call (BatchFileOps): each path's error, or null. */
  const runOps = ({ op, items }: FileOpsJob) =>
    items.map((item) => {
      try {
        if (op === 'exist') return fs.existsSync(item[0]) ? null : failure({ message: 'absent', code: 'ENOENT' });
        if (op === 'create') fs.writeFileSync(item[0], item[1], { flag: 'wx', mode: 0o600 });
        else if (op === 'rename') fs.renameSync(item[0], item[1]);
        else if (op === 'link') fs.linkSync(item[0], item[1]);
        else fs.rmSync(item[0], { force: true });
        return null;
      } catch (error) {
        return failure(error);
      }
    });

  /** A new file (0600, never over an existing one), its folder made (0700) when missing: a user's first backup. */
  const openNew = (path: string, dir: string) => {
    try {
      return fs.openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
      return fs.openSync(path, 'wx', 0o600);
    }
  };
  const writeAll = (fd: number, bytes: Buffer) => {
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
  };
  const checkParts = (check: InventoryJsonCheck, bytes: Buffer, layout: PartLayout[]) => {
    let at = 0;
    for (const { kind, count, bytes: length } of layout) {
      check.push({ kind, count, text: bytes.toString('utf8', at, at + length) } as InventoryJsonPart);
      at += length;
    }
    if (at !== bytes.length) throw new Error(`The parts cover ${at} of ${bytes.length} bytes`);
  };
  const bytesOf = (view: Uint8Array) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);

  const write = (job: WriteJob) => {
    const bytes = bytesOf(job.bytes);
    try {
      if (job.inventory) {
        const check = new InventoryJsonCheck(job.inventory.userId);
        checkParts(check, bytes, job.inventory.layout);
        void check.itemCount;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const fd = openNew(job.tempPath, job.dir);
      try {
        writeAll(fd, bytes);
      } finally {
        fs.closeSync(fd);
      }
      return { reply: { sha256, sizeBytes: bytes.length } };
    } catch (error) {
      // The bytes go back with the failure, for a retry.
      return { reply: { error: failure(error), bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    }
  };

  /** Inventories too large to hold whole arrive in runs: each checked, hashed and appended; the first failure is kept for the end. */
  const streams = new Map<number, { fd: number; check: InventoryJsonCheck; hash: import('node:crypto').Hash; size: number; error: FileError | null }>();
  const stream = (job: StreamJob) => {
    if (job.step === 'open') {
      const file = { fd: -1, check: new InventoryJsonCheck(job.userId!), hash: createHash('sha256'), size: 0, error: null as FileError | null };
      streams.set(job.fileId, file);
      try {
        file.fd = openNew(job.tempPath!, job.dir!);
      } catch (error) {
        file.error = failure(error);
      }
      return {};
    }
    const file = streams.get(job.fileId);
    if (!file) return { error: { message: 'The file writer thread restarted: this file was lost' } };
    if (job.step === 'append') {
      if (file.error) return {};
      try {
        const bytes = bytesOf(job.bytes!);
        checkParts(file.check, bytes, job.layout!);
        file.hash.update(bytes);
        writeAll(file.fd, bytes);
        file.size += bytes.length;
      } catch (error) {
        file.error = failure(error);
      }
      return {};
    }
    streams.delete(job.fileId);
    try {
      if (file.fd >= 0) fs.closeSync(file.fd);
      if (!file.error) void file.check.itemCount;
    } catch (error) {
      file.error ??= failure(error);
    }
    return file.error ? { error: file.error } : { sha256: file.hash.digest('hex'), sizeBytes: file.size };
  };

  parentPort!.on('message', (job: (WriteJob | FileOpsJob | StreamJob) & { id: number }) => {
    if ('op' in job) return parentPort!.postMessage({ id: job.id, results: runOps(job) });
    if ('step' in job) return parentPort!.postMessage({ id: job.id, ...stream(job) });
    const { reply, transfer } = write(job);
    parentPort!.postMessage({ id: job.id, ...reply }, transfer ?? []);
  });
}

/** One step of a streamed file: open it, append a run of parts, or close it (and get its digest). */
interface StreamJob {
  step: 'open' | 'append' | 'close';
  fileId: number;
  tempPath?: string;
  dir?: string;
  userId?: number;
  bytes?: Uint8Array;
  layout?: PartLayout[];
}

/** One kind of file-system call over many paths ([path] or [from, to]; create: [path, text]). */
interface FileOpsJob {
  op: 'exist' | 'create' | 'rename' | 'link' | 'remove';
  items: string[][];
}

const WORKER_SOURCE = `
const INVENTORY_FORMAT = ${JSON.stringify(INVENTORY_FORMAT)};
${checkHeader.toString()}
${checkItem.toString()}
const InventoryJsonCheck = ${InventoryJsonCheck.toString()};
(${writerThreadMain.toString()})(require);
`;

/** A write the thread could not do: its error code (ENOSPC, EEXIST…) and the job's bytes, handed back. */
export class WriteFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly bytes: Buffer,
  ) {
    super(message);
  }
}

type Reply = { id: number; sha256?: string; sizeBytes?: number; error?: FileError; bytes?: Uint8Array; results?: Array<FileError | null> };

interface Pending {
  settle(reply: Reply): void;
  fail(error: Error): void;
  bytes: number;
}

/**
 * A second thread for the per-file work of many small backups: the re-parse
 * check, the hash and the write of each file, and the batch publisher's
 * file-system calls (BatchFileOps), done synchronously there, on the other
 * core, while the main thread reads the next inventories and serves requests
 * (whose own file-system calls then find the thread pool free). Started on
 * first use; close() ends it.
 */
export class FileWriterThread implements BatchFileOps {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextFileId = 0;
  private queuedBytes = 0;
  private drained: Array<() => void> = [];

  /**
   * Checks (when `inventory` is given), hashes and writes `bytes` at `tempPath`. The bytes are handed over: do not
   * reuse them; a WriteFailure hands them back.
   */
  write(job: WriteJob): Promise<Digest> {
    const bytes = job.bytes.length;
    // Handed over whole only when the buffer is its own (not a slice of Node's shared pool); else copied.
    const own = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
    return new Promise<Digest>((resolve, reject) => {
      this.send(job, own ? [job.bytes.buffer as ArrayBuffer] : [], bytes, {
        bytes,
        fail: reject,
        settle: ({ error, bytes: back, sha256, sizeBytes }) => {
          if (error) reject(new WriteFailure(error.message, error.code, Buffer.from(back!.buffer, back!.byteOffset, back!.byteLength)));
          else resolve({ sha256: sha256!, sizeBytes: sizeBytes! });
        },
      });
    });
  }

  /**
   * A file written in runs, for an inventory too large to hold whole: append() hands over each run's bytes (checked
   * as parts of an inventory JSON of `userId`), finish() closes it and gives its digest or the first failure.
   */
  openFile(tempPath: string, dir: string, userId: number): ThreadFile {
    const fileId = ++this.nextFileId;
    const ignore = { bytes: 0, fail: () => undefined, settle: () => undefined };
    this.send({ step: 'open', fileId, tempPath, dir, userId }, [], 0, ignore);
    return {
      append: ({ bytes, layout }) => {
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        this.send({ step: 'append', fileId, bytes, layout }, own ? [bytes.buffer as ArrayBuffer] : [], bytes.length, { ...ignore, bytes: bytes.length });
      },
      finish: () =>
        new Promise<Digest>((resolve, reject) =>
          this.send({ step: 'close', fileId }, [], 0, {
            bytes: 0,
            fail: reject,
            settle: ({ error, sha256, sizeBytes }) => (error ? reject(asError(error)) : resolve({ sha256: sha256!, sizeBytes: sizeBytes! })),
          }),
        ),
    };
  }

  exist(paths: string[]): Promise<boolean[]> {
    return this.ops(
      'exist',
      paths.map((p) => [p]),
    ).then((results) => results.map((r) => r === null));
  }

  async create(files: Array<{ path: string; text: string }>): Promise<void> {
    throwFirst(
      await this.ops(
        'create',
        files.map((f) => [f.path, f.text]),
      ),
    );
  }

  async rename(moves: Array<[from: string, to: string]>): Promise<void> {
    throwFirst(await this.ops('rename', moves));
  }

  link(pairs: Array<[existing: string, name: string]>): Promise<Array<NodeJS.ErrnoException | null>> {
    return this.ops('link', pairs).then((results) => results.map((r) => (r ? asError(r) : null)));
  }

  async remove(paths: string[]): Promise<void> {
    await this.ops(
      'remove',
      paths.map((p) => [p]),
    );
  }

  /** Resolves once the bytes handed over and not yet written are under MAX_QUEUED_BYTES: a producer waits here before reading more. */
  async caughtUp(): Promise<void> {
    while (this.queuedBytes > MAX_QUEUED_BYTES) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** Ends the thread; jobs still queued fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('The file writer thread was closed'));
  }

  private ops(op: FileOpsJob['op'], items: string[][]): Promise<Array<FileError | null>> {
    if (!items.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => this.send({ op, items }, [], 0, { bytes: 0, fail: reject, settle: (reply) => resolve(reply.results!) }));
  }

  private send(job: WriteJob | FileOpsJob | StreamJob, transfer: ArrayBuffer[], bytes: number, pending: Pending): void {
    const worker = this.start();
    const id = ++this.nextId;
    this.queuedBytes += bytes;
    this.pending.set(id, pending);
    worker.postMessage({ ...job, id }, transfer);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.forget(reply.id, job);
      job.settle(reply);
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`The file writer thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private forget(id: number, job: Pending): void {
    this.pending.delete(id);
    this.queuedBytes -= job.bytes;
    if (this.queuedBytes <= MAX_QUEUED_BYTES) for (const wake of this.drained.splice(0)) wake();
  }

  private failAll(error: Error): void {
    for (const [id, job] of [...this.pending]) {
      this.forget(id, job);
      job.fail(error);
    }
    for (const wake of this.drained.splice(0)) wake();
  }
}

/** A file FileWriterThread writes in runs (openFile). */
export interface ThreadFile {
  append(run: { bytes: Buffer; layout: PartLayout[] }): void;
  finish(): Promise<Digest>;
}

interface FileError {
  message: string;
  code?: string;
}

const asError = (e: FileError) => Object.assign(new Error(e.message), { code: e.code }) as NodeJS.ErrnoException;

function throwFirst(results: Array<FileError | null>): void {
  const failed = results.find((r) => r !== null);
  if (failed) throw asError(failed);
}

/** An inventory's parts as one buffer of its own (so it can be handed over whole) and where each part lies in it. */
export function encodeInventoryParts(parts: InventoryJsonPart[]): { bytes: Buffer; layout: PartLayout[]; itemCount: number } {
  const layout = parts.map((p) => ({ kind: p.kind, count: p.kind === 'header' ? 0 : p.count, bytes: Buffer.byteLength(p.text) }));
  const bytes = Buffer.allocUnsafeSlow(layout.reduce((n, l) => n + l.bytes, 0));
  let at = 0;
  for (const part of parts) at += bytes.write(part.text, at);
  const itemCount = layout.reduce((n, l) => (l.kind === 'items' ? n + l.count : n), 0);
  return { bytes, layout, itemCount };
}
