import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import type { BackupRunStatus, BackupTarget } from '../backups/backup-run.entity.js';
import { BackupFailedException, BackupInProgressException } from '../backups/backup.errors.js';
import { BackupsService, errorText } from '../backups/backups.service.js';
import type { RunOptions } from '../backups/backups.service.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import type { ScheduleTarget } from './backup-schedule.entity.js';
import { Clock } from '../common/clock.js';
import { ScheduleFailures } from './schedule-failures.js';
import { LEASE_RENEW_MS, ScheduleLockService } from './schedule-lock.service.js';

export interface ScheduleRunResult {
  /** succeeded, partial, failed, or skipped (the schedule's previous run was still going). */
  status: BackupRunStatus;
  runs: BackupRun[];
  /** Set when nothing ran because the schedule's previous run holds the lease: who holds it. */
  busyWith?: string;
}

type Trigger = Pick<RunOptions, 'trigger' | 'createdBy'>;

export function targetsOf(target: ScheduleTarget): Array<Extract<BackupTarget, 'full_db' | 'all_users'>> {
  return target === 'both' ? ['full_db', 'all_users'] : [target];
}

/**
 * Runs one schedule's backups through BackupsService (the same code path as the
 * admin buttons) while holding the schedule's lease, so that a schedule never
 * runs twice at once, on this instance or any other.
 */
@Injectable()
export class ScheduleRunner {
  private readonly logger = new Logger(ScheduleRunner.name);

  constructor(
    @InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>,
    @InjectRepository(BackupRun) private readonly runs: Repository<BackupRun>,
    private readonly backups: BackupsService,
    private readonly lock: ScheduleLockService,
    private readonly failures: ScheduleFailures,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs the schedule unless its previous run is still going. Then `onBusy`
   * decides: 'record' writes a skipped run per target (a tick), 'report' only
   * returns status skipped (an admin's "run now", answered with 409).
   */
  async run(schedule: BackupSchedule, trigger: Trigger, onBusy: 'record' | 'report'): Promise<ScheduleRunResult> {
    const options: RunOptions = {
      ...trigger,
      keep: schedule.keep,
      keepDaily: schedule.keepDaily,
      keepWeekly: schedule.keepWeekly,
      keepMonthly: schedule.keepMonthly,
      scheduleId: schedule.id,
    };
    if (!(await this.lock.acquire(schedule.id, this.clock.now()))) {
      const holder = (await this.schedules.findOne({ where: { id: schedule.id }, select: { id: true, leaseOwner: true } }))?.leaseOwner ?? 'another instance';
      if (onBusy === 'report') return { status: 'skipped', runs: [], busyWith: holder };
      const reason = `Skipped: the previous run of schedule "${schedule.name}" is still going (on ${holder})`;
      const runs = [];
      for (const target of targetsOf(schedule.target)) runs.push(await this.backups.recordSkipped(target, options, reason));
      this.logger.warn(`${reason}; tick skipped`);
      return { status: 'skipped', runs, busyWith: holder };
    }

    const renewal = setInterval(() => {
      this.lock.renew(schedule.id, this.clock.now()).then(
        (ours) => ours || this.logger.error(`Lost the lease of schedule "${schedule.name}": another instance may start it while this run goes on`),
        (error) => this.logger.error(`Could not renew the lease of schedule "${schedule.name}": ${errorText(error)}`),
      );
    }, LEASE_RENEW_MS);
    renewal.unref();
    try {
      // Bookkeeping on the schedule row must not cost the backup: its failures are logged, not thrown.
      await this.note(schedule, { lastRunAt: this.clock.now(), lastRunStatus: 'running' });
      const runs: BackupRun[] = [];
      for (const target of targetsOf(schedule.target)) runs.push(await this.runTarget(schedule, target, options));
      const status = overallStatus(runs.map((r) => r.status));
      await this.note(schedule, { lastRunStatus: status });
      return { status, runs };
    } finally {
      clearInterval(renewal);
      await this.lock
        .release(schedule.id)
        .catch((error) => this.logger.error(`Could not release the lease of schedule "${schedule.name}": ${errorText(error)}`));
    }
  }

  private async note(schedule: BackupSchedule, patch: Partial<BackupSchedule>): Promise<void> {
    await this.schedules.update(schedule.id, patch).catch((error) => this.logger.error(`Could not update schedule "${schedule.name}": ${errorText(error)}`));
  }

  /**
   * One target. Never throws: a failure is recorded (by BackupsService, or here
   * when it could not even write its run), and must not stop the other target of a "both" schedule.
   */
  private async runTarget(schedule: BackupSchedule, target: 'full_db' | 'all_users', options: RunOptions): Promise<BackupRun> {
    try {
      if (target === 'full_db') return (await this.backups.createFullDb(options)).run;
      return (await this.backups.createAllUsers(options)).run;
    } catch (error) {
      try {
        if (error instanceof BackupInProgressException) {
          // An admin started the same backup on this instance a moment earlier: it is being made.
          return await this.backups.recordSkipped(target, options, `Skipped: ${error.message}`);
        }
        const run = error instanceof BackupFailedException ? await this.runs.findOneBy({ id: error.runId }) : null;
        if (run) return run;
      } catch (lookupError) {
        this.logger.error(`Could not look up the run of schedule "${schedule.name}": ${errorText(lookupError)}`);
      }
      return this.failures.recordFailed(schedule, target, options.trigger, options.createdBy, error);
    }
  }
}

/** One word for a schedule run made of one or two backup runs. */
export function overallStatus(statuses: BackupRunStatus[]): BackupRunStatus {
  if (statuses.every((s) => s === 'succeeded')) return 'succeeded';
  if (statuses.every((s) => s === 'skipped')) return 'skipped';
  if (statuses.every((s) => s === 'failed')) return 'failed';
  if (statuses.length === 1) return statuses[0];
  return 'partial';
}
