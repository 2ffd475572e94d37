var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var BackupsService_1;
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { In, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { compactTimestamp } from '../common/timestamps.js';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import { InventoryImportService } from '../inventory/import/inventory-import.service.js';
import { UsersService } from '../users/users.service.js';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { BackupFailedException, BackupInProgressException } from './backup.errors.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { verifyInventoryJson } from './inventory-json.verifier.js';
/** Leftover temp files older than this are swept at start (newer ones may belong to another instance). */
const SWEEP_AGE_MS = 5 * 60_000;
let BackupsService = BackupsService_1 = class BackupsService {
    backups;
    runs;
    files;
    rotation;
    dumper;
    exporter;
    users;
    config;
    catalog;
    importer;
    offsite;
    logger = new Logger(BackupsService_1.name);
    running = new Set();
    constructor(backups, runs, files, rotation, dumper, exporter, users, config, catalog, importer, offsite) {
        this.backups = backups;
        this.runs = runs;
        this.files = files;
        this.rotation = rotation;
        this.dumper = dumper;
        this.exporter = exporter;
        this.users = users;
        this.config = config;
        this.catalog = catalog;
        this.importer = importer;
        this.offsite = offsite;
    }
    async onApplicationBootstrap() {
        await this.files.sweepTempFiles(SWEEP_AGE_MS);
    }
    // ---- creating ------------------------------------------------------------
    /** The seed's "Create Full DB Backup". One at a time per process: a second call gets 409. */
    async createFullDb(options) {
        return this.exclusive('full_db', async () => {
            const run = await this.startRun('full_db', options);
            const started = Date.now();
            this.logger.log(`Started full database backup (run ${run.id}, ${this.dumper.dialect})`);
            try {
                await this.dumper.preflight();
                const now = new Date();
                const file = await this.files.writeAtomically('backups/full_db', `db_backup_${compactTimestamp(now)}`, this.dumper.extension, (temp) => this.dumper.dump(temp), (temp) => this.dumper.verify(temp));
                const backup = await this.record(file, { type: 'full_db', userId: null, format: this.dumper.format, createdAt: now, run, options });
                const deleted = await this.rotation.rotate('full_db', null, options.keep, backup.id);
                const copies = await this.offsite.copyPending();
                await this.finishRun(run, copies.failed ? 'partial' : 'succeeded', { backupsCreated: 1, bytesWritten: backup.sizeBytes, backupsDeleted: deleted, error: copyError(copies) });
                this.logger.log(`Success: full database backup ${file.relativePath} (${formatBytes(backup.sizeBytes)}, ${Date.now() - started} ms, rotated ${deleted})`);
                return { run, backup, deleted };
            }
            catch (error) {
                const reason = errorText(error);
                await this.finishRun(run, 'failed', { backupsFailed: 1, error: reason });
                this.logger.error(`Failure: full database backup (run ${run.id}) after ${Date.now() - started} ms: ${reason}`);
                throw new BackupFailedException('Full database backup', reason, run.id);
            }
        });
    }
    /** The seed's "Create Backup Now" for one user. */
    async createUserBackup(owner, options) {
        return this.exclusive(`user:${owner.id}`, async () => {
            const run = await this.startRun('user_inventory', options, owner.id);
            const outcome = await this.backupOneUser(owner, run, options);
            if (!outcome.backup) {
                await this.finishRun(run, 'failed', { backupsFailed: 1, error: outcome.error });
                throw new BackupFailedException(`Inventory backup of ${owner.username}`, outcome.error, run.id);
            }
            const copies = await this.offsite.copyPending();
            await this.finishRun(run, copies.failed ? 'partial' : 'succeeded', { backupsCreated: 1, bytesWritten: outcome.backup.sizeBytes, backupsDeleted: outcome.deleted, error: copyError(copies) });
            return { run, backup: outcome.backup, deleted: outcome.deleted };
        });
    }
    /**
     * The seed's "Backup All Users": every active user, read in batches. One
     * user's failure is recorded and the others go on (status partial).
     */
    async createAllUsers(options, onProgress) {
        return this.exclusive('all_users', async () => {
            const run = await this.startRun('all_users', options);
            const started = Date.now();
            this.logger.log(`Started inventory backups of all active users (run ${run.id})`);
            const results = [];
            let bytes = 0;
            let deleted = 0;
            const errors = [];
            try {
                for await (const batch of this.users.activeUsersInBatches()) {
                    for (const user of batch) {
                        const owner = { id: user.id, username: user.username };
                        const outcome = this.running.has(`user:${owner.id}`)
                            ? { deleted: 0, error: 'a backup of this user was already running' }
                            : await this.exclusive(`user:${owner.id}`, () => this.backupOneUser(owner, run, options));
                        const result = { user: owner, backup: outcome.backup, error: outcome.error };
                        if (outcome.backup) {
                            bytes += outcome.backup.sizeBytes;
                            deleted += outcome.deleted;
                        }
                        else
                            errors.push(`${owner.username}: ${outcome.error}`);
                        results.push(result);
                        onProgress?.(results.length, result);
                    }
                }
            }
            catch (error) {
                errors.push(`listing users: ${errorText(error)}`);
            }
            const created = results.filter((r) => r.backup).length;
            const copies = await this.offsite.copyPending();
            const copyFailure = copyError(copies);
            if (copyFailure)
                errors.push(copyFailure);
            const failed = errors.length;
            const status = failed === 0 ? 'succeeded' : created === 0 ? 'failed' : 'partial';
            await this.finishRun(run, status, {
                backupsCreated: created,
                backupsFailed: results.length - created,
                bytesWritten: bytes,
                backupsDeleted: deleted,
                error: errors.length ? errors.slice(0, 50).join('\n') : null,
            });
            const line = `all users: ${created} created, ${results.length - created} failed, ${formatBytes(bytes)}, ${Date.now() - started} ms`;
            if (failed)
                this.logger.error(`Failure: ${line}`);
            else
                this.logger.log(`Success: ${line}`);
            return { run, results };
        });
    }
    /** Records a run that was not started (e.g. a schedule tick while its previous run is still going). */
    async recordSkipped(target, options, reason) {
        const now = new Date();
        return this.runs.save(this.runs.create({
            target,
            trigger: options.trigger,
            status: 'skipped',
            userId: null,
            createdBy: options.createdBy,
            scheduleId: options.scheduleId ?? null,
            startedAt: now,
            finishedAt: now,
            error: reason,
        }));
    }
    async backupOneUser(owner, run, options) {
        const started = Date.now();
        try {
            const now = new Date();
            const file = await this.files.writeAtomically(`backups/user_inventory/${owner.id}`, `${owner.username}_inventory_${compactTimestamp(now)}`, 'json', (temp) => this.files.streamToFile(Readable.from(this.exporter.stream(owner, now)), temp), async (temp) => void (await verifyInventoryJson(await this.files.openPlain(temp), owner.id)));
            const backup = await this.record(file, { type: 'user_inventory', userId: owner.id, format: 'inventory-json', createdAt: now, run, options });
            const deleted = await this.rotation.rotate('user_inventory', owner.id, options.keep, backup.id);
            this.logger.log(`Success: inventory backup of ${owner.username} ${file.relativePath} (${formatBytes(backup.sizeBytes)}, ${Date.now() - started} ms)`);
            return { backup, deleted };
        }
        catch (error) {
            const reason = errorText(error);
            this.logger.error(`Failure: inventory backup of ${owner.username}: ${reason}`);
            return { deleted: 0, error: reason };
        }
    }
    async record(file, meta) {
        try {
            const saved = await this.backups.save(this.backups.create({
                type: meta.type,
                userId: meta.userId,
                filePath: file.relativePath,
                sizeBytes: file.sizeBytes,
                sha256: file.sha256,
                format: meta.format,
                dialect: meta.type === 'full_db' ? this.dumper.dialect : 'json',
                createdAt: meta.createdAt,
                createdBy: meta.options.createdBy,
                isScheduled: meta.options.trigger === 'schedule',
                verifiedAt: new Date(),
                runId: meta.run.id,
                encryptionKeyId: file.encryptionKeyId,
            }));
            await this.catalog.recordAdded(saved);
            return saved;
        }
        catch (error) {
            // No row, no file: a backup the catalog does not know about must not linger.
            await this.files.remove(file.relativePath).catch(() => undefined);
            throw error;
        }
    }
    async exclusive(key, job) {
        if (this.running.has(key))
            throw new BackupInProgressException(key.startsWith('user:') ? 'user inventory' : key.replace('_', ' '));
        this.running.add(key);
        try {
            return await job();
        }
        finally {
            this.running.delete(key);
        }
    }
    async startRun(target, options, userId = null) {
        return this.runs.save(this.runs.create({
            target,
            trigger: options.trigger,
            status: 'running',
            userId,
            createdBy: options.createdBy,
            scheduleId: options.scheduleId ?? null,
            startedAt: new Date(),
        }));
    }
    async finishRun(run, status, figures) {
        Object.assign(run, figures, { status, finishedAt: new Date() });
        await this.runs.save(run);
    }
    // ---- reading -------------------------------------------------------------
    copiesFor(ids) {
        return this.offsite.copiesFor(ids);
    }
    async list(filter, page, pageSize) {
        const where = {};
        if (filter.type)
            where.type = filter.type;
        if (filter.userId !== undefined)
            where.userId = filter.userId;
        const [items, total] = await this.backups.findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
        return { items, total };
    }
    /** Another user's backup, or a full_db backup for a non-admin, is "not found". */
    async getVisible(id, viewer) {
        const backup = await this.backups.findOneBy({ id });
        const visible = backup && (viewer.role === 'admin' || (backup.type === 'user_inventory' && backup.userId === viewer.id));
        if (!visible)
            throw new NotFoundException(`Backup ${id} not found`);
        return backup;
    }
    openStream(backup) {
        return createReadStream(this.files.resolveStored(backup.filePath));
    }
    /**
     * The plain content of a backup (decrypted when encrypted). The first bytes are
     * read before returning, so a missing key fails here rather than mid-download.
     */
    async openPlainStream(backup) {
        const plain = await this.files.openPlain(this.files.resolveStored(backup.filePath));
        const first = await new Promise((resolve, reject) => {
            const onError = (error) => reject(new ConflictException(`Backup ${backup.id} cannot be decrypted: ${error.message}`));
            plain.once('error', onError);
            plain.once('readable', () => {
                plain.off('error', onError);
                resolve(plain.read());
            });
        });
        if (!first)
            return Readable.from([]);
        const rest = plain;
        return Readable.from((async function* () {
            yield first;
            for await (const chunk of rest)
                yield chunk;
        })());
    }
    async fileExists(backup) {
        return this.files.exists(backup.filePath);
    }
    async delete(backup) {
        await this.offsite.removeCopies(backup.id);
        await this.files.remove(backup.filePath);
        await this.backups.delete(backup.id);
        await this.catalog.recordRemoved(backup.filePath);
    }
    /**
     * Restores a user_inventory backup into its owner's inventory through the
     * import path, after checking the file still has the checksum it was made with.
     */
    async restoreInventory(backup, options) {
        if (backup.type !== 'user_inventory') {
            throw new BadRequestException('Full database backups are restored with the CLI while the app is stopped: blockshelf restore-backup ' + backup.id);
        }
        if (!(await this.files.exists(backup.filePath)))
            throw new NotFoundException(`The file of backup ${backup.id} is missing from disk`);
        const path = this.files.resolveStored(backup.filePath);
        const { sha256 } = await this.files.digestOf(path);
        if (sha256 !== backup.sha256) {
            throw new ConflictException(`Backup ${backup.id} is damaged: its sha256 is ${sha256}, expected ${backup.sha256}. Nothing was restored.`);
        }
        if (!(await this.users.findById(backup.userId)))
            throw new NotFoundException(`The owner of backup ${backup.id} (user ${backup.userId}) no longer exists`);
        return this.files.withPlainFile(path, (plain) => this.importer.importFile(plain, backup.userId, options));
    }
    /** Re-checks the checksum and the format's own integrity check; records verified_at on success. */
    async verify(backup) {
        if (!(await this.files.exists(backup.filePath)))
            return { ok: false, checksumOk: false, integrityOk: false, error: 'The backup file is missing' };
        const path = this.files.resolveStored(backup.filePath);
        const digest = await this.files.digestOf(path);
        const checksumOk = digest.sha256 === backup.sha256 && digest.sizeBytes === backup.sizeBytes;
        let integrityOk = true;
        let error;
        try {
            if (backup.type === 'user_inventory')
                await verifyInventoryJson(await this.files.openPlain(path), backup.userId);
            else if (backup.dialect === this.dumper.dialect)
                await this.dumper.verify(path);
            else
                throw new Error(`This is a ${backup.dialect} backup; this server runs ${this.dumper.dialect}`);
        }
        catch (e) {
            integrityOk = false;
            error = errorText(e);
        }
        if (!checksumOk)
            error = `Checksum mismatch: expected ${backup.sha256}, file has ${digest.sha256}` + (error ? `; ${error}` : '');
        const ok = checksumOk && integrityOk;
        if (ok)
            await this.backups.update(backup.id, { verifiedAt: new Date() });
        return { ok, checksumOk, integrityOk, error };
    }
    async listRuns(filter, page, pageSize) {
        const where = {};
        if (filter.target)
            where.target = filter.target;
        if (filter.status)
            where.status = filter.status;
        const [items, total] = await this.runs.findAndCount({ where, order: { startedAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
        return { items, total };
    }
    /** Monitoring: last success and failure per type, counts and bytes per type, free disk. */
    async stats() {
        const perType = await Promise.all(['full_db', 'user_inventory'].map(async (type) => {
            const agg = await this.backups
                .createQueryBuilder('b')
                .select('COUNT(*)', 'count')
                .addSelect('COALESCE(SUM(b.sizeBytes), 0)', 'bytes')
                .where('b.type = :type', { type })
                .getRawOne();
            const targets = type === 'full_db' ? ['full_db'] : ['user_inventory', 'all_users'];
            const lastSuccess = await this.runs.findOne({ where: { target: In(targets), status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
            const lastFailure = await this.runs.findOne({ where: { target: In(targets), status: In(['failed', 'partial']) }, order: { startedAt: 'DESC', id: 'DESC' } });
            const newest = await this.backups.findOne({ where: { type }, order: { createdAt: 'DESC', id: 'DESC' } });
            return { type, count: Number(agg?.count ?? 0), bytes: Number(agg?.bytes ?? 0), newest, lastSuccess, lastFailure };
        }));
        return { perType, freeBytes: await this.files.freeBytes(), mediaRoot: this.config.mediaRoot };
    }
    /** Streams a file to `destination` (used by download). */
    async pipeTo(backup, destination) {
        await pipeline(this.openStream(backup), destination);
    }
};
BackupsService = BackupsService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __param(1, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        BackupFilesService,
        BackupRotationService,
        DatabaseDumper,
        InventoryExportService,
        UsersService,
        AppConfig,
        BackupCatalogService,
        InventoryImportService,
        OffsiteCopyService])
], BackupsService);
export { BackupsService };
/** A run whose backups are safe locally but not (yet) off-site is partial, not failed: the next run retries the copy. */
function copyError(copies) {
    return copies.failed ? `off-site copy failed for ${copies.failed} file(s), retried on the next run: ${copies.errors.slice(0, 5).join('; ')}` : null;
}
export function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
export function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = -1;
    do {
        value /= 1024;
        unit++;
    } while (value >= 1024 && unit < units.length - 1);
    return `${value.toFixed(1)} ${units[unit]}`;
}
//# sourceMappingURL=backups.service.js.map