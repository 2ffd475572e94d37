import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
/** Reads of 1 MiB: hashing a 160 MiB file took 430 ms in 64 KiB stream chunks, 140 ms in 1 MiB reads (measured, docs/benchmarks.md). */
const READ_SIZE = 1 << 20;
/** sha256 and size of a file, on this thread (the event loop keeps turning between reads). */
export async function digestOfFile(path) {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: READ_SIZE })) {
        hash.update(chunk);
        sizeBytes += chunk.length;
    }
    return { sha256: hash.digest('hex'), sizeBytes };
}
// Inline so that it runs the same from dist/ and under the tests' TypeScript loader (no separate worker file to find).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hash = createHash('sha256');
const fd = fs.openSync(workerData.path, 'r');
const buffer = Buffer.allocUnsafe(${READ_SIZE});
let sizeBytes = 0;
try {
  for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; sizeBytes += n) hash.update(buffer.subarray(0, n));
} finally {
  fs.closeSync(fd);
}
parentPort.postMessage({ sha256: hash.digest('hex'), sizeBytes });
`;
/**
 * The same digest on another thread: a full SQLite backup is hashed while
 * its integrity_check (synchronous, on this thread) runs, so the hash costs
 * no wall time (the file is in the page cache, just written).
 */
export function digestOfFileInThread(path) {
    return new Promise((resolve, reject) => {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path } });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`The digest thread exited with code ${code}`))));
    });
}
//# sourceMappingURL=file-digest.js.map