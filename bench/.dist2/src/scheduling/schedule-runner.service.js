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
var ScheduleRunner_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { BackupFailedException, BackupInProgressException } from '../backups/backup.errors.js';
import { BackupsService, errorText } from '../backups/backups.service.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import { Clock } from './clock.js';
import { ScheduleFailures } from './schedule-failures.js';
import { LEASE_RENEW_MS, ScheduleLockService } from './schedule-lock.service.js';
export function targetsOf(target) {
    return target === 'both' ? ['full_db', 'all_users'] : [target];
}
/**
 * Runs one schedule's backups through BackupsService (the same code path as the
 * admin buttons) while holding the schedule's lease, so that a schedule never
 * runs twice at once, on this instance or any other.
 */
let ScheduleRunner = ScheduleRunner_1 = class ScheduleRunner {
    schedules;
    runs;
    backups;
    lock;
    failures;
    clock;
    logger = new Logger(ScheduleRunner_1.name);
    constructor(schedules, runs, backups, lock, failures, clock) {
        this.schedules = schedules;
        this.runs = runs;
        this.backups = backups;
        this.lock = lock;
        this.failures = failures;
        this.clock = clock;
    }
    /**
     * Runs the schedule unless its previous run is still going. Then `onBusy`
     * decides: 'record' writes a skipped run per target (a tick), 'report' only
     * returns status skipped (an admin's "run now", answered with 409).
     */
    async run(schedule, trigger, onBusy) {
        const options = {
            ...trigger,
            keep: schedule.keep,
            keepDaily: schedule.keepDaily,
            keepWeekly: schedule.keepWeekly,
            keepMonthly: schedule.keepMonthly,
            scheduleId: schedule.id,
        };
        if (!(await this.lock.acquire(schedule.id, this.clock.now()))) {
            const holder = (await this.schedules.findOne({ where: { id: schedule.id }, select: { id: true, leaseOwner: true } }))?.leaseOwner ?? 'another instance';
            if (onBusy === 'report')
                return { status: 'skipped', runs: [], busyWith: holder };
            const reason = `Skipped: the previous run of schedule "${schedule.name}" is still going (on ${holder})`;
            const runs = [];
            for (const target of targetsOf(schedule.target))
                runs.push(await this.backups.recordSkipped(target, options, reason));
            this.logger.warn(`${reason}; tick skipped`);
            return { status: 'skipped', runs, busyWith: holder };
        }
        const renewal = setInterval(() => {
            this.lock.renew(schedule.id, this.clock.now()).then((ours) => ours || this.logger.error(`Lost the lease of schedule "${schedule.name}": another instance may start it while this run goes on`), (error) => this.logger.error(`Could not renew the lease of schedule "${schedule.name}": ${errorText(error)}`));
        }, LEASE_RENEW_MS);
        renewal.unref();
        try {
            // Bookkeeping on the schedule row must not cost the backup: its failures are logged, not thrown.
            await this.note(schedule, { lastRunAt: this.clock.now(), lastRunStatus: 'running' });
            const runs = [];
            for (const target of targetsOf(schedule.target))
                runs.push(await this.runTarget(schedule, target, options));
            const status = overallStatus(runs.map((r) => r.status));
            await this.note(schedule, { lastRunStatus: status });
            return { status, runs };
        }
        finally {
            clearInterval(renewal);
            await this.lock
                .release(schedule.id)
                .catch((error) => this.logger.error(`Could not release the lease of schedule "${schedule.name}": ${errorText(error)}`));
        }
    }
    async note(schedule, patch) {
        await this.schedules.update(schedule.id, patch).catch((error) => this.logger.error(`Could not update schedule "${schedule.name}": ${errorText(error)}`));
    }
    /**
     * One target. Never throws: a failure is recorded (by BackupsService, or here
     * when it could not even write its run), and must not stop the other target of a "both" schedule.
     */
    async runTarget(schedule, target, options) {
        try {
            if (target === 'full_db')
                return (await this.backups.createFullDb(options)).run;
            return (await this.backups.createAllUsers(options)).run;
        }
        catch (error) {
            try {
                if (error instanceof BackupInProgressException) {
                    // An admin started the same backup on this instance a moment earlier: it is being made.
                    return await this.backups.recordSkipped(target, options, `Skipped: ${error.message}`);
                }
                const run = error instanceof BackupFailedException ? await this.runs.findOneBy({ id: error.runId }) : null;
                if (run)
                    return run;
            }
            catch (lookupError) {
                this.logger.error(`Could not look up the run of schedule "${schedule.name}": ${errorText(lookupError)}`);
            }
            return this.failures.recordFailed(schedule, target, options.trigger, options.createdBy, error);
        }
    }
};
ScheduleRunner = ScheduleRunner_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupSchedule)),
    __param(1, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        BackupsService,
        ScheduleLockService,
        ScheduleFailures,
        Clock])
], ScheduleRunner);
export { ScheduleRunner };
/** One word for a schedule run made of one or two backup runs. */
export function overallStatus(statuses) {
    if (statuses.every((s) => s === 'succeeded'))
        return 'succeeded';
    if (statuses.every((s) => s === 'skipped'))
        return 'skipped';
    if (statuses.every((s) => s === 'failed'))
        return 'failed';
    if (statuses.length === 1)
        return statuses[0];
    return 'partial';
}
//# sourceMappingURL=schedule-runner.service.js.map