var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { Backup } from '../backups/backup.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { BackupMetricsCollector } from './backup-metrics.collector.js';
import { MetricsRegistry } from './metrics.registry.js';
/** The Prometheus registry and its collector (GET /metrics is MetricsHttpModule). configureApp adds the HTTP timing middleware from MetricsRegistry. */
let MetricsModule = class MetricsModule {
};
MetricsModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature([Backup, BackupRun]), BackupsModule],
        providers: [MetricsRegistry, BackupMetricsCollector],
        exports: [MetricsRegistry, BackupMetricsCollector],
    })
], MetricsModule);
export { MetricsModule };
//# sourceMappingURL=metrics.module.js.map