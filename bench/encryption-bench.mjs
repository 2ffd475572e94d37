// The cost of encryption at rest: throughput of the backup write path with and
// without AES-256-GCM, on the same bytes. Run: npm run build && node bench/encryption-bench.mjs [MiB]
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DigestStream } from '../dist/src/backups/backup-files.service.js';
import { createDecryptStream, createEncryptStream, keyId } from '../dist/src/backups/encryption/chunked-aes-gcm.js';

const mib = Number(process.argv[2] ?? 256);
const dir = await mkdtemp(join(tmpdir(), 'bs-enc-bench-'));
const input = join(dir, 'input');
// Half random, half repetitive: like a dump, which is partly compressed data and partly text.
const block = Buffer.concat([randomBytes(512 * 1024), Buffer.alloc(512 * 1024, 'INSERT INTO inventory_items VALUES (1, 2, 3);\n')]);
await writeFile(input, Buffer.alloc(0));
{
  const out = createWriteStream(input);
  for (let i = 0; i < mib; i++) if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
}
const key = randomBytes(32);

async function time(label, transforms, output, source = input) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    await pipeline([createReadStream(source), ...transforms(), new DigestStream(), createWriteStream(output)]);
    runs.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  runs.sort((a, b) => a - b);
  const median = runs[1];
  console.log(`${label.padEnd(34)} ${median.toFixed(3)} s  ${(mib / median).toFixed(0)} MiB/s`);
  return median;
}

console.log(`${mib} MiB, node ${process.version}, median of 3`);
const plain = await time('plain (hash + write)', () => [], join(dir, 'plain'));
const enc = await time('encrypted (encrypt + hash + write)', () => [createEncryptStream(key)], join(dir, 'enc'));
const dec = await time(
  'decrypt (read + decrypt + write)',
  () => [createDecryptStream(new Map([[keyId(key).toString('hex'), key]]))],
  join(dir, 'dec'),
  join(dir, 'enc'),
);
console.log(`encryption overhead: ${((enc / plain - 1) * 100).toFixed(0)}% on the write path; decryption ${(mib / dec).toFixed(0)} MiB/s`);
await rm(dir, { recursive: true, force: true });
