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
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { IsNull, LessThan, Repository } from 'typeorm';
import { BackupSchedule } from './backup-schedule.entity.js';
/** How long a run's lease lasts without renewal: a crashed holder blocks its schedule at most this long. */
export const LEASE_TTL_MS = 60_000;
/** Renewal period while the run goes on. */
export const LEASE_RENEW_MS = 20_000;
/**
 * The database decides which instance does what, with conditional UPDATEs on
 * the schedule's own row: portable across SQLite, PostgreSQL and MariaDB (each
 * runs a single-row UPDATE atomically and reports how many rows it changed),
 * needs no session held open for the length of a backup, and a holder that
 * dies simply stops renewing.
 */
let ScheduleLockService = class ScheduleLockService {
    schedules;
    /** This process's name in lease_owner; unique even for two app instances in one process (tests). */
    instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    constructor(schedules) {
        this.schedules = schedules;
    }
    /**
     * Claims the tick due at `slot`: moves handled_until up to it, only if it was
     * earlier and the row still has the definition the slot was computed from.
     * Exactly one instance gets true per tick.
     */
    async claimTick(schedule, slot, nextRunAt) {
        const result = await this.schedules.update({ id: schedule.id, enabled: true, cron: schedule.cron, timezone: schedule.timezone, handledUntil: LessThan(slot) }, { handledUntil: slot, nextRunAt });
        return result.affected === 1;
    }
    /** Takes the run lease when nobody holds it or the holder's lease ran out. */
    async acquire(scheduleId, now) {
        const result = await this.schedules.update([
            { id: scheduleId, leaseOwner: IsNull() },
            { id: scheduleId, leaseExpiresAt: LessThan(now) },
        ], { leaseOwner: this.instanceId, leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) });
        return result.affected === 1;
    }
    /** Extends our lease; false if it is no longer ours (we stalled past its expiry and someone took over). */
    async renew(scheduleId, now) {
        const result = await this.schedules.update({ id: scheduleId, leaseOwner: this.instanceId }, { leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) });
        return result.affected === 1;
    }
    async release(scheduleId) {
        await this.schedules.update({ id: scheduleId, leaseOwner: this.instanceId }, { leaseOwner: null, leaseExpiresAt: null });
    }
};
ScheduleLockService = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupSchedule)),
    __metadata("design:paramtypes", [Repository])
], ScheduleLockService);
export { ScheduleLockService };
//# sourceMappingURL=schedule-lock.service.js.map