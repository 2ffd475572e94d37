import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { CronJob, CronTime } from 'cron';
import { IsNull, Repository } from 'typeorm';
import { errorText } from '../backups/backups.service.js';
import { AppConfig } from '../config/app-config.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import type { ScheduleTarget } from './backup-schedule.entity.js';
import { Clock } from './clock.js';
import { CronSchedule, InvalidScheduleError } from './cron-schedule.js';
import { ScheduleLockService } from './schedule-lock.service.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import type { ScheduleRunResult } from './schedule-runner.service.js';
import { SchedulerState } from './scheduler-state.entity.js';
import { InvalidScheduleException, ScheduleBusyException, ScheduleNameTakenException, ScheduleNotFoundException } from './scheduling.errors.js';

/** How often each instance re-reads the schedules, to pick up changes made through another instance. */
export const SYNC_INTERVAL_MS = 30_000;
/** How long shutdown waits for runs in progress before letting go (their lease then expires). */
const SHUTDOWN_WAIT_MS = 30_000;

export const jobName = (id: number) => `backup-schedule-${id}`;
const SYNC_INTERVAL_NAME = 'backup-schedules-sync';

export interface ScheduleInput {
  name?: string;
  cron?: string;
  timezone?: string;
  target?: ScheduleTarget;
  keep?: number;
  enabled?: boolean;
}

export interface NextRun {
  schedule: BackupSchedule;
  at: Date;
  /** `at` in the schedule's time zone. */
  local: string;
}

interface ArmedJob {
  cron: string;
  timezone: string;
  schedule: CronSchedule;
  job: CronJob;
  /** The run time the job's timer is set for. */
  at: Date;
}

/**
 * Schedules are rows; this service turns them into timers (one CronJob per
 * enabled schedule in @nestjs/schedule's SchedulerRegistry) and decides, on
 * each timer, whether a run is due and whether this instance gets it.
 *
 * A timer only says "look now". What is due is computed from the row: the
 * latest run time after handled_until, up to now. So a tick that fires late,
 * a timer that fires twice, an instance with a stale copy of the schedule, and
 * a start after downtime (catch-up) all go through the same check, and the
 * conditional UPDATE in ScheduleLockService.claimTick lets exactly one
 * instance have each run.
 */
