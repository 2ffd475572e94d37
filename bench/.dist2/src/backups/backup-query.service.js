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
import { Injectable } from '@nestjs/common';
import { BackupError } from './backup.errors.js';
import { InjectRepository } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { In, Not, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
/** Listed backups: published and not in the trash (a pending row is a backup still being made). */
const LISTED = In(['ok', 'missing']);
/** Reads of the catalog and the run history: lists, one backup, its bytes, monitoring figures. */
let BackupQueryService = class BackupQueryService {
    backups;
    runs;
    files;
    offsite;
    config;
    constructor(backups, runs, files, offsite, config) {
        this.backups = backups;
        this.runs = runs;
        this.files = files;
        this.offsite = offsite;
        this.config = config;
    }
    copiesFor(ids) {
        return this.offsite.copiesFor(ids);
    }
    /**
     * A page of listed backups, newest first, and how many there are. Plain SQL
     * hydrated with the driver's own conversions: the query builder and its
     * result transformer were a third of a listing request (docs/benchmarks.md).
     */
    async list(filter, page, pageSize) {
        if (!Number.isInteger(page) || !Number.isInteger(pageSize) || page < 1 || pageSize < 1)
            throw new Error(`Bad page ${page} / size ${pageSize}`);
        const driver = this.backups.manager.connection.driver;
        const param = (n) => (driver.options.type === 'postgres' ? `$${n}` : '?');
        // Listed = neither pending nor trashed, written so that no status index applies: the rows are read in
        // (created_at, id) order and the scan stops at the page instead of sorting every listed backup.
        const conditions = ["status <> 'pending' AND status <> 'trashed'"];
        const params = [];
        if (filter.type)
            conditions.push(`type = ${param(params.push(filter.type))}`);
        if (filter.userId !== undefined)
            conditions.push(`user_id = ${param(params.push(filter.userId))}`);
        const where = conditions.join(' AND ');
        const rows = (await this.backups.query(`SELECT * FROM backups WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params));
        const counted = ["status IN ('ok', 'missing')", ...conditions.slice(1)].join(' AND ');
        const [{ n }] = (await this.backups.query(`SELECT COUNT(*) AS n FROM backups WHERE ${counted}`, params));
        const columns = this.backups.metadata.columns;
        const items = rows.map((row) => {
            const backup = new Backup();
            for (const column of columns)
                column.setEntityValue(backup, driver.prepareHydratedValue(row[column.databaseName], column));
            return backup;
        });
        return { items, total: Number(n) };
    }
    /** Another user's backup, or a full_db backup for a non-admin, is "not found". */
    async getVisible(id, viewer, options = {}) {
        const backup = await this.backups.findOneBy({ id, status: options.includeTrashed ? In(['ok', 'missing', 'trashed']) : LISTED });
        const visible = backup && (viewer.role === 'admin' || (backup.type === 'user_inventory' && backup.userId === viewer.id));
        if (!visible)
            throw new BackupError('BACKUP_NOT_FOUND', `Backup ${id} not found`);
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
            const onError = (error) => reject(new BackupError('BACKUP_UNDECRYPTABLE', `Backup ${backup.id} cannot be decrypted: ${error.message}`));
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
    /**
     * What /health reports, in four indexed queries: the last successful full
     * backup, the newest run of each kind, and how many listed backups have no
     * file. /health is polled; stats() reads every row of the catalog.
     */
    async healthFacts() {
        const kinds = [
            { type: 'full_db', targets: ['full_db'] },
            { type: 'user_inventory', targets: ['user_inventory', 'all_users'] },
        ];
        const lastFullSuccess = await this.runs.findOne({ where: { target: 'full_db', status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
        const lastRuns = await Promise.all(kinds.map(async ({ type, targets }) => ({
            type,
            lastRun: await this.runs.findOne({ where: { target: In(targets), status: Not('skipped') }, order: { startedAt: 'DESC', id: 'DESC' } }),
        })));
        const missing = await this.backups.countBy({ status: 'missing' });
        return { lastFullSuccess, lastRuns, missing };
    }
    async stats() {
        const perType = await Promise.all(['full_db', 'user_inventory'].map(async (type) => {
            const agg = await this.backups
                .createQueryBuilder('b')
                .select('COUNT(*)', 'count')
                .addSelect('COALESCE(SUM(b.sizeBytes), 0)', 'bytes')
                .where('b.type = :type', { type })
                .andWhere("b.status = 'ok'")
                .getRawOne();
            const targets = type === 'full_db' ? ['full_db'] : ['user_inventory', 'all_users'];
            const lastSuccess = await this.runs.findOne({ where: { target: In(targets), status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
            const lastFailure = await this.runs.findOne({
                where: { target: In(targets), status: In(['failed', 'partial']) },
                order: { startedAt: 'DESC', id: 'DESC' },
            });
            const newest = await this.backups.findOne({ where: { type, status: 'ok' }, order: { createdAt: 'DESC', id: 'DESC' } });
            const lastRun = await this.runs.findOne({ where: { target: In(targets), status: Not('skipped') }, order: { startedAt: 'DESC', id: 'DESC' } });
            // Listed, but their file is gone: never served, always reported.
            const missing = await this.backups.countBy({ type, status: 'missing' });
            return { type, count: Number(agg?.count ?? 0), bytes: Number(agg?.bytes ?? 0), missing, newest, lastSuccess, lastFailure, lastRun };
        }));
        // A MEDIA_ROOT that cannot be used is the media check's news; the history is still readable.
        return { perType, freeBytes: await this.files.freeBytes().catch(() => null), mediaRoot: this.config.mediaRoot };
    }
};
BackupQueryService = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __param(1, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        BackupFilesService,
        OffsiteCopyService,
        AppConfig])
], BackupQueryService);
export { BackupQueryService };
//# sourceMappingURL=backup-query.service.js.map