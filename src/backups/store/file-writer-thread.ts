// Hand-written: worker pools (piscina and the like) load a worker file, which the tests' TypeScript loader cannot run;
// this one thread runs code built from compiled functions (writer-thread-worker.ts), the same code on both.
import { rm } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import type { Digest } from '../backup-files.service.js';
import type { BatchFileOps } from './batch-file-ops.js';
import { WORKER_SOURCE } from './writer-thread-worker.js';
import type { FileError, FileOpsJob, PartLayout, Reply, StreamJob, WriteJob } from './writer-thread-worker.js';

export type { PartLayout, WriteJob } from './writer-thread-worker.js';

/** Bytes handed over and not yet written beyond which caughtUp() waits, so a fast reader cannot pile up a batch in memory. */
const MAX_QUEUED_BYTES = 4 << 20;
/** Workers started again after one died, per thread: past that (or if one fails its start-up check) every job fails at once. */
const MAX_RESTARTS = 3;

/** Starts the thread's worker; tests pass one that lets them kill it. */
export type StartWorker = (source: string, options: WorkerOptions) => Worker;
const startEvalWorker: StartWorker = (source, options) => new Worker(source, options);

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

interface Pending {
  settle(reply: Reply): void;
  fail(error: Error): void;
  bytes: number;
  /** The worker the job went to: only its loss fails the job. */
  worker: Worker;
}

/**
 * A second thread for the per-file work of many small backups: the re-parse
 * check, the hash and the write of each file, and the batch publisher's
 * file-system calls (BatchFileOps), done synchronously there, on the other
 * core, while the main thread reads the next inventories and serves requests
 * (whose own file-system calls then find the thread pool free). Started on
 * first use and again after its worker dies (the jobs that worker had fail,
 * and Node closes the files it had open), up to MAX_RESTARTS times; close()
 * ends it. It keeps the process alive only while it has jobs.
 */
export class FileWriterThread implements BatchFileOps {
  private readonly logger = new Logger(FileWriterThread.name);
  private worker?: Worker;
  private closed = false;
  /** Why no worker is started any more: one failed its start-up check, or too many died. */
  private broken?: Error;
  private restarts = 0;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextFileId = 0;
  private queuedBytes = 0;
  private drained: Array<() => void> = [];

  constructor(private readonly startWorker: StartWorker = startEvalWorker) {}