@Injectable()
export class SchedulingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulingService.name);
  private readonly armed = new Map<number, ArmedJob>();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>,
    @InjectRepository(SchedulerState) private readonly state: Repository<SchedulerState>,
    private readonly registry: SchedulerRegistry,
    private readonly runner: ScheduleRunner,
    private readonly lock: ScheduleLockService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // ---- lifecycle -------------------------------------------------------------

  async onApplicationBootstrap(): Promise<void> {
    await this.createDefaults();
    if (!this.config.schedulerEnabled) {
      this.logger.log('BACKUP_SCHEDULER_ENABLED=false: this instance runs no schedules');
      return;
    }
    const rows = await this.schedules.findBy({ enabled: true });
    for (const row of rows) this.arm(row);
    const sync = setInterval(() => this.track(this.reconcile()), SYNC_INTERVAL_MS);
    sync.unref();
    this.registry.addInterval(SYNC_INTERVAL_NAME, sync);
    // Catch-up (systemd's Persistent=true): a run that came due while no instance was up runs once now.
    for (const row of rows) this.track(this.tick(row.id, 'start'));
    this.logger.log(`Scheduler started on ${this.lock.instanceId}: ${rows.length} schedule(s) armed`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.registry.doesExist('interval', SYNC_INTERVAL_NAME)) this.registry.deleteInterval(SYNC_INTERVAL_NAME);
    for (const id of [...this.armed.keys()]) this.disarm(id);
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

  // ---- ticks -------------------------------------------------------------------

  /**
   * What a timer does: if a run of the schedule is due (the latest run time in
   * (handled_until, now]) and this instance claims it, run it. Several missed
   * run times collapse into one run. Returns null when nothing ran here.
   */
  async tick(id: number, why: 'timer' | 'start' = 'timer'): Promise<ScheduleRunResult | null> {
    if (this.stopping) return null;
    const row = await this.schedules.findOneBy({ id });
    if (!row || !row.enabled) {
      this.disarm(id);
      return null;
    }
    const armed = this.armed.get(id);
    // Changed through another instance since we armed it: take the row's timing from now on.
    if (this.config.schedulerEnabled && (!armed || armed.cron !== row.cron || armed.timezone !== row.timezone)) this.arm(row);
    const schedule = this.compile(row);
    if (!schedule) return null;
    const now = this.clock.now();
    const due = schedule.latestBetween(row.handledUntil, now);
    if (!due) return null;
    if (!(await this.lock.claimTick(row, due, schedule.nextAfter(now)))) return null;
    if (why === 'start') this.logger.warn(`Catch-up: schedule "${row.name}" missed its run due at ${due.toISOString()} while no instance was running; running it once now`);
    return this.runner.run(row, { trigger: 'schedule', createdBy: null }, 'record');
  }

  /** Re-reads all schedules and brings this instance's timers in line (changes made through other instances). */
  async reconcile(): Promise<void> {
    if (this.stopping || !this.config.schedulerEnabled) return;
    const enabled = await this.schedules.findBy({ enabled: true });
    for (const row of enabled) {
      const armed = this.armed.get(row.id);
      if (!armed || armed.cron !== row.cron || armed.timezone !== row.timezone) this.arm(row);
    }
    for (const id of [...this.armed.keys()]) if (!enabled.some((row) => row.id === id)) this.disarm(id);
  }

  /** The job this instance has registered for a schedule, if any (for monitoring and tests). */
  registeredJob(id: number): CronJob | undefined {
    return this.registry.doesExist('cron', jobName(id)) ? this.registry.getCronJob(jobName(id)) : undefined;
  }

  private arm(row: BackupSchedule): void {
    this.disarm(row.id);
    const schedule = this.compile(row);
    if (!schedule || this.stopping) return;
    const at = schedule.nextAfter(this.clock.now());
    const job = CronJob.from({ cronTime: at, onTick: () => this.onTimer(row.id), start: false, name: jobName(row.id), unrefTimeout: true });
    this.registry.addCronJob(jobName(row.id), job);
    const armed: ArmedJob = { cron: row.cron, timezone: row.timezone, schedule, job, at };
    this.armed.set(row.id, armed);
    this.start(row.id, armed);
  }

  private disarm(id: number): void {
    this.armed.delete(id);
    if (this.registry.doesExist('cron', jobName(id))) this.registry.deleteCronJob(jobName(id));
  }

  /**
   * The job's timer is set for one run time at a time (computed by
   * CronSchedule, which gets DST right), then set again for the next.
   */
  private onTimer(id: number): void {
    const armed = this.armed.get(id);
    if (!armed || this.stopping) return;
    // Set the next timer before running, so a long run does not delay it (the next tick must see the overlap).
    const from = Math.max(this.clock.now().getTime(), armed.at.getTime());
    armed.at = armed.schedule.nextAfter(new Date(from));
    armed.job.setTime(new CronTime(armed.at));
    this.start(id, armed);
    this.track(this.tick(id));
  }

  private start(id: number, armed: ArmedJob): void {
    // A clock far from the real one (a test's fake clock in the past) would make the timer fire at once, forever.
    if (armed.at.getTime() < Date.now() - 1000) return;
    try {
      armed.job.start();
    } catch {
      // cron refuses a time already past: it came due while we were setting it (a busy event loop). Do it now.
      setImmediate(() => this.onTimer(id));
    }
  }

  private compile(row: BackupSchedule): CronSchedule | null {
    try {
      return new CronSchedule(row.cron, row.timezone);
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
      const row = await this.insert({ name: d.name, cron: d.cron, timezone: this.config.backupTimezone, target: d.target, keep: this.config.backupKeep, enabled: true });
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
      enabled: input.enabled ?? true,
    });
    this.resync(row);
    return row;
  }

  async update(id: number, input: ScheduleInput): Promise<BackupSchedule> {
    const row = await this.get(id);
    if (input.name !== undefined && input.name !== row.name && (await this.schedules.existsBy({ name: input.name }))) throw new ScheduleNameTakenException(input.name);
    const schedule = this.validate(input.cron ?? row.cron, input.timezone ?? row.timezone);
    const enabled = input.enabled ?? row.enabled;
    const now = this.clock.now();
    const patch: Partial<BackupSchedule> = {
      name: input.name ?? row.name,
      cron: schedule.expression,
      timezone: schedule.timeZone,
      target: input.target ?? row.target,
      keep: input.keep ?? row.keep,
      enabled,
      nextRunAt: enabled ? schedule.nextAfter(now) : null,
      updatedAt: now,
    };
    // New timing, or back on: run times of the old timing, or from while it was off, are not caught up.
    if (patch.cron !== row.cron || patch.timezone !== row.timezone || (enabled && !row.enabled)) patch.handledUntil = now;
    await this.schedules.update(id, patch);
    const updated = await this.get(id);
    this.resync(updated);
    return updated;
  }

  async remove(id: number): Promise<void> {
    const row = await this.get(id);
    await this.schedules.delete(row.id);
    this.disarm(row.id);
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

  private async insert(input: Required<ScheduleInput>): Promise<BackupSchedule> {
    const schedule = this.validate(input.cron, input.timezone);
    const now = this.clock.now();
    return this.schedules.save(
      this.schedules.create({
        ...input,
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

  /** After a change through the API: this instance's timer follows at once (others within SYNC_INTERVAL_MS, or at their next tick). */
  private resync(row: BackupSchedule): void {
    if (!this.config.schedulerEnabled) return;
    if (row.enabled) this.arm(row);
    else this.disarm(row.id);
  }
}
