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
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { BackupSchedule } from './backup-schedule.entity.js';
/** How long a run's lease lasts without renewal, when its holder still looks alive (a stalled, not a dead, process). */
export const LEASE_TTL_MS = 60_000;
/** Renewal period while the run goes on. */
export const LEASE_RENEW_MS = 20_000;
const CLAIMS = 'schedule_claims';
/**
 * The database decides which instance does what, with conditional UPDATEs on
 * the schedule's own row: portable across SQLite, PostgreSQL and MariaDB (each
 * runs a single-row UPDATE atomically and reports how many rows it changed),
 * needs no session held open for the length of a backup. A holder that dies
 * stops renewing its heartbeat in app_instances, and its lease is free at once.
 */
let ScheduleLockService = class ScheduleLockService {
    schedules;
    dataSource;
    instances;
    constructor(schedules, dataSource, instances) {
        this.schedules = schedules;
        this.dataSource = dataSource;
        this.instances = instances;
    }
    /** This process's name in lease_owner and schedule_claims (the instance registry's id). */
    get instanceId() {
        return this.instances.id;
    }
    /**
     * Claims the tick due at `slot`: moves handled_until up to it, only if it was
     * earlier and the row still has the definition the slot was computed from.
     * Exactly one instance gets true per tick. The claim is written down in the
     * same transaction, so a claimant that dies before recording its run leaves a trace.
     */
    async claimTick(schedule, slot, nextRunAt) {
        return this.dataSource.transaction(async (manager) => {
            const result = await manager.update(BackupSchedule, { id: schedule.id, enabled: true, cron: schedule.cron, timezone: schedule.timezone, handledUntil: LessThan(slot) }, { handledUntil: slot, nextRunAt });
            if (result.affected !== 1)
                return false;
            // Real time, not the scheduler's Clock: it is compared with backup_runs.started_at, which BackupsService writes.
            const claimedAtMs = Date.now();
            await manager
                .createQueryBuilder()
                .insert()
                .into(CLAIMS)
                .values({ schedule_id: schedule.id, slot_ms: slot.getTime(), owner: this.instanceId, claimed_at_ms: claimedAtMs })
                .execute();
            return true;
        });
    }
    /** Our claim is settled: its run row exists (or its failure was recorded). */
    async settle(scheduleId, slot) {
        await this.dataSource
            .createQueryBuilder()
            .delete()
            .from(CLAIMS)
            .where('schedule_id = :scheduleId AND slot_ms = :slot AND owner = :owner', { scheduleId, slot: slot.getTime(), owner: this.instanceId })
            .execute();
    }
    /** Claims of instances that are no longer alive. */
    async claimsOfDeadInstances() {
        const rows = await this.dataSource
            .createQueryBuilder()
            .select(['c.schedule_id AS schedule_id', 'c.slot_ms AS slot_ms', 'c.owner AS owner', 'c.claimed_at_ms AS claimed_at_ms'])
            .from(CLAIMS, 'c')
            .where('c.owner <> :me', { me: this.instanceId })
            .orderBy('c.claimed_at_ms', 'ASC')
            .getRawMany();
        if (!rows.length)
            return [];
        const live = await this.instances.liveIds();
        return rows
            .filter((row) => !live.has(String(row.owner)))
            .map((row) => ({
            scheduleId: Number(row.schedule_id),
            slot: new Date(Number(row.slot_ms)),
            owner: String(row.owner),
            claimedAt: new Date(Number(row.claimed_at_ms)),
        }));
    }
    /** Takes over a dead instance's claim; true for exactly one caller. */
    async takeOver(claim) {
        const result = await this.dataSource
            .createQueryBuilder()
            .delete()
            .from(CLAIMS)
            .where('schedule_id = :scheduleId AND slot_ms = :slot AND owner = :owner', {
            scheduleId: claim.scheduleId,
            slot: claim.slot.getTime(),
            owner: claim.owner,
        })
            .execute();
        return result.affected === 1;
    }
    /** Takes the run lease when nobody holds it, the holder is no longer alive, or its lease ran out. */
    async acquire(scheduleId, now) {
        const live = [...(await this.instances.liveIds())];
        const result = await this.schedules.update([
            { id: scheduleId, leaseOwner: IsNull() },
            { id: scheduleId, leaseOwner: Not(In(live)) },
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
    __param(1, InjectDataSource()),
    __metadata("design:paramtypes", [Repository,
        DataSource,
        InstanceRegistry])
], ScheduleLockService);
export { ScheduleLockService };
//# sourceMappingURL=schedule-lock.service.js.map