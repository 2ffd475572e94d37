import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import type { BackupTarget, BackupTrigger } from '../backups/backup-run.entity.js';
import { errorText } from '../backups/backups.service.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import type { BackupSchedule } from './backup-schedule.entity.js';
import type { TickClaim } from './schedule-lock.service.js';

export const INTERRUPTED_BEFORE_START = 'Interrupted: the instance that claimed this tick stopped before starting it';

/**
 * Run rows for what went wrong around a backup rather than inside it: a
 * scheduled run that threw before BackupsService could record anything, and a
 * tick claimed by an instance that died before it wrote its run. So every
 * claimed tick ends up with a row, even when nothing ran.
 */
@Injectable()
export class ScheduleFailures {
  private readonly logger = new Logger(ScheduleFailures.name);

  constructor(
    @InjectRepository(BackupRun) private readonly runs: Repository<BackupRun>,
    private readonly instances: InstanceRegistry,
  ) {}

  /** A failed run of `target`; never throws (a database that refuses this too is logged). */
  async recordFailed(
    schedule: Pick<BackupSchedule, 'id' | 'name'>,
    target: BackupTarget,
    trigger: BackupTrigger,
    createdBy: number | null,
    error: unknown,
  ): Promise<BackupRun> {
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
    } catch (saveError) {
      this.logger.error(`Could not record the failed ${target} run of schedule "${schedule.name}": ${errorText(saveError)}`);
      return run;
    }
  }

  /** Did the dead claimant get as far as writing a run row for its claim? */
  async claimHasRun(claim: TickClaim): Promise<boolean> {
    // Rows carry the instance that wrote them: another instance's runs of later ticks do not count.
    return this.runs.exists({ where: { scheduleId: claim.scheduleId, instanceId: claim.owner, startedAt: MoreThanOrEqual(claim.claimedAt) } });
  }

  /** The row a claimed tick gets when its claimant died before starting it. */
  async recordInterrupted(claim: TickClaim, targets: BackupTarget[]): Promise<void> {
    const now = new Date();
    for (const target of targets) {
      await this.runs.save(
        this.runs.create({
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
        }),
      );
    }
    this.logger.warn(
      `Tick ${claim.slot.toISOString()} of schedule ${claim.scheduleId} was claimed by ${claim.owner}, which stopped before starting it: recorded as failed`,
    );
  }
}
