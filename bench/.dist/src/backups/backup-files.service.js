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
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../config/app-config.js';
import { BackupEncryptionService } from './encryption/backup-encryption.service.js';
/** Temporary files start with a dot and end in .partial: nothing that looks like a backup. */
const TEMP_PATTERN = /^\..+\.partial$/;
/** Every stored backup path matches this; anything else is refused before touching the disk. */
const BACKUP_PATH_PATTERN = /^backups\/(full_db\/db_backup_\d{8}_\d{6}(_\d+)?\.(sqlite3|dump|sql\.gz)|user_inventory\/\d+\/[A-Za-z0-9_.-]+_inventory_\d{8}_\d{6}(_\d+)?\.json)(\.enc)?$/;
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
    logger = new Logger(BackupFilesService_1.name);
    constructor(config, encryption) {
        this.config = config;
        this.encryption = encryption;
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
     * Produces a backup under `folder` as `<stem>.<ext>` (or `<stem>_2.<ext>`… when
     * that name is taken): `produce` writes the temp file, `verify` checks it, then
     * it is fsynced and linked into place. On any failure the temp file is removed.
     */
    async writeAtomically(folder, stem, extension, produce, verify) {
        const dir = join(this.config.mediaRoot, folder);
        await this.ensureDir(dir);
        // Encrypted backups say so in their name; their bytes say it again (magic header).
        if (this.encryption.enabled)
            extension += '.enc';
        const tempPath = join(dir, `.${stem}.${randomBytes(6).toString('hex')}.partial`);
        try {
            const streamed = await produce(tempPath);
            await chmod(tempPath, 0o600);
            await fsyncFile(tempPath);
            const digest = streamed ?? (await this.digestOf(tempPath));
            await verify(tempPath);
            const absolutePath = await linkNoClobber(tempPath, dir, stem, extension);
            await rm(tempPath, { force: true });
            await fsyncFile(dir);
            return {
                ...digest,
                absolutePath,
                relativePath: relative(this.config.mediaRoot, absolutePath).split(sep).join('/'),
                encryptionKeyId: this.encryption.enabled ? this.encryption.writeKeyId : null,
            };
        }
        catch (error) {
            await rm(tempPath, { force: true }).catch(() => undefined);
            throw error;
        }
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
        const plainPath = join(dirname(path), `.plain-${randomBytes(6).toString('hex')}.partial`);
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
    async digestOf(absolutePath) {
        const digest = new DigestStream();
        await pipeline(createReadStream(absolutePath), digest, async function* (source) {
            for await (const _ of source)
                void _;
        });
        return digest.digest();
    }
    /** Removes a stored backup; a file that is already gone is not an error. */
    async remove(relativePath) {
        await rm(this.resolveStored(relativePath), { force: true });
    }
    async exists(relativePath) {
        return stat(this.resolveStored(relativePath)).then(() => true, () => false);
    }
    /** Free bytes on the file system holding MEDIA_ROOT. */
    async freeBytes() {
        await this.ensureDir(this.backupsRoot);
        const fs = await statfs(this.backupsRoot);
        return Number(fs.bavail) * Number(fs.bsize);
    }
    /**
     * Startup sweep: temp files left by a crash or kill. Only files untouched for
     * `olderThanMs`, so a run in progress on another instance sharing the folder is left alone.
     */
    async sweepTempFiles(olderThanMs) {
        let removed = 0;
        const walk = async (dir) => {
            const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const path = join(dir, entry.name);
                if (entry.isDirectory())
                    await walk(path);
                else if (TEMP_PATTERN.test(entry.name)) {
                    const info = await stat(path).catch(() => null);
                    if (info && Date.now() - info.mtimeMs >= olderThanMs) {
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
        BackupEncryptionService])
], BackupFilesService);
export { BackupFilesService };
async function fsyncFile(path) {
    const handle = await open(path, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
/** link() fails if the name exists, so two runs in the same second can never overwrite each other. */
async function linkNoClobber(tempPath, dir, stem, extension) {
    for (let n = 1; n < 1000; n++) {
        const candidate = join(dir, `${n === 1 ? stem : `${stem}_${n}`}.${extension}`);
        try {
            await link(tempPath, candidate);
            return candidate;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
    }
    throw new Error(`No free backup name for ${join(dir, stem)}`);
}
//# sourceMappingURL=backup-files.service.js.map