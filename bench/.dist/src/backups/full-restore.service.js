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
var FullRestoreService_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
import { BackupsService } from './backups.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
export class RestoreRefusedError extends Error {
}
const EXTENSION_DIALECT = [
    ['.sqlite3', 'sqlite'],
    ['.dump', 'postgres'],
    ['.sql.gz', 'mysql'],
];
/**
 * Full database restore, for the CLI (the app must be stopped): checksum first,
 * a safety backup of the current database, the dialect's own restore, then the
 * backups table reconciled with the files so newer backups are not forgotten.
 */
let FullRestoreService = FullRestoreService_1 = class FullRestoreService {
    backups;
    backupsService;
    files;
    catalog;
    dumper;
    dataSource;
    config;
    logger = new Logger(FullRestoreService_1.name);
    constructor(backups, backupsService, files, catalog, dumper, dataSource, config) {
        this.backups = backups;
        this.backupsService = backupsService;
        this.files = files;
        this.catalog = catalog;
        this.dumper = dumper;
        this.dataSource = dataSource;
        this.config = config;
    }
    /** Finds the file and its recorded checksum from a backup id or a path; checks it fits this database. */
    async plan(target) {
        let path;
        let relativePath;
        let expectedSha256;
        if (/^\d+$/.test(target)) {
            const row = await this.backups.findOneBy({ id: Number(target) });
            if (!row)
                throw new RestoreRefusedError(`No backup with id ${target}`);
            if (row.type !== 'full_db')
                throw new RestoreRefusedError(`Backup ${target} is a user inventory backup: restore it with POST /api/backups/${target}/restore or import-inventory`);
            path = this.files.resolveStored(row.filePath);
            relativePath = row.filePath;
            expectedSha256 = row.sha256;
        }
        else {
            path = resolve(target);
            const rel = relative(this.config.mediaRoot, path).split(sep).join('/');
            if (this.files.isBackupPath(rel)) {
                relativePath = rel;
                expectedSha256 = (await this.backups.findOneBy({ filePath: rel }))?.sha256 ?? (await this.catalog.recordedChecksum(rel));
            }
        }
        const info = await stat(path).catch(() => null);
        if (!info?.isFile())
            throw new RestoreRefusedError(`Backup file not found: ${path}`);
        const dialect = EXTENSION_DIALECT.find(([ext]) => path.replace(/\.enc$/, '').endsWith(ext))?.[1];
        if (dialect !== this.dumper.dialect) {
            throw new RestoreRefusedError(`${path} is not a ${this.dumper.dialect} backup (this server's DATABASE_URL is ${this.dumper.dialect})`);
        }
        return { path, relativePath, expectedSha256, sizeBytes: info.size };
    }
    async restore(plan, options) {
        const started = Date.now();
        if (plan.expectedSha256) {
            const { sha256 } = await this.files.digestOf(plan.path);
            if (sha256 !== plan.expectedSha256) {
                throw new RestoreRefusedError(`Checksum mismatch: the backup should have sha256 ${plan.expectedSha256} but has ${sha256}. It is damaged; nothing was changed.`);
            }
        }
        await this.dumper.verify(plan.path);
        let safetyBackup;
        if (options.safetyBackup) {
            // keep: no limit, so the safety backup never rotates away the backup being restored.
            safetyBackup = (await this.backupsService.createFullDb({ trigger: 'cli', createdBy: null, keep: Number.MAX_SAFE_INTEGER })).backup;
        }
        this.logger.log(`Started restore of ${plan.path}`);
        if (this.dumper.dialect === 'sqlite') {
            // The file is swapped underneath: no connection may stay open across it.
            await this.dataSource.destroy();
            try {
                await this.dumper.restore(plan.path);
            }
            finally {
                await this.dataSource.initialize();
            }
        }
        else {
            await this.dumper.restore(plan.path);
            // The restored schema may predate this version: bring it up to date before touching the catalog.
            await this.dataSource.runMigrations({ transaction: 'each' });
        }
        const reconciled = await this.catalog.reconcile();
        // The safety backup's row was re-added by the reconciliation under a new id.
        if (safetyBackup)
            safetyBackup = (await this.backups.findOneBy({ filePath: safetyBackup.filePath })) ?? safetyBackup;
        const durationMs = Date.now() - started;
        this.logger.log(`Success: restored ${plan.path} in ${durationMs} ms (catalog: +${reconciled.added} -${reconciled.removed})`);
        return { plan, checksumChecked: Boolean(plan.expectedSha256), safetyBackup, reconciled, durationMs };
    }
};
FullRestoreService = FullRestoreService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupsService,
        BackupFilesService,
        BackupCatalogService,
        DatabaseDumper,
        DataSource,
        AppConfig])
], FullRestoreService);
export { FullRestoreService };
//# sourceMappingURL=full-restore.service.js.map