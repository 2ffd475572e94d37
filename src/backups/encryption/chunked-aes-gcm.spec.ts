import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEncryptStream, DecryptionError, HEADER_BYTES, keyId, RECORD_PLAINTEXT_BYTES } from './chunked-aes-gcm.js';

const key = randomBytes(32);
const keys = new Map([[keyId(key).toString('hex'), key]]);

async function encrypt(plain: Buffer, master = key): Promise<Buffer> {
  const out = createEncryptStream(master);
  const [result] = await Promise.all([buffer(out), pipeline(Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]), out)]);
  return result;
}

async function decrypt(data: Buffer, ring = keys): Promise<Buffer> {
  const out = createDecryptStream(ring);
  const [result] = await Promise.all([buffer(out), pipeline(Readable.from([data]), out)]);
  return result;
}

describe('chunked AES-256-GCM', () => {
  it.each([0, 1, RECORD_PLAINTEXT_BYTES, RECORD_PLAINTEXT_BYTES + 1, 3 * RECORD_PLAINTEXT_BYTES + 17])('round-trips %i bytes', async (size) => {
    const plain = randomBytes(size);
    const sealed = await encrypt(plain);
    expect(sealed.subarray(0, 8).toString('latin1')).toBe('BSENC\u0000\u0001\u0000');
    expect(sealed.includes(plain.subarray(0, Math.min(64, size))) && size >= 64).toBe(false);
    expect((await decrypt(sealed)).equals(plain)).toBe(true);
  });

  it('uses a fresh salt per file: the same input never gives the same bytes', async () => {
    const plain = Buffer.from('same inventory');
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });

  it('rejects a flipped bit, a cut-off file and a reordered record', async () => {
    const sealed = await encrypt(randomBytes(3 * RECORD_PLAINTEXT_BYTES));
    const flipped = Buffer.from(sealed);
    flipped[HEADER_BYTES + 100] ^= 1;
    await expect(decrypt(flipped)).rejects.toThrow(/failed authentication/);
    await expect(decrypt(sealed.subarray(0, sealed.length - 40))).rejects.toThrow(DecryptionError);
    const recordBytes = 5 + RECORD_PLAINTEXT_BYTES + 16;
    const first = sealed.subarray(HEADER_BYTES, HEADER_BYTES + recordBytes);
    const second = sealed.subarray(HEADER_BYTES + recordBytes, HEADER_BYTES + 2 * recordBytes);
    const swapped = Buffer.concat([sealed.subarray(0, HEADER_BYTES), second, first, sealed.subarray(HEADER_BYTES + 2 * recordBytes)]);
    await expect(decrypt(swapped)).rejects.toThrow(/failed authentication/);
    // Dropping the last record must not look like a shorter valid file.
    const lastStart = HEADER_BYTES + 2 * recordBytes; // the third record is the last one
    await expect(decrypt(sealed.subarray(0, lastStart))).rejects.toThrow(/truncated/);
  });

  it('names the key id when the key is not configured, and reads with any configured key', async () => {
    const oldKey = randomBytes(32);
    const sealed = await encrypt(Buffer.from('old backup'), oldKey);
    await expect(decrypt(sealed)).rejects.toThrow(new RegExp(`encrypted with key ${keyId(oldKey).toString('hex')}, which is not configured`));
    const ring = new Map([...keys, [keyId(oldKey).toString('hex'), oldKey]]);
    expect((await decrypt(sealed, ring)).toString()).toBe('old backup');
  });
});
