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
@Injectable()
export class ScheduleLockService {
  /** This process's name in lease_owner; unique even for two app instances in one process (tests). */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(@InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>) {}

  /**
   * Claims the tick due at `slot`: moves handled_until up to it, only if it was
   * earlier and the row still has the definition the slot was computed from.
   * Exactly one instance gets true per tick.
   */
  async claimTick(schedule: Pick<BackupSchedule, 'id' | 'cron' | 'timezone'>, slot: Date, nextRunAt: Date): Promise<boolean> {
    const result = await this.schedules.update(
      { id: schedule.id, enabled: true, cron: schedule.cron, timezone: schedule.timezone, handledUntil: LessThan(slot) },
      { handledUntil: slot, nextRunAt },
    );
    return result.affected === 1;
  }

  /** Takes the run lease when nobody holds it or the holder's lease ran out. */
  async acquire(scheduleId: number, now: Date): Promise<boolean> {
    const result = await this.schedules.update(
      [
        { id: scheduleId, leaseOwner: IsNull() },
        { id: scheduleId, leaseExpiresAt: LessThan(now) },
      ],
      { leaseOwner: this.instanceId, leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) },
    );
    return result.affected === 1;
  }

  /** Extends our lease; false if it is no longer ours (we stalled past its expiry and someone took over). */
  async renew(scheduleId: number, now: Date): Promise<boolean> {
    const result = await this.schedules.update({ id: scheduleId, leaseOwner: this.instanceId }, { leaseExpiresAt: new Date(now.getTime() + LEASE_TTL_MS) });
    return result.affected === 1;
  }

  async release(scheduleId: number): Promise<void> {
    await this.schedules.update({ id: scheduleId, leaseOwner: this.instanceId }, { leaseOwner: null, leaseExpiresAt: null });
  }
}
