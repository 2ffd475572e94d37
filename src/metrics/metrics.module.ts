import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { Backup } from '../backups/backup.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { BackupMetricsCollector } from './backup-metrics.collector.js';
import { MetricsRegistry } from './metrics.registry.js';

/** The Prometheus registry and its collector (GET /metrics is MetricsHttpModule). configureApp adds the HTTP timing middleware from MetricsRegistry. */
@Module({
  imports: [TypeOrmModule.forFeature([Backup, BackupRun]), BackupsModule],
  providers: [MetricsRegistry, BackupMetricsCollector],
  exports: [MetricsRegistry, BackupMetricsCollector],
})
export class MetricsModule {}
