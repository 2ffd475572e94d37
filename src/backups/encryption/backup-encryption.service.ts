import { Injectable } from '@nestjs/common';
import { open } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import { AppConfig } from '../../config/app-config.js';
import { createDecryptStream, createEncryptStream, isEncryptedHeader, keyId, MAGIC } from './chunked-aes-gcm.js';

/** Encryption at rest of backup files, with the keys from BACKUP_ENCRYPTION_KEY / BACKUP_DECRYPTION_KEYS. */
@Injectable()
export class BackupEncryptionService {
  private readonly readKeys: Map<string, Buffer>;

  constructor(private readonly config: AppConfig) {
    this.readKeys = keyRing(config.backupEncryption?.readKeys ?? []);
  }

  get enabled(): boolean {
    return Boolean(this.config.backupEncryption);
  }

  /** Key id of the key new backups are written with (hex), or null when encryption is off. */
  get writeKeyId(): string | null {
    const key = this.config.backupEncryption?.writeKey;
    return key ? keyId(key).toString('hex') : null;
  }

  encryptStream(): Transform {
    if (!this.config.backupEncryption) throw new Error('Backup encryption is not configured');
    return createEncryptStream(this.config.backupEncryption.writeKey);
  }

  decryptStream(): Transform {
    return createDecryptStream(this.readKeys);
  }

  async isEncrypted(path: string): Promise<boolean> {
    const handle = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(MAGIC.length), 0, MAGIC.length, 0);
      return isEncryptedHeader(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }
}

export function keyRing(keys: Buffer[]): Map<string, Buffer> {
  return new Map(keys.map((k) => [keyId(k).toString('hex'), k]));
}
