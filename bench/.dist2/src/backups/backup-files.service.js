var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var BackupFilesService_1;
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../config/app-config.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { BACKUP_PATH_PATTERN } from './backup-formats.js';
import { BackupEncryptionService } from './encryption/backup-encryption.service.js';
import { tempSuffix } from './store/temp-names.js';
import { digestOfFile, digestOfFileInThread } from './file-digest.js';
/** Temporary files start with a dot and end in .partial (or a SQLite journal of one): nothing that looks like a backup. */
const TEMP_PATTERN = /^\..+\.partial(-journal)?$/;
/** The owner token in a temp name: .<stem>.<token>-<random>.partial */
const TEMP_OWNER = /\.([0-9a-f]{6})-[0-9a-f]+\.(plain\.)?partial(-journal)?$/;
/** Computes sha256 and size of whatever streams through it. */
export class DigestStream extends Transform {
    hash = createHash('sha256');
    sizeBytes = 0;
    _transform(chunk, _enc, done) {
        this.hash.update(chunk);
        this.sizeBytes += chunk.length;
        done(null, chunk);
    }
    digest() {
        return { sha256: this.hash.digest('hex'), sizeBytes: this.sizeBytes };
    }
}
/**
 * Every file-system step of a backup: temp file in the target folder, fsync,
 * no-clobber rename, 0600 files in 0700 folders, and removal on failure.
 */
