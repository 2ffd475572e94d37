import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { BackupsModule } from '../backups/backups.module.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import { ScheduleFailures } from './schedule-failures.js';
import { ScheduleLockService } from './schedule-lock.service.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { ScheduleTimer } from './schedule-timer.js';
import { SchedulerState } from './scheduler-state.entity.js';
import { SchedulingController } from './scheduling.controller.js';
import { SchedulingService } from './scheduling.service.js';
import { WakeUpTimer } from './wake-up-timer.js';

/** Backup schedules as data: rows → one wake-up timer in SchedulerRegistry → BackupsService, one run per tick across instances. */
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([BackupSchedule, SchedulerState, BackupRun]), BackupsModule],
  controllers: [SchedulingController],
  providers: [WakeUpTimer, ScheduleTimer, ScheduleLockService, ScheduleFailures, ScheduleRunner, SchedulingService],
  exports: [SchedulingService],
})
export class SchedulingModule {}
