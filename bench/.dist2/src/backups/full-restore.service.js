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
import { describeInstance, InstanceRegistry } from '../instances/instance-registry.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { formatOfPath } from './backup-formats.js';
import { Backup } from './backup.entity.js';
import { BackupsService, errorText } from './backups.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { RestoreCarryOver } from './restore-carry-over.service.js';
import { RunLedger } from './runs/run-ledger.service.js';
import { readManifest } from './store/backup-manifest.js';
export class RestoreRefusedError extends Error {
}
/**
 * Full database restore, for the CLI with the app stopped: checksum, a safety
 * backup, the catalog and run history put aside, the dialect's all-or-nothing
 * restore, migrations, then the catalog carried over and reconciled with the
 * manifests, so backup ids, later backups and the history survive.
 */
let FullRestoreService = FullRestoreService_1 = class FullRestoreService {
    backups;
    backupsService;
    files;
    catalog;
    carryOver;
    ledger;
    instances;
    dumper;
    dataSource;
    config;
    logger = new Logger(FullRestoreService_1.name);
    constructor(backups, backupsService, files, catalog, carryOver, ledger, instances, dumper, dataSource, config) {
        this.backups = backups;
        this.backupsService = backupsService;
        this.files = files;
        this.catalog = catalog;
        this.carryOver = carryOver;
        this.ledger = ledger;
        this.instances = instances;
        this.dumper = dumper;
        this.dataSource = dataSource;
        this.config = config;
    }
    /** Finds the file and its recorded checksum from a backup id or a path; checks it fits this database. */
    async plan(target) {
        let path;
        let relativePath;
        let expectedSha256;
        let backupId;
        if (/^\d+$/.test(target)) {
            const row = await this.backups.findOneBy({ id: Number(target) });
            if (!row || row.status === 'pending')
                throw new RestoreRefusedError(`No backup with id ${target}`);
            if (row.type !== 'full_db')
                throw new RestoreRefusedError(`Backup ${target} is a user inventory backup: restore it with POST /api/backups/${target}/restore or import-inventory`);
            if (row.status === 'missing')
                throw new RestoreRefusedError(`The file of backup ${target} (${row.filePath}) is missing from disk`);
            path = this.files.resolveStored(row.filePath);
            relativePath = row.filePath;
            expectedSha256 = row.sha256;
            backupId = row.id;
        }
        else {
            path = resolve(target);
            const rel = relative(this.config.mediaRoot, path).split(sep).join('/');
            if (this.files.isBackupPath(rel)) {
                relativePath = rel;
                const row = await this.backups.findOneBy({ filePath: rel });
                const manifest = await readManifest(path).catch(() => null);
                expectedSha256 = row?.sha256 ?? (manifest && manifest !== 'unreadable' ? manifest.sha256 : undefined);
                backupId = row?.id ?? (manifest && manifest !== 'unreadable' ? manifest.id : undefined);
            }
        }
        const info = await stat(path).catch(() => null);
        if (!info?.isFile())
            throw new RestoreRefusedError(`Backup file not found: ${path}`);
        if (formatOfPath(path)?.dialect !== this.dumper.dialect) {
            throw new RestoreRefusedError(`${path} is not a ${this.dumper.dialect} backup (this server's DATABASE_URL is ${this.dumper.dialect})`);
        }
        return { path, relativePath, backupId, expectedSha256, sizeBytes: info.size };
    }
    /** Other processes of the app on this database, seen within the last ~30 s: a restore under them would be lost or torn. */
    async liveInstances() {
        return (await this.instances.liveOthers()).map((i) => describeInstance(i));
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
        const what = plan.backupId ? `backup ${plan.backupId}` : plan.path;
        let safetyBackup;
        if (options.safetyBackup) {
            // keep: no limit, so the safety backup never rotates away the backup being restored.
            safetyBackup = (await this.backupsService.createFullDb({
                trigger: 'cli',
                createdBy: null,
                keep: Number.MAX_SAFE_INTEGER,
                label: `Safety backup before restoring ${what}`,
            })).backup;
        }
        const run = await this.ledger.startRun('full_restore', { trigger: 'cli', createdBy: null });
        await this.carryOver.capture();
        this.logger.log(`Started restore of ${plan.path}`);
        let migrationsApplied;
        try {
            await this.dumper.sweepRestoreLeftovers();
            if (this.dumper.dialect === 'sqlite') {
                // The file is swapped underneath: no connection may stay open across it (initialize runs the migrations).
                const before = await this.appliedMigrations();
                await this.dataSource.destroy();
                try {
                    await this.dumper.restore(plan.path);
                }
                finally {
                    await this.dataSource.initialize();
                }
                migrationsApplied = (await this.appliedMigrations()).filter((m) => !before.includes(m));
            }
            else {
                await this.dumper.restore(plan.path);
                // The restored schema may predate this version: bring it up to date before touching the catalog.
                migrationsApplied = (await this.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
            }
        }
        catch (error) {
            // All or nothing: the database was not replaced, so neither is the catalog.
            await this.carryOver.discard();
            await this.ledger.finishRun(run, 'failed', { error: `Restore of ${what} failed; the database was not changed: ${errorText(error)}` });
            throw error;
        }
        await this.carryOver.applyPending();
        // The restored app_instances rows describe processes at the time of the dump, not now; live ones put themselves back.
        await this.instances.forgetAllOthers();
        await this.instances.beat();
        const reconciled = await this.catalog.reconcile();
        const rows = await this.rowCounts();
        const durationMs = Date.now() - started;
        await this.ledger.finishRun(run, 'succeeded', { error: null, backupsCreated: 0 });
        if (safetyBackup)
            safetyBackup = (await this.backups.findOneBy({ id: safetyBackup.id })) ?? safetyBackup;
        this.logger.log(`Success: restored ${plan.path} in ${durationMs} ms`);
        return { plan, checksumChecked: Boolean(plan.expectedSha256), safetyBackup, run, rows, migrationsApplied, reconciled, durationMs };
    }
    async appliedMigrations() {
        const rows = (await this.dataSource.query('SELECT name FROM migrations').catch(() => []));
        return rows.map((r) => r.name);
    }
    /** Rows per table of the restored data (what the operator checks against what they expect). */
    async rowCounts() {
        const counts = {};
        for (const table of ['users', 'inventory_items', 'backup_schedules']) {
            const [{ n }] = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`));
            counts[table] = Number(n);
        }
        return counts;
    }
};
FullRestoreService = FullRestoreService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupsService,
        BackupFilesService,
        BackupCatalogService,
        RestoreCarryOver,
        RunLedger,
        InstanceRegistry,
        DatabaseDumper,
        DataSource,
        AppConfig])
], FullRestoreService);
export { FullRestoreService };
//# sourceMappingURL=full-restore.service.js.map