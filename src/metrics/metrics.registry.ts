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
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly registers = [this.registry];

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request durations; route is the matched route pattern ("other" when none matched)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: this.registers,
  });

  readonly alertsSent = new Counter({
    name: 'blockshelf_alerts_sent_total',
    help: 'Alerts delivered, by channel key (env:webhook:1, env:email, db:3, healthcheck) and event',
    labelNames: ['channel', 'event'] as const,
    registers: this.registers,
  });

  readonly alertsFailed = new Counter({
    name: 'blockshelf_alerts_failed_total',
    help: 'Failed alert delivery attempts, by channel key (each is retried with backoff, up to 6 attempts)',
    labelNames: ['channel'] as const,
    registers: this.registers,
  });

  readonly backupsCreated = new Counter({
    name: 'blockshelf_backups_created_total',
    help: 'Backups created, by type (from the backup run history, so CLI and cron runs count too)',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly backupsFailed = new Counter({
    name: 'blockshelf_backups_failed_total',
    help: 'Backups that failed, by type (from the backup run history)',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly backupRuns = new Counter({
    name: 'blockshelf_backup_runs_total',
    help: 'Finished backup runs by target (full_db, user_inventory, all_users) and status (succeeded, failed, partial, skipped)',
    labelNames: ['target', 'status'] as const,
    registers: this.registers,
  });

  readonly backupDuration = new Histogram({
    name: 'blockshelf_backup_duration_seconds',
    help: 'Duration of finished backup runs (skipped runs excluded)',
    labelNames: ['target', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: this.registers,
  });

  readonly backupSize = new Histogram({
    name: 'blockshelf_backup_size_bytes',
    help: 'Size of each backup file created, by type',
    labelNames: ['type'] as const,
    buckets: SIZE_BUCKETS,
    registers: this.registers,
  });

  readonly lastSuccess = new Gauge({
    name: 'blockshelf_backup_last_success_timestamp_seconds',
    help: 'Unix time the last successful backup run of this type finished; 0 = never',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly lastFailure = new Gauge({
    name: 'blockshelf_backup_last_failure_timestamp_seconds',
    help: 'Unix time the last failed or partial backup run of this type finished; 0 = never',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly storedBackups = new Gauge({
    name: 'blockshelf_backups_stored',
    help: 'Backups currently kept (after rotation), by type',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly storedBytes = new Gauge({
    name: 'blockshelf_backup_stored_bytes',
    help: 'Bytes on disk taken by the backups currently kept, by type',
    labelNames: ['type'] as const,
    registers: this.registers,
  });

  readonly freeBytes = new Gauge({
    name: 'blockshelf_media_free_bytes',
    help: 'Free bytes on the file system holding MEDIA_ROOT',
    registers: this.registers,
  });

  readonly backupMetricsUp = new Gauge({
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
}
