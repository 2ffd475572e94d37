var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Injectable } from '@nestjs/common';
import { open } from 'node:fs/promises';
import { AppConfig } from '../../config/app-config.js';
import { createDecryptStream, createEncryptStream, isEncryptedHeader, keyId, MAGIC } from './chunked-aes-gcm.js';
/** Encryption at rest of backup files, with the keys from BACKUP_ENCRYPTION_KEY / BACKUP_DECRYPTION_KEYS. */
let BackupEncryptionService = class BackupEncryptionService {
    config;
    readKeys;
    constructor(config) {
        this.config = config;
        this.readKeys = keyRing(config.backupEncryption?.readKeys ?? []);
    }
    get enabled() {
        return Boolean(this.config.backupEncryption);
    }
    /** Key id of the key new backups are written with (hex), or null when encryption is off. */
    get writeKeyId() {
        const key = this.config.backupEncryption?.writeKey;
        return key ? keyId(key).toString('hex') : null;
    }
    encryptStream() {
        if (!this.config.backupEncryption)
            throw new Error('Backup encryption is not configured');
        return createEncryptStream(this.config.backupEncryption.writeKey);
    }
    decryptStream() {
        return createDecryptStream(this.readKeys);
    }
    async isEncrypted(path) {
        const handle = await open(path, 'r');
        try {
            const { buffer, bytesRead } = await handle.read(Buffer.alloc(MAGIC.length), 0, MAGIC.length, 0);
            return isEncryptedHeader(buffer.subarray(0, bytesRead));
        }
        finally {
            await handle.close();
        }
    }
};
BackupEncryptionService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [AppConfig])
], BackupEncryptionService);
export { BackupEncryptionService };
export function keyRing(keys) {
    return new Map(keys.map((k) => [keyId(k).toString('hex'), k]));
}
//# sourceMappingURL=backup-encryption.service.js.map