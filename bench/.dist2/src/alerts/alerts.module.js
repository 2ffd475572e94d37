var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { Clock } from '../scheduling/clock.js';
import { User } from '../users/user.entity.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertOutbox } from './alert-outbox.service.js';
import { AlertChannelRow, AlertDelivery, AlertProblem } from './alert.entities.js';
import { AlertsService } from './alerts.service.js';
import { StaleCheck } from './stale-check.service.js';
/** Alerts: what happens to backups → one alert per problem → an outbox → webhooks, Slack, Discord, email, a healthcheck ping. */
let AlertsModule = class AlertsModule {
};
AlertsModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature([AlertChannelRow, AlertDelivery, AlertProblem, BackupRun, BackupSchedule, User]), BackupsModule, MetricsModule],
        providers: [Clock, AlertChannels, AlertOutbox, AlertsService, StaleCheck],
        exports: [AlertsService, AlertOutbox, StaleCheck, AlertChannels],
    })
], AlertsModule);
export { AlertsModule };
//# sourceMappingURL=alerts.module.js.map