  /**
   * Checks (when `inventory` is given), hashes and writes `bytes` at `tempPath`. The bytes are handed over: do not
   * reuse them; a WriteFailure hands them back.
   */
  write(job: WriteJob): Promise<Digest> {
    const bytes = job.bytes.length;
    return new Promise<Digest>((resolve, reject) => {
      this.send(job, transferable(job.bytes), bytes, {
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
   * `failed` turns true once a run has failed, so the producer can stop reading.
   */
  openFile(tempPath: string, dir: string, userId: number): ThreadFile {
    const fileId = ++this.nextFileId;
    const file = { failed: false } as ThreadFile & { failed: boolean };
    const noteFailure = { fail: () => void (file.failed = true), settle: (reply: Reply) => void (file.failed ||= reply.failed === true) };
    const sendStep = (job: StreamJob, transfer: ArrayBuffer[], bytes: number) => {
      try {
        this.send(job, transfer, bytes, noteFailure);
      } catch {
        file.failed = true;
      }
    };
    sendStep({ step: 'open', fileId, tempPath, dir, userId }, [], 0);
    file.append = ({ bytes, layout }) => sendStep({ step: 'append', fileId, bytes, layout }, transferable(bytes), bytes.length);
    file.finish = () =>
      new Promise<Digest>((resolve, reject) =>
        this.send({ step: 'close', fileId }, [], 0, {
          fail: reject,
          settle: ({ error, sha256, sizeBytes }) => (error ? reject(asError(error)) : resolve({ sha256: sha256!, sizeBytes: sizeBytes! })),
        }),
      );
    return file;
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

  /** Never fails: what the thread could not remove (it died, it is closed, a path failed), this thread tries once more. */
  async remove(paths: string[]): Promise<void> {
    const results = await this.ops(
      'remove',
      paths.map((p) => [p]),
    ).catch(() => paths.map((): FileError => ({ message: 'not removed by the thread' })));
    const left = paths.filter((_, i) => results[i] !== null);
    await Promise.all(
      left.map((p) => rm(p, { force: true }).catch((error: Error) => this.logger.warn(`Could not remove ${p} (swept at the next start): ${error.message}`))),
    );
  }

  /** Resolves once the bytes handed over and not yet written are under MAX_QUEUED_BYTES: a producer waits here before reading more. */
  async caughtUp(): Promise<void> {
    while (this.queuedBytes > MAX_QUEUED_BYTES) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** Ends the thread: jobs still queued fail, files it had open are closed, and later jobs fail at once. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    // The worker's exit (below) fails its jobs and closes its files.
    if (worker) await worker.terminate();
  }

  private ops(op: FileOpsJob['op'], items: string[][]): Promise<Array<FileError | null>> {
    if (!items.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => this.send({ op, items }, [], 0, { fail: reject, settle: (reply) => resolve(reply.results!) }));
  }

  /** Posts a job; throws (and registers nothing) when it cannot be posted. */
  private send(job: WriteJob | FileOpsJob | StreamJob, transfer: ArrayBuffer[], bytes: number, handlers: Omit<Pending, 'worker' | 'bytes'>): void {
    if (this.closed) throw new Error('The file writer thread is closed');
    if (this.broken) throw this.broken;
    const worker = this.start();
    const id = ++this.nextId;
    worker.postMessage({ ...job, id }, transfer);
    this.queuedBytes += bytes;
    // Kept alive while it has work: a CLI run on SQLite may have nothing else keeping the process up meanwhile.
    if (!this.pending.size) worker.ref();
    this.pending.set(id, { ...handlers, bytes, worker });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // trackUnmanagedFds: the files the worker has open when it dies or is terminated are closed with it (they are
    // the process's; a removed temp file's space would stay in use).
    // No execArgv of this process: the source is a CommonJS script of built-ins only (an inherited --input-type=module
    // would make it an ES module; V8 flags such as --max-old-space-size are refused when passed on explicitly).
    const worker = this.startWorker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      trackUnmanagedFds: true,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    let checked = false;
    worker.on('message', (reply: Reply | { ready: boolean; message?: string }) => {
      if ('ready' in reply) {
        if (reply.ready) return void (checked = true);
        lost((this.broken ??= new Error(`The file writer thread cannot run its code: ${reply.message}`)));
        return;
      }
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.forget(reply.id, job);
      job.settle(reply);
    });
    // An error comes before the exit; either fails this worker's jobs, and no other's.
    let failure: Error | undefined;
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failJobsOf(worker, error);
    };
    worker.on('error', (error) => lost((failure = new Error(`The file writer thread failed: ${error.message}`))));
    worker.on('exit', (code) => {
      const error = failure ?? new Error(this.closed ? 'The file writer thread was closed' : `The file writer thread exited with code ${code}`);
      lost(error);
      if (this.closed) return;
      // Decided at the exit, once every message it sent (its `ready` too) has been delivered: a worker that could not
      // pass its start-up check would fail the same way each time it is started again.
      if (!checked) this.broken ??= error;
      else if (++this.restarts > MAX_RESTARTS) this.broken ??= new Error(`The file writer thread died ${this.restarts} times: ${error.message}`);
    });
    // A reply that cannot be read leaves its job unknown: the worker goes, and its jobs fail with it.
    worker.on('messageerror', () => void worker.terminate());
    this.worker = worker;
    return worker;
  }

  private forget(id: number, job: Pending): void {
    this.pending.delete(id);
    if (!this.pending.size) this.worker?.unref();
    this.queuedBytes -= job.bytes;
    if (this.queuedBytes <= MAX_QUEUED_BYTES) for (const wake of this.drained.splice(0)) wake();
  }

  private failJobsOf(worker: Worker, error: Error): void {
    for (const [id, job] of [...this.pending]) {
      if (job.worker !== worker) continue;
      this.forget(id, job);
      job.fail(error);
    }
  }
}

/** Makes the thread of each all-users run; tests provide one whose worker they make fail. */
@Injectable()
export class FileWriterThreads {
  create(): FileWriterThread {
    return new FileWriterThread();
  }
}

/** A file FileWriterThread writes in runs (openFile). */
export interface ThreadFile {
  append(run: { bytes: Buffer; layout: PartLayout[] }): void;
  finish(): Promise<Digest>;
  /** A run failed (or the thread died): finish() will reject, reading further is wasted. */
  readonly failed: boolean;
}

/** Handed over whole only when the buffer is its own (not a slice of Node's shared pool); else copied. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
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
