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
var SchedulingService_1;
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { CronJob, CronTime } from 'cron';
import { IsNull, Repository } from 'typeorm';
import { errorText } from '../backups/backups.service.js';
import { AppConfig } from '../config/app-config.js';
import { BackupSchedule } from './backup-schedule.entity.js';
import { Clock } from './clock.js';
import { CronSchedule, InvalidScheduleError } from './cron-schedule.js';
import { ScheduleLockService } from './schedule-lock.service.js';
import { ScheduleRunner } from './schedule-runner.service.js';
import { SchedulerState } from './scheduler-state.entity.js';
import { InvalidScheduleException, ScheduleBusyException, ScheduleNameTakenException, ScheduleNotFoundException } from './scheduling.errors.js';
/** How often each instance re-reads the schedules, to pick up changes made through another instance. */
export const SYNC_INTERVAL_MS = 30_000;
/** How long shutdown waits for runs in progress before letting go (their lease then expires). */
const SHUTDOWN_WAIT_MS = 30_000;
export const jobName = (id) => `backup-schedule-${id}`;
const SYNC_INTERVAL_NAME = 'backup-schedules-sync';
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
let SchedulingService = SchedulingService_1 = class SchedulingService {
    schedules;
    state;
    registry;
    runner;
    lock;
    clock;
    config;
    logger = new Logger(SchedulingService_1.name);
    armed = new Map();
    inflight = new Set();
    stopping = false;
    constructor(schedules, state, registry, runner, lock, clock, config) {
        this.schedules = schedules;
        this.state = state;
        this.registry = registry;
        this.runner = runner;
        this.lock = lock;
        this.clock = clock;
        this.config = config;
    }
    // ---- lifecycle -------------------------------------------------------------
    async onApplicationBootstrap() {
        await this.createDefaults();
        if (!this.config.schedulerEnabled) {
            this.logger.log('BACKUP_SCHEDULER_ENABLED=false: this instance runs no schedules');
            return;
        }
        const rows = await this.schedules.findBy({ enabled: true });
        for (const row of rows)
            this.arm(row);
        const sync = setInterval(() => this.track(this.reconcile()), SYNC_INTERVAL_MS);
        sync.unref();
        this.registry.addInterval(SYNC_INTERVAL_NAME, sync);
        // Catch-up (systemd's Persistent=true): a run that came due while no instance was up runs once now.
        for (const row of rows)
            this.track(this.tick(row.id, 'start'));
        this.logger.log(`Scheduler started on ${this.lock.instanceId}: ${rows.length} schedule(s) armed`);
    }
    async beforeApplicationShutdown() {
        this.stopping = true;
        if (this.registry.doesExist('interval', SYNC_INTERVAL_NAME))
            this.registry.deleteInterval(SYNC_INTERVAL_NAME);
        for (const id of [...this.armed.keys()])
            this.disarm(id);
        let timer;
        const gaveUp = new Promise((resolve) => (timer = setTimeout(() => resolve(true), SHUTDOWN_WAIT_MS)));
        const late = await Promise.race([this.drain().then(() => false), gaveUp]);
        clearTimeout(timer);
        if (late)
            this.logger.warn(`Shutting down with schedule runs still going; their leases expire on their own`);
    }
    /** Resolves when no run started by this service is in progress (tests and shutdown). */
    async drain() {
        while (this.inflight.size)
            await Promise.allSettled([...this.inflight]);
    }
    // ---- ticks -------------------------------------------------------------------
    /**
     * What a timer does: if a run of the schedule is due (the latest run time in
     * (handled_until, now]) and this instance claims it, run it. Several missed
     * run times collapse into one run. Returns null when nothing ran here.
     */
    async tick(id, why = 'timer') {
        if (this.stopping)
            return null;
        const row = await this.schedules.findOneBy({ id });
        if (!row || !row.enabled) {
            this.disarm(id);
            return null;
        }
        const armed = this.armed.get(id);
        // Changed through another instance since we armed it: take the row's timing from now on.
        if (this.config.schedulerEnabled && (!armed || armed.cron !== row.cron || armed.timezone !== row.timezone))
            this.arm(row);
        const schedule = this.compile(row);
        if (!schedule)
            return null;
        const now = this.clock.now();
        const due = schedule.latestBetween(row.handledUntil, now);
        if (!due)
            return null;
        if (!(await this.lock.claimTick(row, due, schedule.nextAfter(now))))
            return null;
        if (why === 'start')
            this.logger.warn(`Catch-up: schedule "${row.name}" missed its run due at ${due.toISOString()} while no instance was running; running it once now`);
        return this.runner.run(row, { trigger: 'schedule', createdBy: null }, 'record');
    }
    /** Re-reads all schedules and brings this instance's timers in line (changes made through other instances). */
    async reconcile() {
        if (this.stopping || !this.config.schedulerEnabled)
            return;
        const enabled = await this.schedules.findBy({ enabled: true });
        for (const row of enabled) {
            const armed = this.armed.get(row.id);
            if (!armed || armed.cron !== row.cron || armed.timezone !== row.timezone)
                this.arm(row);
        }
        for (const id of [...this.armed.keys()])
            if (!enabled.some((row) => row.id === id))
                this.disarm(id);
    }
    /** The job this instance has registered for a schedule, if any (for monitoring and tests). */
    registeredJob(id) {
        return this.registry.doesExist('cron', jobName(id)) ? this.registry.getCronJob(jobName(id)) : undefined;
    }
    arm(row) {
        this.disarm(row.id);
        const schedule = this.compile(row);
        if (!schedule || this.stopping)
            return;
        const at = schedule.nextAfter(this.clock.now());
        const job = CronJob.from({ cronTime: at, onTick: () => this.onTimer(row.id), start: false, name: jobName(row.id), unrefTimeout: true });
        this.registry.addCronJob(jobName(row.id), job);
        const armed = { cron: row.cron, timezone: row.timezone, schedule, job, at };
        this.armed.set(row.id, armed);
        this.start(row.id, armed);
    }
    disarm(id) {
        this.armed.delete(id);
        if (this.registry.doesExist('cron', jobName(id)))
            this.registry.deleteCronJob(jobName(id));
    }
    /**
     * The job's timer is set for one run time at a time (computed by
     * CronSchedule, which gets DST right), then set again for the next.
     */
    onTimer(id) {
        const armed = this.armed.get(id);
        if (!armed || this.stopping)
            return;
        // Set the next timer before running, so a long run does not delay it (the next tick must see the overlap).
        const from = Math.max(this.clock.now().getTime(), armed.at.getTime());
        armed.at = armed.schedule.nextAfter(new Date(from));
        armed.job.setTime(new CronTime(armed.at));
        this.start(id, armed);
        this.track(this.tick(id));
    }
    start(id, armed) {
        // A clock far from the real one (a test's fake clock in the past) would make the timer fire at once, forever.
        if (armed.at.getTime() < Date.now() - 1000)
            return;
        try {
            armed.job.start();
        }
        catch {
            // cron refuses a time already past: it came due while we were setting it (a busy event loop). Do it now.
            setImmediate(() => this.onTimer(id));
        }
    }
    compile(row) {
        try {
            return new CronSchedule(row.cron, row.timezone);
        }
        catch (error) {
            this.logger.error(`Schedule "${row.name}" (${row.id}) cannot run: ${errorText(error)}`);
            return null;
        }
    }
    track(work) {
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
    async createDefaults() {
        const now = this.clock.now();
        // Only the instance whose UPDATE changes the row creates them, even if several start at once.
        const first = await this.state.update({ id: 1, defaultsCreatedAt: IsNull() }, { defaultsCreatedAt: now });
        if (first.affected !== 1)
            return;
        const defaults = [
            { name: 'Full database', cron: this.config.backupScheduleFullDb, target: 'full_db' },
            { name: 'All user inventories', cron: this.config.backupScheduleUsers, target: 'all_users' },
        ];
        for (const d of defaults) {
            if (!d.cron)
                continue;
            const row = await this.insert({ name: d.name, cron: d.cron, timezone: this.config.backupTimezone, target: d.target, keep: this.config.backupKeep, enabled: true });
            this.logger.log(`Created default schedule "${row.name}": ${row.cron} (${row.timezone}), keep ${row.keep}`);
        }
    }
    // ---- CRUD --------------------------------------------------------------------------
    list() {
        return this.schedules.find({ order: { id: 'ASC' } });
    }
    async get(id) {
        const row = await this.schedules.findOneBy({ id });
        if (!row)
            throw new ScheduleNotFoundException(id);
        return row;
    }
    async create(input) {
        if (await this.schedules.existsBy({ name: input.name }))
            throw new ScheduleNameTakenException(input.name);
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
    async update(id, input) {
        const row = await this.get(id);
        if (input.name !== undefined && input.name !== row.name && (await this.schedules.existsBy({ name: input.name })))
            throw new ScheduleNameTakenException(input.name);
        const schedule = this.validate(input.cron ?? row.cron, input.timezone ?? row.timezone);
        const enabled = input.enabled ?? row.enabled;
        const now = this.clock.now();
        const patch = {
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
        if (patch.cron !== row.cron || patch.timezone !== row.timezone || (enabled && !row.enabled))
            patch.handledUntil = now;
        await this.schedules.update(id, patch);
        const updated = await this.get(id);
        this.resync(updated);
        return updated;
    }
    async remove(id) {
        const row = await this.get(id);
        await this.schedules.delete(row.id);
        this.disarm(row.id);
        this.logger.log(`Deleted schedule "${row.name}" (${row.id})`);
    }
    /** An admin's "run now": the schedule's targets and keep, trigger manual; 409 while its previous run goes on. */
    async runNow(id, userId) {
        const row = await this.get(id);
        const result = await this.track(this.runner.run(row, { trigger: 'manual', createdBy: userId }, 'report'));
        if (result.busyWith)
            throw new ScheduleBusyException(row.name, result.busyWith);
        return result;
    }
    /** The soonest run of all enabled schedules (ties: lowest id; null when none is enabled), counted from `now`. */
    async next() {
        const now = this.clock.now();
        let next = null;
        for (const row of await this.schedules.find({ where: { enabled: true }, order: { id: 'ASC' } })) {
            const schedule = this.compile(row);
            if (!schedule)
                continue;
            const at = schedule.nextAfter(now);
            if (!next || at < next.at)
                next = { schedule: row, at, local: schedule.localIso(at) };
        }
        return { now, next };
    }
    /** When an enabled schedule runs next, from now; null for a disabled one. */
    nextRunOf(row) {
        if (!row.enabled)
            return null;
        const schedule = this.compile(row);
        if (!schedule)
            return null;
        const at = schedule.nextAfter(this.clock.now());
        return { at, local: schedule.localIso(at) };
    }
    isRunning(row) {
        return Boolean(row.leaseOwner && row.leaseExpiresAt && row.leaseExpiresAt > this.clock.now());
    }
    async insert(input) {
        const schedule = this.validate(input.cron, input.timezone);
        const now = this.clock.now();
        return this.schedules.save(this.schedules.create({
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
        }));
    }
    validate(cron, timezone) {
        try {
            return new CronSchedule(cron, timezone);
        }
        catch (error) {
            if (error instanceof InvalidScheduleError)
                throw new InvalidScheduleException(error.field, error.message);
            throw error;
        }
    }
    /** After a change through the API: this instance's timer follows at once (others within SYNC_INTERVAL_MS, or at their next tick). */
    resync(row) {
        if (!this.config.schedulerEnabled)
            return;
        if (row.enabled)
            this.arm(row);
        else
            this.disarm(row.id);
    }
};
SchedulingService = SchedulingService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupSchedule)),
    __param(1, InjectRepository(SchedulerState)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        SchedulerRegistry,
        ScheduleRunner,
        ScheduleLockService,
        Clock,
        AppConfig])
], SchedulingService);
export { SchedulingService };
//# sourceMappingURL=scheduling.service.js.map