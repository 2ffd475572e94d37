var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import { Clock } from './clock.js';
import { ScheduleFailures } from './schedule-failures.js';
import { ScheduleLockService } from './schedule-lock.service.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { ScheduleTimer } from './schedule-timer.js';
import { SchedulerState } from './scheduler-state.entity.js';
import { SchedulingController } from './scheduling.controller.js';
import { SchedulingService } from './scheduling.service.js';
import { WakeUpTimer } from './wake-up-timer.js';
/** Backup schedules as data: rows → one wake-up timer in SchedulerRegistry → BackupsService, one run per tick across instances. */
let SchedulingModule = class SchedulingModule {
};
SchedulingModule = __decorate([
    Module({
        imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([BackupSchedule, SchedulerState, BackupRun]), BackupsModule],
        controllers: [SchedulingController],
        providers: [Clock, WakeUpTimer, ScheduleTimer, ScheduleLockService, ScheduleFailures, ScheduleRunner, SchedulingService],
        exports: [SchedulingService],
    })
], SchedulingModule);
export { SchedulingModule };
//# sourceMappingURL=scheduling.module.js.map