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
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BACKUP_TYPES } from '../backups/backup.entity.js';
/** Backup sizes from a few KB (one small inventory) to 100 GB (a big full dump). */
const SIZE_BUCKETS = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11];
/** Backup runs take from well under a second (one inventory) to hours (a large dump). */
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200];
/** Typical API latencies; anything slower than 10 s is its own problem. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/**
 * Every metric BlockShelf exposes, in its own registry rather than prom-client's
 * global one: tests start several apps in one process, and a global registry
 * would refuse the second app's metrics as duplicates.
 */
let MetricsRegistry = class MetricsRegistry {
    registry = new Registry();
    registers = [this.registry];
    httpDuration = new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request durations; route is the matched route pattern ("other" when none matched)',
        labelNames: ['method', 'route', 'status_code'],
        buckets: HTTP_BUCKETS,
        registers: this.registers,
    });
    alertsSent = new Counter({
        name: 'blockshelf_alerts_sent_total',
        help: 'Alerts delivered, by channel key (env:webhook:1, env:email, db:3, healthcheck) and event',
        labelNames: ['channel', 'event'],
        registers: this.registers,
    });
    alertsFailed = new Counter({
        name: 'blockshelf_alerts_failed_total',
        help: 'Failed alert delivery attempts, by channel key (each is retried with backoff, up to 6 attempts)',
        labelNames: ['channel'],
        registers: this.registers,
    });
    backupsCreated = new Counter({
        name: 'blockshelf_backups_created_total',
        help: 'Backups created, by type (from the backup run history, so CLI and cron runs count too)',
        labelNames: ['type'],
        registers: this.registers,
    });
    backupsFailed = new Counter({
        name: 'blockshelf_backups_failed_total',
        help: 'Backups that failed, by type (from the backup run history)',
        labelNames: ['type'],
        registers: this.registers,
    });
    backupRuns = new Counter({
        name: 'blockshelf_backup_runs_total',
        help: 'Finished backup runs by target (full_db, user_inventory, all_users) and status (succeeded, failed, partial, skipped)',
        labelNames: ['target', 'status'],
        registers: this.registers,
    });
    backupDuration = new Histogram({
        name: 'blockshelf_backup_duration_seconds',
        help: 'Duration of finished backup runs (skipped runs excluded)',
        labelNames: ['target', 'status'],
        buckets: DURATION_BUCKETS,
        registers: this.registers,
    });
    backupSize = new Histogram({
        name: 'blockshelf_backup_size_bytes',
        help: 'Size of each backup file created, by type',
        labelNames: ['type'],
        buckets: SIZE_BUCKETS,
        registers: this.registers,
    });
    lastSuccess = new Gauge({
        name: 'blockshelf_backup_last_success_timestamp_seconds',
        help: 'Unix time the last successful backup run of this type finished; 0 = never',
        labelNames: ['type'],
        registers: this.registers,
    });
    lastFailure = new Gauge({
        name: 'blockshelf_backup_last_failure_timestamp_seconds',
        help: 'Unix time the last failed or partial backup run of this type finished; 0 = never',
        labelNames: ['type'],
        registers: this.registers,
    });
    storedBackups = new Gauge({
        name: 'blockshelf_backups_stored',
        help: 'Backups currently kept (after rotation), by type',
        labelNames: ['type'],
        registers: this.registers,
    });
    storedBytes = new Gauge({
        name: 'blockshelf_backup_stored_bytes',
        help: 'Bytes on disk taken by the backups currently kept, by type',
        labelNames: ['type'],
        registers: this.registers,
    });
    freeBytes = new Gauge({
        name: 'blockshelf_media_free_bytes',
        help: 'Free bytes on the file system holding MEDIA_ROOT',
        registers: this.registers,
    });
    backupMetricsUp = new Gauge({
        name: 'blockshelf_backup_metrics_up',
        help: '1 when the backup metrics were read from the database for this scrape, 0 when that failed (values are then stale)',
        registers: this.registers,
    });
    constructor() {
        collectDefaultMetrics({ register: this.registry });
        // Series exist from the first scrape, so rate() and alerts see 0 rather than nothing.
        for (const type of BACKUP_TYPES) {
            this.backupsCreated.inc({ type }, 0);
            this.backupsFailed.inc({ type }, 0);
        }
    }
};
MetricsRegistry = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [])
], MetricsRegistry);
export { MetricsRegistry };
//# sourceMappingURL=metrics.registry.js.map