import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { User } from '../users/user.entity.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertOutbox } from './alert-outbox.service.js';
import { AlertChannelRow, AlertDelivery, AlertProblem } from './alert.entities.js';
import { AlertsService } from './alerts.service.js';
import { StaleCheck } from './stale-check.service.js';

/** Alerts: what happens to backups → one alert per problem → an outbox → webhooks, Slack, Discord, email, a healthcheck ping. */
@Module({
  imports: [TypeOrmModule.forFeature([AlertChannelRow, AlertDelivery, AlertProblem, BackupRun, BackupSchedule, User]), BackupsModule, MetricsModule],
  providers: [AlertChannels, AlertOutbox, AlertsService, StaleCheck],
  exports: [AlertsService, AlertOutbox, StaleCheck, AlertChannels],
})
export class AlertsModule {}
