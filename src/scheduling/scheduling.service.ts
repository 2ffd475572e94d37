import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { errorText } from '../backups/backups.service.js';
import { AppConfig } from '../config/app-config.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import type { ScheduleTarget } from './backup-schedule.entity.js';
import { Clock } from '../common/clock.js';
import { CronSchedule, InvalidScheduleError } from './cron-schedule.js';
import { ScheduleFailures } from './schedule-failures.js';
import { ScheduleLockService } from './schedule-lock.service.js';
import { ScheduleRunner, targetsOf } from './schedule-runner.service.js';
import type { ScheduleRunResult } from './schedule-runner.service.js';
import { RETRY_MS, ScheduleTimer, SYNC_INTERVAL_MS } from './schedule-timer.js';
import { SchedulerState } from './scheduler-state.entity.js';
import { InvalidScheduleException, ScheduleBusyException, ScheduleNameTakenException, ScheduleNotFoundException } from './scheduling.errors.js';

export { SYNC_INTERVAL_MS };
/** How long shutdown waits for runs in progress before letting go (their lease then expires). */
const SHUTDOWN_WAIT_MS = 30_000;

export interface ScheduleInput {
  name?: string;
  cron?: string;
  timezone?: string;
  target?: ScheduleTarget;
  keep?: number;
  /** Calendar tiers (null: the environment's defaults). */
  keep_daily?: number | null;
  keep_weekly?: number | null;
  keep_monthly?: number | null;
  enabled?: boolean;
}

export interface NextRun {
  schedule: BackupSchedule;
  at: Date;
  /** `at` in the schedule's time zone. */
  local: string;
}

/**
 * Schedules are rows; this service decides, each time ScheduleTimer wakes it
 * (at the soonest next run of all enabled schedules, and at least every
 * SYNC_INTERVAL_MS), whether a run of each schedule is due and whether this
 * instance gets it.
 *
 * A timer only says "look now". What is due is computed from the row: the
 * latest run time after handled_until, up to now. So a wake-up that comes
 * early or late or twice, an instance with a stale copy of the schedule, and
 * a start after downtime (catch-up) all go through the same check, and the
 * conditional UPDATE in ScheduleLockService.claimTick lets exactly one
 * instance have each run. A bad row is logged and passed over: it never stops
 * the others, the timer or the boot.
 */
