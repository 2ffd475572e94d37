import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { BackupRun } from '../backups/backup-run.entity.js';
import type { AppConfig } from '../config/app-config.js';
import type { BackupSchedule } from './backup-schedule.entity.js';
import { Clock } from '../common/clock.js';
import type { ScheduleFailures } from './schedule-failures.js';
import type { ScheduleLockService, TickClaim } from './schedule-lock.service.js';
import type { ScheduleRunner } from './schedule-runner.service.js';
import { ScheduleTimer, SYNC_INTERVAL_MS } from './schedule-timer.js';
import type { SchedulerState } from './scheduler-state.entity.js';
import { SchedulingService } from './scheduling.service.js';
import { WakeUpTimer } from './wake-up-timer.js';

class FakeClock extends Clock {
  current = new Date('2027-01-10T11:00:00Z');
  override now(): Date {
    return new Date(this.current);
  }
}

class FakeWakeUpTimer extends WakeUpTimer {
  delays: number[] = [];
  constructor() {
    super(null as never);
  }
  override set(delayMs: number): void {
    this.delays.push(delayMs);
  }
  override clear(): void {}
}

let nextId = 1;
function scheduleRow(patch: Partial<BackupSchedule> = {}): BackupSchedule {
  const created = new Date('2027-01-10T10:00:00Z');
  return {
    id: nextId++,
    name: 'every 10 s',
    cron: '*/10 * * * * *',
    timezone: 'UTC',
    target: 'full_db',
    keep: 5,
    keepDaily: null,
    keepWeekly: null,
    keepMonthly: null,
    enabled: true,
    handledUntil: created,
    lastRunAt: null,
    lastRunStatus: null,
    nextRunAt: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: created,
    updatedAt: created,
    ...patch,
  };
}

const run = (patch: Partial<BackupRun>) => patch as BackupRun;

/** The service with every collaborator faked; `rows` is the backup_schedules table. */
function setup(rows: BackupSchedule[] = []) {
  const clock = new FakeClock();
  const wakeUps = new FakeWakeUpTimer();
  const schedules = {
    findBy: jest.fn(async () => rows.filter((r) => r.enabled)),
    findOneBy: jest.fn(async ({ id }: { id: number }) => rows.find((r) => r.id === id) ?? null),
  };
  const state = { update: jest.fn(async () => ({ affected: 0 })) };
  const runner = { run: jest.fn<ScheduleRunner['run']>(async () => ({ status: 'succeeded', runs: [] })) };
  const lock = {
    instanceId: 'host:1:me',
    claimTick: jest.fn<ScheduleLockService['claimTick']>(async () => true),
    settle: jest.fn<ScheduleLockService['settle']>(async () => undefined),
    claimsOfDeadInstances: jest.fn<ScheduleLockService['claimsOfDeadInstances']>(async () => []),
    takeOver: jest.fn<ScheduleLockService['takeOver']>(async () => true),
  };
  const failures = {
    recordFailed: jest.fn<ScheduleFailures['recordFailed']>(async (_s, target, trigger, _by, error) =>
      run({ target, trigger, status: 'failed', error: String(error) }),
    ),
    claimHasRun: jest.fn<ScheduleFailures['claimHasRun']>(async () => false),
    recordInterrupted: jest.fn<ScheduleFailures['recordInterrupted']>(async () => undefined),
  };
  const config = {
    schedulerEnabled: true,
    backupScheduleFullDb: null,
    backupScheduleUsers: null,
    backupTimezone: 'UTC',
    backupKeep: 10,
  } as unknown as AppConfig;
  const sut = new SchedulingService(
    schedules as unknown as Repository<BackupSchedule>,
    state as unknown as Repository<SchedulerState>,
    runner as unknown as ScheduleRunner,
    lock as unknown as ScheduleLockService,
    failures as unknown as ScheduleFailures,
    new ScheduleTimer(wakeUps, clock),
    clock,
    config,
  );
  const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  return { sut, mocks: { clock, wakeUps, schedules, state, runner, lock, failures, errors } };
}

