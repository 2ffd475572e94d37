// Hand-written: worker pools (piscina and the like) load a worker file, which the tests' TypeScript loader cannot run;
// this one thread runs code built from the functions below, the same compiled code on both.
import { Worker } from 'node:worker_threads';
import { INVENTORY_FORMAT } from '../../inventory/inventory-export.service.js';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import { checkHeader, checkItem, InventoryJsonCheck } from '../inventory-json.verifier.js';
import type { Digest } from '../backup-files.service.js';

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
const MAX_QUEUED_BYTES = 16 << 20;

/** The thread's side: check, hash and write each job synchronously, in order. `require` is the worker's own. */
function writerThreadMain(require: (id: string) => unknown): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const fs = require('node:fs') as typeof import('node:fs');
  parentPort!.on('message', (job: WriteJob & { id: number }) => {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    try {
      if (job.inventory) {
        const check = new InventoryJsonCheck(job.inventory.userId);
        let at = 0;
        for (const { kind, count, bytes: length } of job.inventory.layout) {
          check.push({ kind, count, text: bytes.toString('utf8', at, at + length) } as InventoryJsonPart);
          at += length;
        }
        if (at !== bytes.length) throw new Error(`The parts cover ${at} of ${bytes.length} bytes`);
        void check.itemCount;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const write = () => fs.writeFileSync(job.tempPath, bytes, { flag: 'wx', mode: 0o600 });
      try {
        write();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        fs.mkdirSync(job.dir, { recursive: true, mode: 0o700 });
        fs.chmodSync(job.dir, 0o700);
        write();
      }
      parentPort!.postMessage({ id: job.id, sha256, sizeBytes: bytes.length });
    } catch (error) {
      const { message, code } = error as NodeJS.ErrnoException;
      parentPort!.postMessage({ id: job.id, error: { message: String(message), code } });
    }
  });
}

const WORKER_SOURCE = `
const INVENTORY_FORMAT = ${JSON.stringify(INVENTORY_FORMAT)};
${checkHeader.toString()}
${checkItem.toString()}
const InventoryJsonCheck = ${InventoryJsonCheck.toString()};
(${writerThreadMain.toString()})(require);
`;

interface Pending {
  resolve(digest: Digest): void;
  reject(error: Error): void;
  bytes: number;
}

/**
 * A second thread for the per-file CPU work of many small backups (the
 * re-parse check, the hash, the write): the all-users backup reads and encodes
 * on the main thread while this one checks and writes, on the other core.
 * Started on first use; close() ends it. A file is written under its temp name
 * only; publishing it (fsync, manifest, rename) stays with the caller.
 */
export class FileWriterThread {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private queuedBytes = 0;
  private drained: Array<() => void> = [];

  /** Checks (when `inventory` is given), hashes and writes `bytes` at `tempPath`. The bytes are handed over: do not reuse them. */
  write(job: WriteJob): Promise<Digest> {
    const worker = this.start();
    const id = ++this.nextId;
    const bytes = job.bytes.length;
    this.queuedBytes += bytes;
    const done = new Promise<Digest>((resolve, reject) => this.pending.set(id, { resolve, reject, bytes }));
    // Handed over whole only when the buffer is its own (not a slice of Node's shared pool); else copied.
    const own = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength;
    worker.postMessage({ ...job, id }, own ? [job.bytes.buffer as ArrayBuffer] : []);
    return done;
  }

  /** Resolves once the bytes handed over and not yet written are under MAX_QUEUED_BYTES: a producer waits here before reading more. */
  async caughtUp(): Promise<void> {
    while (this.queuedBytes > MAX_QUEUED_BYTES) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** Ends the thread; writes still queued fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('The file writer thread was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: { id: number; sha256?: string; sizeBytes?: number; error?: { message: string; code?: string } }) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.settle(reply.id, job);
      if (reply.error) job.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
      else job.resolve({ sha256: reply.sha256!, sizeBytes: reply.sizeBytes! });
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

  private settle(id: number, job: Pending): void {
    this.pending.delete(id);
    this.queuedBytes -= job.bytes;
    if (this.queuedBytes <= MAX_QUEUED_BYTES) for (const wake of this.drained.splice(0)) wake();
  }

  private failAll(error: Error): void {
    for (const [id, job] of [...this.pending]) {
      this.settle(id, job);
      job.reject(error);
    }
    for (const wake of this.drained.splice(0)) wake();
  }
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