@Injectable()
export class SchedulingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulingService.name);
  private readonly compiled = new Map<string, CronSchedule>();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>,
    @InjectRepository(SchedulerState) private readonly state: Repository<SchedulerState>,
    private readonly runner: ScheduleRunner,
    private readonly lock: ScheduleLockService,
    private readonly failures: ScheduleFailures,
    private readonly timer: ScheduleTimer,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // ---- lifecycle -------------------------------------------------------------

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.createDefaults();
    } catch (error) {
      this.logger.error(`Could not create the default schedules: ${errorText(error)}`);
    }
    if (!this.config.schedulerEnabled) {
      this.logger.log('BACKUP_SCHEDULER_ENABLED=false: this instance runs no schedules');
      return;
    }
    let rows: BackupSchedule[] = [];
    let firstAt: Date | null;
    try {
      rows = await this.schedules.findBy({ enabled: true });
      firstAt = this.soonest(rows);
    } catch (error) {
      this.logger.error(`Could not read the schedules at start (trying again in ${RETRY_MS} ms): ${errorText(error)}`);
      firstAt = new Date(this.clock.now().getTime() + RETRY_MS);
    }
    this.timer.start(() => this.look(), firstAt);
    // Catch-up (systemd's Persistent=true): a run that came due while no instance was up runs once now.
    for (const row of rows) this.track(this.tick(row.id, 'start'));
    this.track(this.settleDeadClaims());
    this.logger.log(`Scheduler started on ${this.lock.instanceId}: ${rows.length} schedule(s) enabled`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timer.stop();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), SHUTDOWN_WAIT_MS)));
    const late = await Promise.race([this.drain().then(() => false), gaveUp]);
    clearTimeout(timer);
    if (late) this.logger.warn(`Shutting down with schedule runs still going; their leases expire on their own`);
  }

  /** Resolves when no run started by this service is in progress (tests and shutdown). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** When the timer is set to wake next, on the scheduler's clock (monitoring and tests). */
  get nextWakeAt(): Date | null {
    return this.timer.nextWakeAt;
  }

  // ---- ticks -------------------------------------------------------------------

  /**
   * What a wake-up does for each enabled schedule: if a run is due (the latest
   * run time in (handled_until, now]) and this instance claims it, run it.
   * Several missed run times collapse into one run. Returns null when nothing
   * ran here. A run that throws is recorded as a failed run, not thrown.
   */
  async tick(id: number, why: 'timer' | 'start' = 'timer'): Promise<ScheduleRunResult | null> {
    if (this.stopping) return null;
    const row = await this.schedules.findOneBy({ id });
    if (!row || !row.enabled) return null;
    const schedule = this.compile(row);
    if (!schedule) return null;
    const now = this.clock.now();
    let due: Date | null;
    let next: Date;
    try {
      due = schedule.latestBetween(row.handledUntil, now);
      if (!due) return null;
      next = schedule.nextAfter(now);
    } catch (error) {
      this.logger.error(`Schedule "${row.name}" (${row.id}) cannot run: ${errorText(error)}`);
      return null;
    }
    if (!(await this.lock.claimTick(row, due, next))) return null;
    if (why === 'start')
      this.logger.warn(`Catch-up: schedule "${row.name}" missed its run due at ${due.toISOString()} while no instance was running; running it once now`);
    try {
      return await this.runner.run(row, { trigger: 'schedule', createdBy: null }, 'record');
    } catch (error) {
      const runs = [];
      for (const target of targetsOf(row.target)) runs.push(await this.failures.recordFailed(row, target, 'schedule', null, error));
      return { status: 'failed', runs };
    } finally {
      await this.lock.settle(row.id, due).catch((error) => this.logger.error(`Could not settle the claim of schedule "${row.name}": ${errorText(error)}`));
    }
  }

  /** One wake-up: start every enabled schedule's tick, and say when the next run of any of them is. */
  private async look(): Promise<Date | null> {
    if (this.stopping) return null;
    const rows = await this.schedules.findBy({ enabled: true });
    for (const row of rows) this.track(this.tick(row.id));
    this.track(this.settleDeadClaims());
    return this.soonest(rows);
  }

  /** A tick claimed by an instance that died before it wrote its run still gets a run row, saying so. */
  private async settleDeadClaims(): Promise<void> {
    for (const claim of await this.lock.claimsOfDeadInstances()) {
      if (this.stopping) return;
      if (!(await this.lock.takeOver(claim))) continue;
      if (await this.failures.claimHasRun(claim)) continue;
      const row = await this.schedules.findOneBy({ id: claim.scheduleId });
      await this.failures.recordInterrupted(claim, targetsOf(row?.target ?? 'full_db'));
    }
  }

  /** The soonest next run of these schedules; rows that cannot say are passed over. */
  private soonest(rows: BackupSchedule[]): Date | null {
    const now = this.clock.now();
    let soonest: Date | null = null;
    for (const row of rows) {
      const at = this.nextOf(row, now);
      if (at && (!soonest || at < soonest)) soonest = at;
    }
    return soonest;
  }

  private nextOf(row: BackupSchedule, now: Date): Date | null {
    const schedule = this.compile(row);
    if (!schedule) return null;
    try {
      return schedule.nextAfter(now);
    } catch (error) {
      this.logger.error(`Schedule "${row.name}" (${row.id}) cannot run: ${errorText(error)}`);
      return null;
    }
  }

  /** Compiled once per definition (CronSchedule remembers its last answer, which makes repeated looks cheap). */
  private compile(row: BackupSchedule): CronSchedule | null {
    const key = `${row.cron}\n${row.timezone}`;
    const known = this.compiled.get(key);
    if (known) return known;
    try {
      const schedule = new CronSchedule(row.cron, row.timezone);
      this.compiled.set(key, schedule);
      return schedule;
    } catch (error) {
      this.logger.error(`Schedule "${row.name}" (${row.id}) cannot run: ${errorText(error)}`);
      return null;
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch((error) => {
      this.logger.error(`Scheduled backup failed: ${errorText(error)}`);
      return null;
    });
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
    return work;
  }

  // ---- defaults --------------------------------------------------------------------

  /** At the very first start (of any instance), the schedules from BACKUP_SCHEDULE_FULL_DB and BACKUP_SCHEDULE_USERS. */
  private async createDefaults(): Promise<void> {
    const now = this.clock.now();
    // Only the instance whose UPDATE changes the row creates them, even if several start at once.
    const first = await this.state.update({ id: 1, defaultsCreatedAt: IsNull() }, { defaultsCreatedAt: now });
    if (first.affected !== 1) return;
    const defaults: Array<{ name: string; cron: string | null; target: ScheduleTarget }> = [
      { name: 'Full database', cron: this.config.backupScheduleFullDb, target: 'full_db' },
      { name: 'All user inventories', cron: this.config.backupScheduleUsers, target: 'all_users' },
    ];
    for (const d of defaults) {
      if (!d.cron) continue;
      const row = await this.insert({
        name: d.name,
        cron: d.cron,
        timezone: this.config.backupTimezone,
        target: d.target,
        keep: this.config.backupKeep,
        keep_daily: null,
        keep_weekly: null,
        keep_monthly: null,
        enabled: true,
      });
      this.logger.log(`Created default schedule "${row.name}": ${row.cron} (${row.timezone}), keep ${row.keep}`);
    }
  }

  // ---- CRUD --------------------------------------------------------------------------

  list(): Promise<BackupSchedule[]> {
    return this.schedules.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<BackupSchedule> {
    const row = await this.schedules.findOneBy({ id });
    if (!row) throw new ScheduleNotFoundException(id);
    return row;
  }

  async create(input: Required<Pick<ScheduleInput, 'name' | 'cron' | 'target'>> & ScheduleInput): Promise<BackupSchedule> {
    if (await this.schedules.existsBy({ name: input.name })) throw new ScheduleNameTakenException(input.name);
    const row = await this.insert({
      name: input.name,
      cron: input.cron,
      timezone: input.timezone ?? this.config.backupTimezone,
      target: input.target,
      keep: input.keep ?? this.config.backupKeep,
      keep_daily: input.keep_daily ?? null,
      keep_weekly: input.keep_weekly ?? null,
      keep_monthly: input.keep_monthly ?? null,
      enabled: input.enabled ?? true,
    });
    await this.resync();
    return row;
  }

  async update(id: number, input: ScheduleInput): Promise<BackupSchedule> {
    const row = await this.get(id);
    if (input.name !== undefined && input.name !== row.name && (await this.schedules.existsBy({ name: input.name })))
      throw new ScheduleNameTakenException(input.name);
    const schedule = this.validate(input.cron ?? row.cron, input.timezone ?? row.timezone);
    const enabled = input.enabled ?? row.enabled;
    const now = this.clock.now();
    const patch: Partial<BackupSchedule> = {
      name: input.name ?? row.name,
      cron: schedule.expression,
      timezone: schedule.timeZone,
      target: input.target ?? row.target,
      keep: input.keep ?? row.keep,
      keepDaily: input.keep_daily !== undefined ? input.keep_daily : row.keepDaily,
      keepWeekly: input.keep_weekly !== undefined ? input.keep_weekly : row.keepWeekly,
      keepMonthly: input.keep_monthly !== undefined ? input.keep_monthly : row.keepMonthly,
      enabled,
      nextRunAt: enabled ? schedule.nextAfter(now) : null,
      updatedAt: now,
    };
    // New timing, or back on: run times of the old timing, or from while it was off, are not caught up.
    if (patch.cron !== row.cron || patch.timezone !== row.timezone || (enabled && !row.enabled)) patch.handledUntil = now;
    await this.schedules.update(id, patch);
    const updated = await this.get(id);
    await this.resync();
    return updated;
  }

  async remove(id: number): Promise<void> {
    const row = await this.get(id);
    await this.schedules.delete(row.id);
    await this.resync();
    this.logger.log(`Deleted schedule "${row.name}" (${row.id})`);
  }

  /** An admin's "run now": the schedule's targets and keep, trigger manual; 409 while its previous run goes on. */
  async runNow(id: number, userId: number): Promise<ScheduleRunResult> {
    const row = await this.get(id);
    const result = await this.track(this.runner.run(row, { trigger: 'manual', createdBy: userId }, 'report'));
    if (result.busyWith) throw new ScheduleBusyException(row.name, result.busyWith);
    return result;
  }

  /** The soonest run of all enabled schedules (ties: lowest id; null when none is enabled), counted from `now`. */
  async next(): Promise<{ now: Date; next: NextRun | null }> {
    const now = this.clock.now();
    let next: NextRun | null = null;
    for (const row of await this.schedules.find({ where: { enabled: true }, order: { id: 'ASC' } })) {
      const schedule = this.compile(row);
      if (!schedule) continue;
      const at = schedule.nextAfter(now);
      if (!next || at < next.at) next = { schedule: row, at, local: schedule.localIso(at) };
    }
    return { now, next };
  }

  /** When an enabled schedule runs next, from now; null for a disabled one. */
  nextRunOf(row: BackupSchedule): { at: Date; local: string } | null {
    if (!row.enabled) return null;
    const schedule = this.compile(row);
    if (!schedule) return null;
    const at = schedule.nextAfter(this.clock.now());
    return { at, local: schedule.localIso(at) };
  }

  isRunning(row: BackupSchedule): boolean {
    return Boolean(row.leaseOwner && row.leaseExpiresAt && row.leaseExpiresAt > this.clock.now());
  }

  private async insert({ keep_daily, keep_weekly, keep_monthly, ...input }: Required<ScheduleInput>): Promise<BackupSchedule> {
    const schedule = this.validate(input.cron, input.timezone);
    const now = this.clock.now();
    return this.schedules.save(
      this.schedules.create({
        ...input,
        keepDaily: keep_daily,
        keepWeekly: keep_weekly,
        keepMonthly: keep_monthly,
        cron: schedule.expression,
        timezone: schedule.timeZone,
        // Nothing before its creation is owed.
        handledUntil: now,
        nextRunAt: input.enabled ? schedule.nextAfter(now) : null,
        lastRunAt: null,
        lastRunStatus: null,
        leaseOwner: null,
        leaseExpiresAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  private validate(cron: string, timezone: string): CronSchedule {
    try {
      return new CronSchedule(cron, timezone);
    } catch (error) {
      if (error instanceof InvalidScheduleError) throw new InvalidScheduleException(error.field, error.message);
      throw error;
    }
  }

  /** After a change through the API: this instance's timer follows at once (others within SYNC_INTERVAL_MS). */
  private async resync(): Promise<void> {
    if (!this.config.schedulerEnabled || this.stopping) return;
    try {
      this.timer.arm(this.soonest(await this.schedules.findBy({ enabled: true })));
    } catch (error) {
      this.logger.error(`Could not set the timer after a schedule change (it wakes within ${SYNC_INTERVAL_MS} ms anyway): ${errorText(error)}`);
    }
  }
}
