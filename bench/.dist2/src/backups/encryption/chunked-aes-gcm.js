import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
/**
 * The encrypted backup format, version 1 (documented in docs/encryption.md):
 *
 *   header  48 bytes: magic "BSENC\0\x01\0" (8) | key id (8) | salt (32)
 *   records          : length L (4, big-endian) | flags (1; 1 = last) | ciphertext (L) | GCM tag (16)
 *
 * Each file gets its own key, HKDF-SHA256(master key, salt, "blockshelf-backup-v1"),
 * so the record counter can serve as the nonce. The header, the flags and the
 * counter are authenticated with every record: records cannot be reordered,
 * dropped, or cut off after any record but the last without failing.
 */
export const MAGIC = Buffer.from('BSENC\u0000\u0001\u0000', 'latin1');
export const HEADER_BYTES = 48;
export const RECORD_PLAINTEXT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const RECORD_PREFIX_BYTES = 5;
const INFO = Buffer.from('blockshelf-backup-v1');
export class DecryptionError extends Error {
}
/** 8 bytes naming a master key without revealing it. */
export function keyId(key) {
    return createHash('sha256').update('blockshelf-key-id\u0000').update(key).digest().subarray(0, 8);
}
function fileKey(master, salt) {
    return Buffer.from(hkdfSync('sha256', master, salt, INFO, 32));
}
function nonceAndAad(header, counter, last) {
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter, 4);
    const aad = Buffer.alloc(HEADER_BYTES + 9);
    header.copy(aad, 0);
    aad[HEADER_BYTES] = last ? 1 : 0;
    aad.writeBigUInt64BE(counter, HEADER_BYTES + 1);
    return { nonce, aad };
}
export function isEncryptedHeader(head) {
    return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}
export function createEncryptStream(master) {
    const header = Buffer.concat([MAGIC, keyId(master), randomBytes(32)]);
    const key = fileKey(master, header.subarray(16, 48));
    let counter = 0n;
    let pending = [];
    let pendingBytes = 0;
    let headerSent = false;
    const record = (plain, last) => {
        const { nonce, aad } = nonceAndAad(header, counter++, last);
        const cipher = createCipheriv('aes-256-gcm', key, nonce);
        cipher.setAAD(aad);
        // GCM is a stream mode: the ciphertext is exactly as long as the plaintext, so write it in place.
        const out = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + plain.length + TAG_BYTES);
        out.writeUInt32BE(plain.length, 0);
        out[4] = last ? 1 : 0;
        cipher.update(plain).copy(out, RECORD_PREFIX_BYTES);
        cipher.final();
        cipher.getAuthTag().copy(out, RECORD_PREFIX_BYTES + plain.length);
        return out;
    };
    return new Transform({
        transform(chunk, _enc, done) {
            if (!headerSent) {
                this.push(header);
                headerSent = true;
            }
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes > RECORD_PLAINTEXT_BYTES) {
                let all = Buffer.concat(pending);
                // Keep at least one byte back: the last record is written in flush().
                while (all.length > RECORD_PLAINTEXT_BYTES) {
                    this.push(record(all.subarray(0, RECORD_PLAINTEXT_BYTES), false));
                    all = all.subarray(RECORD_PLAINTEXT_BYTES);
                }
                pending = [all];
                pendingBytes = all.length;
            }
            done();
        },
        flush(done) {
            if (!headerSent)
                this.push(header);
            this.push(record(Buffer.concat(pending), true));
            done();
        },
    });
}
/** `keys`: every master key that may have written the file, by key id (hex). */
export function createDecryptStream(keys) {
    let buffer = Buffer.alloc(0);
    let header;
    let key;
    let counter = 0n;
    let finished = false;
    return new Transform({
        transform(chunk, _enc, done) {
            buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
            try {
                if (!header) {
                    if (buffer.length < HEADER_BYTES)
                        return done();
                    header = Buffer.from(buffer.subarray(0, HEADER_BYTES));
                    buffer = buffer.subarray(HEADER_BYTES);
                    if (!isEncryptedHeader(header))
                        throw new DecryptionError('Not a BlockShelf encrypted backup (bad magic bytes)');
                    const id = header.subarray(8, 16).toString('hex');
                    const master = keys.get(id);
                    if (!master) {
                        throw new DecryptionError(`This backup was encrypted with key ${id}, which is not configured (set it in BACKUP_ENCRYPTION_KEY or BACKUP_DECRYPTION_KEYS)`);
                    }
                    key = fileKey(master, header.subarray(16, 48));
                }
                while (buffer.length >= RECORD_PREFIX_BYTES) {
                    if (finished)
                        throw new DecryptionError('Data after the last record: the file was tampered with');
                    const length = buffer.readUInt32BE(0);
                    if (length > RECORD_PLAINTEXT_BYTES)
                        throw new DecryptionError('Corrupt record length');
                    const total = RECORD_PREFIX_BYTES + length + TAG_BYTES;
                    if (buffer.length < total)
                        break;
                    const last = buffer[4] === 1;
                    const { nonce, aad } = nonceAndAad(header, counter++, last);
                    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
                    decipher.setAAD(aad);
                    decipher.setAuthTag(buffer.subarray(RECORD_PREFIX_BYTES + length, total));
                    const plain = decipher.update(buffer.subarray(RECORD_PREFIX_BYTES, RECORD_PREFIX_BYTES + length));
                    try {
                        decipher.final();
                    }
                    catch {
                        throw new DecryptionError(`Record ${counter - 1n} failed authentication: the file is damaged or was tampered with`);
                    }
                    this.push(plain);
                    buffer = buffer.subarray(total);
                    if (last)
                        finished = true;
                }
                done();
            }
            catch (error) {
                done(error);
            }
        },
        flush(done) {
            if (!header)
                return done(new DecryptionError('Not a BlockShelf encrypted backup (too short)'));
            if (!finished || buffer.length)
                return done(new DecryptionError('The encrypted backup is truncated (its last record is missing)'));
            done();
        },
    });
}
//# sourceMappingURL=chunked-aes-gcm.js.map