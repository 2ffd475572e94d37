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
var ScheduleFailures_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { errorText } from '../backups/backups.service.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
export const INTERRUPTED_BEFORE_START = 'Interrupted: the instance that claimed this tick stopped before starting it';
/**
 * Run rows for what went wrong around a backup rather than inside it: a
 * scheduled run that threw before BackupsService could record anything, and a
 * tick claimed by an instance that died before it wrote its run. So every
 * claimed tick ends up with a row, even when nothing ran.
 */
let ScheduleFailures = ScheduleFailures_1 = class ScheduleFailures {
    runs;
    instances;
    logger = new Logger(ScheduleFailures_1.name);
    constructor(runs, instances) {
        this.runs = runs;
        this.instances = instances;
    }
    /** A failed run of `target`; never throws (a database that refuses this too is logged). */
    async recordFailed(schedule, target, trigger, createdBy, error) {
        const now = new Date();
        const run = this.runs.create({
            target,
            trigger,
            status: 'failed',
            userId: null,
            createdBy,
            scheduleId: schedule.id,
            startedAt: now,
            finishedAt: now,
            error: errorText(error),
            instanceId: this.instances.id,
        });
        this.logger.error(`Failure: ${target} run of schedule "${schedule.name}": ${run.error}`);
        try {
            return await this.runs.save(run);
        }
        catch (saveError) {
            this.logger.error(`Could not record the failed ${target} run of schedule "${schedule.name}": ${errorText(saveError)}`);
            return run;
        }
    }
    /** Did the dead claimant get as far as writing a run row for its claim? */
    async claimHasRun(claim) {
        // Rows carry the instance that wrote them: another instance's runs of later ticks do not count.
        return this.runs.exists({ where: { scheduleId: claim.scheduleId, instanceId: claim.owner, startedAt: MoreThanOrEqual(claim.claimedAt) } });
    }
    /** The row a claimed tick gets when its claimant died before starting it. */
    async recordInterrupted(claim, targets) {
        const now = new Date();
        for (const target of targets) {
            await this.runs.save(this.runs.create({
                target,
                trigger: 'schedule',
                status: 'failed',
                userId: null,
                createdBy: null,
                scheduleId: claim.scheduleId,
                startedAt: claim.claimedAt,
                finishedAt: now,
                error: INTERRUPTED_BEFORE_START,
                instanceId: this.instances.id,
            }));
        }
        this.logger.warn(`Tick ${claim.slot.toISOString()} of schedule ${claim.scheduleId} was claimed by ${claim.owner}, which stopped before starting it: recorded as failed`);
    }
};
ScheduleFailures = ScheduleFailures_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        InstanceRegistry])
], ScheduleFailures);
export { ScheduleFailures };
//# sourceMappingURL=schedule-failures.js.map