describe(SchedulingService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  describe('tick', () => {
    it('runs a due tick it claims, then settles the claim', async () => {
      const row = scheduleRow();
      const { sut, mocks } = setup([row]);
      mocks.clock.current = new Date('2027-01-10T11:00:10.004Z');
      await expect(sut.tick(row.id)).resolves.toEqual({ status: 'succeeded', runs: [] });
      expect(mocks.lock.claimTick).toHaveBeenCalledWith(row, new Date('2027-01-10T11:00:10Z'), new Date('2027-01-10T11:00:20Z'));
      expect(mocks.lock.settle).toHaveBeenCalledWith(row.id, new Date('2027-01-10T11:00:10Z'));
    });

    it('does nothing when the tick is not due yet (a timer that fired early)', async () => {
      const row = scheduleRow({ handledUntil: new Date('2027-01-10T11:00:00Z') });
      const { sut, mocks } = setup([row]);
      mocks.clock.current = new Date('2027-01-10T11:00:09.999Z');
      await expect(sut.tick(row.id)).resolves.toBeNull();
      expect(mocks.lock.claimTick).not.toHaveBeenCalled();
    });

    it('does not run a tick another instance claimed', async () => {
      const row = scheduleRow();
      const { sut, mocks } = setup([row]);
      mocks.lock.claimTick.mockResolvedValue(false);
      await expect(sut.tick(row.id)).resolves.toBeNull();
      expect(mocks.runner.run).not.toHaveBeenCalled();
    });

    it('a runner that throws leaves a failed run per target, and the claim is settled', async () => {
      const row = scheduleRow({ target: 'both' });
      const { sut, mocks } = setup([row]);
      mocks.runner.run.mockRejectedValue(new Error('connection reset'));
      const result = await sut.tick(row.id);
      expect(result).toMatchObject({ status: 'failed' });
      expect(result!.runs.map((r) => [r.target, r.status])).toEqual([
        ['full_db', 'failed'],
        ['all_users', 'failed'],
      ]);
      expect(mocks.failures.recordFailed).toHaveBeenCalledWith(row, 'full_db', 'schedule', null, expect.objectContaining({ message: 'connection reset' }));
      expect(mocks.lock.settle).toHaveBeenCalledTimes(1);
    });

    it('a row that cannot be compiled is logged and passed over', async () => {
      const row = scheduleRow({ cron: 'every tuesday' });
      const { sut, mocks } = setup([row]);
      await expect(sut.tick(row.id)).resolves.toBeNull();
      expect(mocks.errors).toHaveBeenCalledWith(expect.stringMatching(/Schedule "every 10 s" .* cannot run: cron "every tuesday"/));
    });
  });

  describe('boot', () => {
    it('bad rows and failing defaults do not stop it: the good schedule is armed and caught up', async () => {
      const good = scheduleRow();
      const rows = [scheduleRow({ name: 'bad zone', timezone: 'Mars/Olympus_Mons' }), good, scheduleRow({ name: 'never', cron: '0 0 30 2 *' })];
      const { sut, mocks } = setup(rows);
      mocks.state.update.mockRejectedValue(new Error('scheduler_state is locked'));
      mocks.clock.current = new Date('2027-01-10T11:00:04Z');
      await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
      await sut.drain();
      expect(mocks.wakeUps.delays).toEqual([6_000]);
      expect(mocks.runner.run).toHaveBeenCalledTimes(1);
      expect(mocks.runner.run.mock.calls[0][0]).toBe(good);
      expect(mocks.errors).toHaveBeenCalledWith(expect.stringContaining('scheduler_state is locked'));
      expect(mocks.errors).toHaveBeenCalledWith(expect.stringContaining('"bad zone"'));
      expect(mocks.errors).toHaveBeenCalledWith(expect.stringContaining('"never"'));
    });

    it('a database that cannot be read at start: boot goes on, the timer tries again soon', async () => {
      const { sut, mocks } = setup();
      mocks.schedules.findBy.mockRejectedValue(new Error('ECONNREFUSED'));
      await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
      expect(mocks.wakeUps.delays).toEqual([1_000]);
    });

    it('a leap-day schedule in a zone with DST arms for 29 February', async () => {
      const row = scheduleRow({ cron: '0 0 29 2 *', timezone: 'Europe/Berlin', handledUntil: new Date('2026-12-01T00:00:00Z') });
      const { sut, mocks } = setup([row]);
      mocks.clock.current = new Date('2026-12-01T12:00:00Z');
      await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
      expect(mocks.wakeUps.delays).toEqual([SYNC_INTERVAL_MS]);
      expect(sut.nextRunOf(row)).toEqual({ at: new Date('2028-02-28T23:00:00Z'), local: '2028-02-29T00:00:00+01:00' });
    });
  });

  describe('claims of dead instances', () => {
    const claim: TickClaim = { scheduleId: 0, slot: new Date('2027-01-10T11:00:00Z'), owner: 'host:2:dead', claimedAt: new Date() };

    it.each([
      ['no run was written', true, false, 1],
      ['its run was written (the run heartbeat marks it)', true, true, 0],
      ['another instance took it over first', false, false, 0],
    ])('when %s: %#', async (_case, tookOver, hasRun, recorded) => {
      const row = scheduleRow({ target: 'all_users', handledUntil: new Date('2027-01-10T11:00:00Z') });
      const { sut, mocks } = setup([row]);
      mocks.lock.claimsOfDeadInstances.mockResolvedValue([{ ...claim, scheduleId: row.id }]);
      mocks.lock.takeOver.mockResolvedValue(tookOver);
      mocks.failures.claimHasRun.mockResolvedValue(hasRun);
      await sut.onApplicationBootstrap();
      await sut.drain();
      expect(mocks.failures.recordInterrupted).toHaveBeenCalledTimes(recorded);
      if (recorded) expect(mocks.failures.recordInterrupted).toHaveBeenCalledWith({ ...claim, scheduleId: row.id }, ['all_users']);
    });
  });
});
