// The code FileWriterThread's thread runs, built from these functions' compiled source: worker files cannot be
// loaded by the tests' TypeScript loader, so the same compiled code runs on both.
import { INVENTORY_FORMAT } from '../../inventory/inventory-export.service.js';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import { checkHeader, checkItem, InventoryJsonCheck } from '../inventory-json.verifier.js';
import { dirname } from 'node:path';
import { parentsOfMade } from './durability.js';

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

/** One step of a streamed file: open it, append a run of parts, or close it (and get its digest). */
export interface StreamJob {
  step: 'open' | 'append' | 'close';
  fileId: number;
  tempPath?: string;
  dir?: string;
  userId?: number;
  bytes?: Uint8Array;
  layout?: PartLayout[];
}

/** One kind of file-system call over many paths ([path] or [from, to]; create: [path, text]). */
export interface FileOpsJob {
  op: 'exist' | 'create' | 'rename' | 'link' | 'remove';
  items: string[][];
}

export interface FileError {
  message: string;
  code?: string;
}

/** A job's answer; `failed` on a streamed file's open or append when that file has failed (its producer stops reading). */
export type Reply = {
  id: number;
  sha256?: string;
  sizeBytes?: number;
  error?: FileError;
  bytes?: Uint8Array;
  results?: Array<FileError | null>;
  failed?: boolean;
};

/** The thread's side: each job done synchronously, in order. `require` is the worker's own. */
function writerThreadMain(require: (id: string) => unknown): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const fs = require('node:fs') as typeof import('node:fs');
  const failure = (error: unknown) => ({ message: String((error as Error).message), code: (error as NodeJS.ErrnoException).code });

  // Checked once at start: this code is built from compiled functions' source, and anything that rewrites
  // them (a coverage tool) leaves code that cannot run here. A worker that fails it is not started again.
  try {
    const selfCheck = new InventoryJsonCheck(1);
    selfCheck.push({ kind: 'header', text: `{"format":${JSON.stringify(INVENTORY_FORMAT)},"user":{"id":1},"items":[` });
    selfCheck.push({ kind: 'items', count: 1, text: '{"name":"n","part_id":"p","color":"c","quantity_total":1,"quantity_used":0}' });
    selfCheck.push({ kind: 'footer', count: 1, text: '],"item_count":1}' });
    if (selfCheck.itemCount !== 1) throw new Error('its check counted the wrong number of items');
  } catch (error) {
    // Said as a message, before any answer: the main thread then starts no other worker. No listener: this one ends.
    return parentPort!.postMessage({ ready: false, message: String((error as Error).message) });
  }
  parentPort!.postMessage({ ready: true });

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
      const made = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
      // The batch flushes the user folder's own entry; the levels made above it (the very first backup) are flushed here.
      if (made && made !== dir) for (const parent of parentsOfMade(made, dirname(dir))) fsyncDir(parent);
      return fs.openSync(path, 'wx', 0o600);
    }
  };
  const fsyncDir = (path: string) => {
    const fd = fs.openSync(path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
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
      return { failed: file.error !== null };
    }
    const file = streams.get(job.fileId);
    if (!file) return { error: { message: 'The file writer thread restarted: this file was lost' }, failed: true };
    if (job.step === 'append') {
      if (file.error) return { failed: true };
      try {
        const bytes = bytesOf(job.bytes!);
        checkParts(file.check, bytes, job.layout!);
        file.hash.update(bytes);
        writeAll(file.fd, bytes);
        file.size += bytes.length;
      } catch (error) {
        file.error = failure(error);
      }
      return { failed: file.error !== null };
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

/** The thread's whole program: the checks it runs and writerThreadMain, from their compiled source. */
export const WORKER_SOURCE = `
const INVENTORY_FORMAT = ${JSON.stringify(INVENTORY_FORMAT)};
const { dirname } = require('node:path');
${parentsOfMade.toString()}
${checkHeader.toString()}
${checkItem.toString()}
const InventoryJsonCheck = ${InventoryJsonCheck.toString()};
(${writerThreadMain.toString()})(require);
`;
