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
var BackupMetricsCollector_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { BackupRun } from '../backups/backup-run.entity.js';
import { Backup } from '../backups/backup.entity.js';
import { BackupQueryService } from '../backups/backup-query.service.js';
import { MetricsRegistry } from './metrics.registry.js';
/** A run still "running" this long after it started was killed with its process; it will never finish. */
const ABANDONED_AFTER_MS = 24 * 3600_000;
/** Keeps each IN (...) list far below every dialect's parameter limit. */
const CHUNK = 500;
const typeOf = (target) => (target === 'full_db' ? 'full_db' : 'user_inventory');
const seconds = (date) => (date ? date.getTime() / 1000 : 0);
/**
 * Backup metrics are read from the database at scrape time, not counted in
 * memory: backups are also made by the CLI (cron, systemd timer, a backup
 * container), which is another process, and only the `backup_runs` table sees
 * them all. the backup code needs no hook.
 *
 * Counters and histograms are fed incrementally: each scrape reads only runs
 * above `floorId` (every run at or below it has been observed, or was
 * abandoned), so a scrape costs a few rows, and the first scrape after a start
 * replays the whole history (the counters then match the table, restart or not).
 */
let BackupMetricsCollector = BackupMetricsCollector_1 = class BackupMetricsCollector {
    runs;
    backups;
    backupsService;
    metrics;
    config;
    logger = new Logger(BackupMetricsCollector_1.name);
    floorId = 0;
    /** Runs above floorId already observed (one still running below them holds the floor back). */
    observed = new Set();
    inFlight;
    constructor(runs, backups, backupsService, metrics, config) {
        this.runs = runs;
        this.backups = backups;
        this.backupsService = backupsService;
        this.metrics = metrics;
        this.config = config;
    }
    /** Brings the backup metrics up to date; concurrent scrapes share one refresh so no run is counted twice. */
    refresh() {
        this.inFlight ??= this.doRefresh().finally(() => (this.inFlight = undefined));
        return this.inFlight;
    }
    async doRefresh() {
        try {
            await this.observeNewRuns();
            const stats = await this.backupsService.stats();
            for (const t of stats.perType) {
                this.metrics.lastSuccess.set({ type: t.type }, seconds(t.lastSuccess?.finishedAt ?? t.lastSuccess?.startedAt));
                this.metrics.lastFailure.set({ type: t.type }, seconds(t.lastFailure?.finishedAt ?? t.lastFailure?.startedAt));
                this.metrics.storedBackups.set({ type: t.type }, t.count);
                this.metrics.storedBytes.set({ type: t.type }, t.bytes);
            }
            if (stats.freeBytes !== null)
                this.metrics.freeBytes.set(stats.freeBytes);
            this.metrics.backupMetricsUp.set(1);
        }
        catch (error) {
            // The scrape still answers (HTTP and process metrics are fine); the gauge says the backup figures are stale.
            this.metrics.backupMetricsUp.set(0);
            this.logger.warn(`Could not read backup metrics: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    async observeNewRuns() {
        const rows = await this.runs.find({
            select: { id: true, target: true, status: true, startedAt: true, finishedAt: true, backupsCreated: true, backupsFailed: true, bytesWritten: true },
            where: { id: MoreThan(this.floorId) },
            order: { id: 'ASC' },
        });
        const finished = rows.filter((run) => run.status !== 'running' && !this.observed.has(run.id));
        const sizes = await this.sizesOfMultiBackupRuns(finished.filter((run) => run.backupsCreated > 1).map((run) => run.id));
        for (const run of finished) {
            this.observe(run, sizes.get(run.id) ?? []);
            this.observed.add(run.id);
        }
        const abandonedBefore = Date.now() - Math.max(ABANDONED_AFTER_MS, 2 * this.config.backupTimeoutMs);
        for (const run of rows) {
            const abandoned = run.status === 'running' && run.startedAt.getTime() < abandonedBefore;
            if (!this.observed.has(run.id) && !abandoned)
                break;
            this.floorId = run.id;
        }
        for (const id of this.observed)
            if (id <= this.floorId)
                this.observed.delete(id);
    }
    observe(run, sizes) {
        const type = typeOf(run.target);
        this.metrics.backupRuns.inc({ target: run.target, status: run.status });
        if (run.status === 'skipped')
            return;
        this.metrics.backupsCreated.inc({ type }, run.backupsCreated);
        this.metrics.backupsFailed.inc({ type }, run.backupsFailed);
        if (run.finishedAt) {
            this.metrics.backupDuration.observe({ target: run.target, status: run.status }, Math.max(0, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000));
        }
        // One backup per run: its size is the run's bytes. An all-users run: each file still on disk, and for
        // those rotation has removed since, an even share of the rest, so _sum and _count match the run history.
        const known = sizes.slice(0, run.backupsCreated);
        for (const size of known)
            this.metrics.backupSize.observe({ type }, size);
        const missing = run.backupsCreated - known.length;
        const rest = run.bytesWritten - known.reduce((a, b) => a + b, 0);
        for (let i = 0; i < missing; i++)
            this.metrics.backupSize.observe({ type }, Math.max(0, rest / missing));
    }
    async sizesOfMultiBackupRuns(runIds) {
        const sizes = new Map();
        for (let i = 0; i < runIds.length; i += CHUNK) {
            const rows = await this.backups.find({ select: { id: true, runId: true, sizeBytes: true }, where: { runId: In(runIds.slice(i, i + CHUNK)) } });
            for (const row of rows)
                sizes.set(row.runId, [...(sizes.get(row.runId) ?? []), row.sizeBytes]);
        }
        return sizes;
    }
};
BackupMetricsCollector = BackupMetricsCollector_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupRun)),
    __param(1, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        BackupQueryService,
        MetricsRegistry,
        AppConfig])
], BackupMetricsCollector);
export { BackupMetricsCollector };
//# sourceMappingURL=backup-metrics.collector.js.map