let BackupFilesService = BackupFilesService_1 = class BackupFilesService {
    config;
    encryption;
    instances;
    logger = new Logger(BackupFilesService_1.name);
    constructor(config, encryption, instances) {
        this.config = config;
        this.encryption = encryption;
        this.instances = instances;
    }
    /** Goes into every temp name, so the start-up sweep knows which belong to dead processes. */
    get tempTag() {
        return this.instances.token;
    }
    get backupsRoot() {
        return join(this.config.mediaRoot, 'backups');
    }
    isBackupPath(relativePath) {
        return BACKUP_PATH_PATTERN.test(relativePath);
    }
    /** Absolute path of a stored backup, after checking it is one of ours. */
    resolveStored(relativePath) {
        if (!BACKUP_PATH_PATTERN.test(relativePath))
            throw new Error(`Refusing unexpected backup path: ${relativePath}`);
        const absolute = resolve(this.config.mediaRoot, relativePath);
        if (!absolute.startsWith(resolve(this.config.mediaRoot) + sep))
            throw new Error(`Refusing path outside MEDIA_ROOT: ${relativePath}`);
        return absolute;
    }
    async ensureDir(dir) {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await chmod(dir, 0o700);
    }
    /**
     * Produces a backup under `folder` in a temp file: `produce` writes it,
     * `verify` checks it, then it is made 0600 and fsynced. On any failure the
     * temp file is removed. BackupStore gives it its final name.
     */
    async produce(folder, stem, extension, produce, verify) {
        const dir = join(this.config.mediaRoot, folder);
        await this.ensureDir(dir);
        // Encrypted backups say so in their name; their bytes say it again (magic header).
        if (this.encryption.enabled)
            extension += '.enc';
        const tempPath = join(dir, `.${stem}.${tempSuffix(this.tempTag)}.partial`);
        try {
            const streamed = await produce(tempPath);
            await chmod(tempPath, 0o600);
            await fsyncFile(tempPath);
            // A file not hashed as it was written is hashed on another thread while it is verified.
            const [digest] = await Promise.all([streamed ?? digestOfFileInThread(tempPath), verify(tempPath)]);
            return { ...digest, tempPath, folder, stem, extension, encryptionKeyId: this.keyId(), synced: true };
        }
        catch (error) {
            await rm(tempPath, { force: true }).catch(() => undefined);
            await rm(this.plainTempFor(tempPath), { force: true }).catch(() => undefined);
            throw error;
        }
    }
    /**
     * A small backup already in memory and already verified: written to a temp
     * file and hashed from the same bytes, not yet fsynced (BackupBatchPublisher
     * syncs a whole batch at once). On failure the temp file is removed.
     */
    async produceFromMemory(folder, stem, extension, bytes) {
        const dir = join(this.config.mediaRoot, folder);
        if (this.encryption.enabled)
            extension += '.enc';
        const tempPath = join(dir, `.${stem}.${tempSuffix(this.tempTag)}.partial`);
        try {
            let digest;
            if (this.encryption.enabled) {
                await this.ensureDir(dir);
                digest = await this.streamToFile(Readable.from([bytes]), tempPath);
            }
            else {
                // The folder usually exists (the user's earlier backups): make it only when the write says it is missing.
                await writeFile(tempPath, bytes, { flag: 'wx', mode: 0o600 }).catch(async (error) => {
                    if (error.code !== 'ENOENT')
                        throw error;
                    await this.ensureDir(dir);
                    await writeFile(tempPath, bytes, { flag: 'wx', mode: 0o600 });
                });
                digest = { sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length };
            }
            return { ...digest, tempPath, folder, stem, extension, encryptionKeyId: this.keyId(), synced: false };
        }
        catch (error) {
            await rm(tempPath, { force: true }).catch(() => undefined);
            throw error;
        }
    }
    keyId() {
        return this.encryption.enabled ? this.encryption.writeKeyId : null;
    }
    /**
     * Streams `source` (through optional transforms, then encryption when it is
     * on) into `tempPath`, hashing the stored bytes as it goes.
     */
    async streamToFile(source, tempPath, ...transforms) {
        const digest = new DigestStream();
        const seal = this.encryption.enabled ? [this.encryption.encryptStream()] : [];
        await pipeline([source, ...transforms, ...seal, digest, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 })]);
        return digest.digest();
    }
    /** For producers that write a plain file (SQLite): stores it at `tempPath`, encrypted when encryption is on. */
    async storeFile(plainPath, tempPath) {
        try {
            if (!this.encryption.enabled)
                return await rename(plainPath, tempPath);
            return await this.streamToFile(createReadStream(plainPath), tempPath);
        }
        finally {
            await rm(plainPath, { force: true });
        }
    }
    /** The backup's plain bytes: decrypted on the fly when the file is encrypted. */
    async openPlain(path) {
        const source = createReadStream(path);
        if (!(await this.encryption.isEncrypted(path)))
            return source;
        const plain = this.encryption.decryptStream();
        source.on('error', (error) => plain.destroy(error));
        return source.pipe(plain);
    }
    /** Runs `use` on a plain copy of the file (for tools that need a real file), removed afterwards. */
    async withPlainFile(path, use) {
        if (!(await this.encryption.isEncrypted(path)))
            return use(path);
        const plainPath = join(dirname(path), `.plain.${tempSuffix(this.tempTag)}.partial`);
        try {
            await pipeline(await this.openPlain(path), createWriteStream(plainPath, { flags: 'wx', mode: 0o600 }));
            return await use(plainPath);
        }
        finally {
            await rm(plainPath, { force: true });
        }
    }
    /** The key id in an encrypted file's header, or null for a plain file. */
    async encryptionKeyIdOf(path) {
        if (!(await this.encryption.isEncrypted(path)))
            return null;
        const handle = await open(path, 'r');
        try {
            const { buffer } = await handle.read(Buffer.alloc(8), 0, 8, 8);
            return buffer.toString('hex');
        }
        finally {
            await handle.close();
        }
    }
    /** A temp name beside `tempPath` for a plain intermediate file (swept like any temp file). */
    plainTempFor(tempPath) {
        return tempPath.replace(/\.partial$/, '.plain.partial');
    }
    digestOf(absolutePath) {
        return digestOfFile(absolutePath);
    }
    /** Removes a stored backup; a file that is already gone is not an error. */
    async remove(relativePath) {
        await rm(this.resolveStored(relativePath), { force: true });
    }
    async exists(relativePath) {
        return stat(this.resolveStored(relativePath)).then(() => true, () => false);
    }
    /** Throws unless a file can be created in MEDIA_ROOT/backups (checked at start, for a warning that names it). */
    async probeWritable() {
        await this.ensureDir(this.backupsRoot);
        const probe = join(this.backupsRoot, `.probe.${tempSuffix(this.tempTag)}.partial`);
        await writeFile(probe, '', { mode: 0o600 });
        await rm(probe, { force: true });
    }
    /** Free bytes on the file system holding MEDIA_ROOT. */
    async freeBytes() {
        await this.ensureDir(this.backupsRoot);
        const fs = await statfs(this.backupsRoot);
        return Number(fs.bavail) * Number(fs.bsize);
    }
    /**
     * Startup sweep: temp files left by a crash or kill. A file whose owner is
     * not alive goes at once; one without an owner in its name only when
     * untouched for `unownedAgeMs`; a live owner's is left alone.
     */
    async sweepTempFiles(unownedAgeMs) {
        const live = new Set([...(await this.instances.liveIds())].map((id) => id.split(':').pop()));
        let removed = 0;
        const walk = async (dir) => {
            const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const path = join(dir, entry.name);
                if (entry.isDirectory())
                    await walk(path);
                else if (TEMP_PATTERN.test(entry.name)) {
                    const owner = TEMP_OWNER.exec(entry.name)?.[1];
                    if (owner && live.has(owner))
                        continue;
                    const info = owner ? null : await stat(path).catch(() => null);
                    if (owner || (info && Date.now() - info.mtimeMs >= unownedAgeMs)) {
                        await rm(path, { force: true });
                        removed++;
                    }
                }
            }
        };
        await walk(this.backupsRoot);
        if (removed)
            this.logger.warn(`Removed ${removed} leftover temporary backup file(s)`);
        return removed;
    }
};
BackupFilesService = BackupFilesService_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [AppConfig,
        BackupEncryptionService,
        InstanceRegistry])
], BackupFilesService);
export { BackupFilesService };
export async function fsyncFile(path) {
    const handle = await open(path, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
//# sourceMappingURL=backup-files.service.js.map