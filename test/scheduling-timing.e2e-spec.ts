import { jest } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { databaseDumperProvider } from '../src/backups/backups.module.js';
import { BackupsService } from '../src/backups/backups.service.js';
import { DatabaseDumper } from '../src/backups/dialects/database-dumper.js';
import { BackupSchedule } from '../src/scheduling/backup-schedule.entity.js';
import { Clock } from '../src/common/clock.js';
import { ScheduleLockService } from '../src/scheduling/schedule-lock.service.js';
import { ScheduleTimer } from '../src/scheduling/schedule-timer.js';
import { SchedulingService } from '../src/scheduling/scheduling.service.js';
import { WakeUpTimer } from '../src/scheduling/wake-up-timer.js';
import { AppInstance } from '../src/instances/app-instance.entity.js';
import { INTERRUPTED_BEFORE_START } from '../src/scheduling/schedule-failures.js';
import { WrappedDumper } from './fakes/dumpers.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp, TestAppOptions } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';
import type { TestDatabase, TestDialect } from './support/test-database.js';

// The two-instance test watches real per-second ticks for ~10 s.
jest.setTimeout(90_000);

/** No default schedules: each test makes the ones it needs. */
const NO_DEFAULTS = { BACKUP_SCHEDULE_FULL_DB: '', BACKUP_SCHEDULE_USERS: '' };

class FakeClock extends Clock {
  private current: Date;
  constructor(iso: string) {
    super();
    this.current = new Date(iso);
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at);
  }
}

/** A wake-up timer the test fires by hand, at any moment (early, late, twice), instead of setTimeout. */
class ManualWakeUpTimer extends WakeUpTimer {
  delayMs: number | null = null;
  private wake: (() => void) | null = null;
  constructor() {
    super(null as never);
  }
  override set(delayMs: number, wake: () => void): void {
    this.delayMs = delayMs;
    this.wake = wake;
  }
  override clear(): void {
    this.delayMs = null;
    this.wake = null;
  }
  get pending(): boolean {
    return this.wake !== null;
  }
  /** Fires the pending wake-up now (what the callback does: `timer.wake()`), and waits until the next one is set. */
  async fire(t: TestApp): Promise<void> {
    if (!this.wake) throw new Error('no wake-up is set');
    this.wake = null;
    await t.app.get(ScheduleTimer).wake();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runsOf = (t: TestApp, scheduleId: number) => t.dataSource.getRepository(BackupRun).find({ where: { scheduleId }, order: { id: 'ASC' } });
const scheduleRow = (t: TestApp, id: number) => t.dataSource.getRepository(BackupSchedule).findOneByOrFail({ id });
const fullDbFiles = (t: TestApp) =>
  existsSync(join(t.mediaRoot, 'backups/full_db'))
    ? readdirSync(join(t.mediaRoot, 'backups/full_db')).filter((f) => !f.startsWith('.') && !f.endsWith('.manifest.json'))
    : [];

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/**
 * An app instance on `db` whose scheduler reads `clock` and, with a fake clock, wakes only when the test
 * fires its timer (`timerOf`); extra overrides optional.
 */
function instance(dialect: TestDialect, db: TestDatabase, clock: Clock | null, extra: Partial<TestAppOptions> = {}): Promise<TestApp> {
  return createTestApp(dialect, {
    db,
    env: { ...NO_DEFAULTS, ...extra.env },
    override: (b) => {
      if (clock) b.overrideProvider(Clock).useValue(clock);
      if (clock) b.overrideProvider(WakeUpTimer).useValue(new ManualWakeUpTimer());
      extra.override?.(b);
    },
  });
}
const timerOf = (t: TestApp) => t.app.get(WakeUpTimer) as ManualWakeUpTimer;
/** A live instance in app_instances (another process, as far as this one can tell). */
const registerInstance = (t: TestApp, id: string, lastSeenAt = new Date()) =>
  t.dataSource.getRepository(AppInstance).save({ id, kind: 'server', host: id.split(':')[0], pid: 1, version: '0.0.0', startedAt: lastSeenAt, lastSeenAt });

const slowDumper =
  (delayMs: number): TestAppOptions['override'] =>
  (b) =>
    b.overrideProvider(DatabaseDumper).useFactory({
      factory: (...deps: Parameters<typeof databaseDumperProvider.useFactory>) => new WrappedDumper(databaseDumperProvider.useFactory(...deps), { delayMs }),
      inject: databaseDumperProvider.inject,
    });

async function createSchedule(t: TestApp, body: object): Promise<number> {
  const res = await t.http
    .post('/api/schedules')
    .set(bearer(await t.login()))
    .send(body);
  if (res.status !== 201) throw new Error(`create schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

describe.each(testDialects())('scheduling over time (%s)', (dialect: TestDialect) => {
  let db: TestDatabase;
  /** The instances of one deployment share the database and MEDIA_ROOT. */
  let mediaRoot: string;
  const apps: TestApp[] = [];
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    mediaRoot = await mkdtemp(join(tmpdir(), 'bs-sched-media-'));
  });
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
    await db.drop();
    await rm(mediaRoot, { recursive: true, force: true });
  });
  const start = async (clock: Clock | null, extra: Partial<TestAppOptions> = {}) => {
    const t = await instance(dialect, db, clock, { ...extra, env: { MEDIA_ROOT: mediaRoot, ...extra.env } });
    apps.push(t);
    return t;
  };
  const stop = async (t: TestApp) => {
    apps.splice(apps.indexOf(t), 1);
    await t.close();
  };

  it('no overlap: a tick while the previous run is going (on this or another instance) is recorded as skipped; a dead holder blocks nothing, a stalled live one until its lease expires', async () => {
    const clockA = new FakeClock('2027-01-10T11:00:00Z');
    const clockB = new FakeClock('2027-01-10T11:00:00Z');
    const a = await start(clockA, { override: slowDumper(2500) });
    const b = await start(clockB);
    const [schedA, schedB] = [a.app.get(SchedulingService), b.app.get(SchedulingService)];
    const id = await createSchedule(a, { name: 'every 10 s', cron: '*/10 * * * * *', target: 'full_db', keep: 10 });

    // A's run at :10 takes 2.5 s.
    clockA.set('2027-01-10T11:00:10Z');
    const slowRun = schedA.tick(id);
    await until(
      'the run to hold the lease',
      () => scheduleRow(a, id),
      (row) => row.leaseOwner !== null,
    );

    clockB.set('2027-01-10T11:00:20Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'skipped', busyWith: a.app.get(ScheduleLockService).instanceId });
    clockA.set('2027-01-10T11:00:20Z');
    expect(await schedA.tick(id)).toBeNull(); // that tick was B's to handle, and it did
    clockA.set('2027-01-10T11:00:30Z');
    expect(await schedA.tick(id)).toMatchObject({ status: 'skipped' }); // overlap on the same instance
    expect(await slowRun).toMatchObject({ status: 'succeeded' });

    clockB.set('2027-01-10T11:00:40Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'succeeded' });

    // A live instance stalled holding the lease: ticks are skipped until the lease it does not renew runs out.
    const repo = a.dataSource.getRepository(BackupSchedule);
    await registerInstance(a, 'stalled-host:998:5ta11e');
    await repo.update(id, { leaseOwner: 'stalled-host:998:5ta11e', leaseExpiresAt: new Date('2027-01-10T11:01:30Z') });
    clockB.set('2027-01-10T11:00:50Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'skipped', busyWith: 'stalled-host:998:5ta11e' });
    clockB.set('2027-01-10T11:01:40Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'succeeded' });

    // An instance died holding the lease (it is not in app_instances, or stopped renewing its row there): free at once.
    await repo.update(id, { leaseOwner: 'crashed-host:999:dead00', leaseExpiresAt: new Date('2027-01-10T11:03:00Z') });
    clockB.set('2027-01-10T11:01:50Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'succeeded' });
    await registerInstance(a, 'crashed-host:997:dead01', new Date(Date.now() - 31_000));
    await repo.update(id, { leaseOwner: 'crashed-host:997:dead01', leaseExpiresAt: new Date('2027-01-10T11:03:00Z') });
    clockB.set('2027-01-10T11:02:00Z');
    expect(await schedB.tick(id)).toMatchObject({ status: 'succeeded' });

    const runs = await runsOf(a, id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'skipped', 'succeeded', 'skipped', 'succeeded', 'succeeded', 'succeeded']);
    expect(runs.every((r) => r.trigger === 'schedule' && r.target === 'full_db')).toBe(true);
    expect(runs[1].error).toContain(`still going (on ${a.app.get(ScheduleLockService).instanceId})`);
    expect(runs[4].error).toContain('still going (on stalled-host:998:5ta11e)');
    expect(fullDbFiles(a)).toHaveLength(5);
    const row = await scheduleRow(a, id);
    expect(row).toMatchObject({ leaseOwner: null, lastRunStatus: 'succeeded' });
    expect(row.handledUntil.toISOString()).toBe('2027-01-10T11:02:00.000Z');
  });

  it('catch-up: a run missed while no instance was up runs once at the next start, not once per missed tick', async () => {
    const t1 = await start(new FakeClock('2027-01-10T10:00:00Z'));
    const id = await createSchedule(t1, { name: 'hourly', cron: '0 * * * *', target: 'all_users', keep: 20 });
    expect(await runsOf(t1, id)).toHaveLength(0); // nothing was owed at creation
    await stop(t1);

    // Down from 10:00 to 15:20: 11:00 … 15:00 were missed. One run at start.
    const t2 = await start(new FakeClock('2027-01-10T15:20:00Z'));
    await t2.app.get(SchedulingService).drain();
    let runs = await runsOf(t2, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    expect(await scheduleRow(t2, id)).toMatchObject({
      handledUntil: new Date('2027-01-10T15:00:00Z'),
      lastRunAt: new Date('2027-01-10T15:20:00Z'),
      lastRunStatus: 'succeeded',
    });
    await stop(t2);

    // Two instances start together after 16:00 was missed: one catch-up run between them.
    const [t3, t4] = await Promise.all([start(new FakeClock('2027-01-10T16:05:00Z')), start(new FakeClock('2027-01-10T16:05:00.300Z'))]);
    await Promise.all([t3.app.get(SchedulingService).drain(), t4.app.get(SchedulingService).drain()]);
    expect(await runsOf(t3, id)).toHaveLength(2);
    await stop(t3);
    await stop(t4);

    // A start with nothing missed runs nothing.
    const t5 = await start(new FakeClock('2027-01-10T16:40:00Z'));
    await t5.app.get(SchedulingService).drain();
    expect(await runsOf(t5, id)).toHaveLength(2);
    // Off, down past 17:00-19:00, on again: what it missed while off is not owed.
    const admin = await t5.login();
    await t5.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ enabled: false }).expect(200);
    await stop(t5);
    const clock = new FakeClock('2027-01-10T19:30:00Z');
    const t6 = await start(clock);
    await t6.app.get(SchedulingService).drain();
    await t6.http
      .patch(`/api/schedules/${id}`)
      .set(bearer(await t6.login()))
      .send({ enabled: true })
      .expect(200);
    await t6.app.get(SchedulingService).drain();
    expect(await runsOf(t6, id)).toHaveLength(2);
    clock.set('2027-01-10T20:00:00Z');
    await t6.app.get(SchedulingService).tick(id);
    runs = await runsOf(t6, id);
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => [r.trigger, r.status, r.error])).toEqual([
      ['schedule', 'succeeded', null],
      ['schedule', 'succeeded', null],
      ['schedule', 'succeeded', null],
    ]);
  });

  it('DST: a daily 02:30 in America/New_York runs once on each DST change day (03:00 EDT in March, 02:30 EST in November)', async () => {
    const clock = new FakeClock('2027-03-13T05:00:00Z'); // 00:00 EST
    const t = await start(clock);
    const scheduling = t.app.get(SchedulingService);
    // Record the (fake) time of each scheduled backup.
    const backups = t.app.get(BackupsService);
    const createAllUsers = backups.createAllUsers.bind(backups);
    const ranAt: string[] = [];
    backups.createAllUsers = (options, onProgress) => {
      ranAt.push(clock.now().toISOString());
      return createAllUsers(options, onProgress);
    };
    // What the real timer does, minus the waiting: move the clock to the soonest next run, wake up, let the run finish.
    const timerFiresUntil = async (_id: number, end: string) => {
      const fired: string[] = [];
      for (;;) {
        const at = (await scheduling.next()).next!.at;
        if (at > new Date(end)) return fired;
        fired.push(at.toISOString());
        clock.set(at);
        await timerOf(t).fire(t);
        await scheduling.drain();
      }
    };

    const spring = await createSchedule(t, { name: 'spring', cron: '30 2 * * *', timezone: 'America/New_York', target: 'all_users', keep: 50 });
    expect(await timerFiresUntil(spring, '2027-03-16T05:00:00Z')).toEqual(['2027-03-13T07:30:00.000Z', '2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z']);
    expect(ranAt).toEqual(['2027-03-13T07:30:00.000Z', '2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z']);

    clock.set('2027-11-06T04:00:00Z'); // 00:00 EDT
    await t.http
      .delete(`/api/schedules/${spring}`)
      .set(bearer(await t.login()))
      .expect(204);
    const fall = await createSchedule(t, { name: 'fall', cron: '30 2 * * *', timezone: 'America/New_York', target: 'all_users', keep: 50 });
    ranAt.length = 0;
    expect(await timerFiresUntil(fall, '2027-11-07T07:00:00Z')).toEqual(['2027-11-06T06:30:00.000Z']);
    // A stray tick where cron 4.4 on its own would have fired (01:30 EST, the second 01:30 of the night) runs nothing.
    clock.set('2027-11-07T06:30:00Z');
    expect(await scheduling.tick(fall)).toBeNull();
    expect(await timerFiresUntil(fall, '2027-11-09T05:00:00Z')).toEqual(['2027-11-07T07:30:00.000Z', '2027-11-08T07:30:00.000Z']);
    expect(ranAt).toEqual(['2027-11-06T06:30:00.000Z', '2027-11-07T07:30:00.000Z', '2027-11-08T07:30:00.000Z']);

    const runs = [...(await runsOf(t, spring)), ...(await runsOf(t, fall))];
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'succeeded')).toBe(true);
  });

  it('two instances on one database, a per-second schedule for ~10 s: every tick runs exactly once', async () => {
    const a = await start(null);
    const b = await start(null);
    // Watch each instance's ticks and the claims they make (the real ones, passed through).
    const ticks: Array<{ instance: string; second: number }> = [];
    const claims: Array<{ instance: string; slot: number; won: boolean }> = [];
    for (const [name, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const scheduling = t.app.get(SchedulingService);
      const tick = scheduling.tick.bind(scheduling);
      scheduling.tick = (scheduleId, why) => {
        ticks.push({ instance: name, second: Math.floor(Date.now() / 1000) * 1000 });
        return tick(scheduleId, why);
      };
      const lock = t.app.get(ScheduleLockService);
      const claimTick = lock.claimTick.bind(lock);
      lock.claimTick = async (schedule, slot, next) => {
        const won = await claimTick(schedule, slot, next);
        claims.push({ instance: name, slot: slot.getTime(), won });
        return won;
      };
    }
    const admin = await a.login();
    const id = await createSchedule(a, { name: 'every second', cron: '* * * * * *', target: 'all_users', keep: 3 });
    // A set its timer when it was created; B would see it at its next wake-up (within 30 s): wake it now.
    await b.app.get(ScheduleTimer).wake();
    expect(b.app.get(SchedulingService).nextWakeAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const from = Math.ceil(Date.now() / 1000) * 1000;
    await sleep(10_000);
    const to = Math.floor(Date.now() / 1000) * 1000;

    // Stop it through A; B's timer is still set for the next second, and B must notice the change when it wakes.
    await a.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ cron: '0 0 1 1 *' }).expect(200);
    const patchedAt = Date.now();
    await sleep(1500);
    await Promise.all([a.app.get(SchedulingService).drain(), b.app.get(SchedulingService).drain()]);
    // B looked again, saw nothing due soon, and sleeps the longest it may (SYNC_INTERVAL_MS).
    expect(b.app.get(SchedulingService).nextWakeAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);

    const won = claims.filter((c) => c.won);
    const wonSlots = won.map((c) => c.slot);
    // No tick ran twice...
    expect(new Set(wonSlots).size).toBe(wonSlots.length);
    // ...and each claimed tick is exactly one run in backup_runs.
    const runs = await runsOf(a, id);
    expect(runs).toHaveLength(won.length);
    expect(runs.every((r) => r.trigger === 'schedule' && (r.status === 'succeeded' || r.status === 'skipped'))).toBe(true);
    // Both instances ticked through the window, and (almost) every second of it ran: a tick is lost only
    // if the event loop stalls for over a second, which a busy CI box may do once or twice.
    const window = Array.from({ length: (to - from) / 1000 + 1 }, (_, i) => from + i * 1000);
    const bothTicked = window.filter(
      (second) => ticks.some((t) => t.second === second && t.instance === 'a') && ticks.some((t) => t.second === second && t.instance === 'b'),
    );
    const ran = window.filter((slot) => wonSlots.includes(slot));
    expect(window.length).toBeGreaterThanOrEqual(9);
    expect(bothTicked.length).toBeGreaterThanOrEqual(window.length - 2);
    expect(ran.length).toBeGreaterThanOrEqual(window.length - 2);
    // After the change: nothing more, though B's old timer went on firing until it read the new row.
    expect(wonSlots.filter((slot) => slot > patchedAt)).toEqual([]);
    expect(claims.some((c) => c.instance === 'b' && c.slot > patchedAt)).toBe(false);
  });

  it('a wake-up that comes early, twice or late runs each tick once, and a run that throws is recorded as failed', async () => {
    const clock = new FakeClock('2027-01-10T11:00:00Z');
    const t = await start(clock);
    const scheduling = t.app.get(SchedulingService);
    const timer = timerOf(t);
    const id = await createSchedule(t, { name: 'every 10 s', cron: '*/10 * * * * *', target: 'all_users', keep: 5 });
    expect(timer.delayMs).toBe(10_000);

    // 1 ms early (what cron 4.4 did, and then crashed): nothing is due yet, and the timer is set again for the same run.
    clock.set('2027-01-10T11:00:09.999Z');
    await timer.fire(t);
    await timer.fire(t);
    await scheduling.drain();
    expect(await runsOf(t, id)).toHaveLength(0);
    expect(timer.delayMs).toBe(1);
    clock.set('2027-01-10T11:00:10.000Z');
    await timer.fire(t);
    await timer.fire(t);
    await scheduling.drain();
    expect((await runsOf(t, id)).map((r) => r.status)).toEqual(['succeeded']);
    expect(timer.delayMs).toBe(10_000);

    // The backup itself throws something nobody expected: the tick leaves a failed run, the timer goes on.
    const backups = t.app.get(BackupsService);
    const createAllUsers = backups.createAllUsers.bind(backups);
    backups.createAllUsers = async () => {
      throw new Error('disk on fire');
    };
    clock.set('2027-01-10T11:00:25.000Z'); // late
    await timer.fire(t);
    await scheduling.drain();
    expect((await runsOf(t, id)).map((r) => [r.status, r.error, r.trigger])).toEqual([
      ['succeeded', null, 'schedule'],
      ['failed', 'disk on fire', 'schedule'],
    ]);
    expect(timer.pending).toBe(true);
    expect(timer.delayMs).toBe(5_000);
    backups.createAllUsers = createAllUsers;
    clock.set('2027-01-10T11:00:30.000Z');
    await timer.fire(t);
    await scheduling.drain();
    expect((await runsOf(t, id)).map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(await t.dataSource.query('SELECT * FROM schedule_claims')).toEqual([]);
  });

  it('0 0 29 2 * in Europe/Berlin and America/New_York: arms at boot, next run 2028-02-29 00:00 local, fires there', async () => {
    const clock = new FakeClock('2026-12-01T12:00:00Z');
    const leap = { BACKUP_SCHEDULE_FULL_DB: '0 0 29 2 *', BACKUP_TIMEZONE: 'Europe/Berlin' };
    const first = await start(clock, { env: leap });
    const ny = await createSchedule(first, { name: 'leap NY', cron: '0 0 29 2 *', timezone: 'America/New_York', target: 'all_users', keep: 5 });
    await stop(first);

    // A start with both schedules in the table (8 clock changes before the next 29 February): it boots, its timer is set.
    const t = await start(clock, { env: leap });
    const scheduling = t.app.get(SchedulingService);
    expect(timerOf(t).pending).toBe(true);
    const listed = (
      await t.http
        .get('/api/schedules')
        .set(bearer(await t.login()))
        .expect(200)
    ).body.items;
    expect(listed.map((s: { timezone: string; next_run_local: string; next_run_at: string }) => [s.timezone, s.next_run_local, s.next_run_at])).toEqual([
      ['Europe/Berlin', '2028-02-29T00:00:00+01:00', '2028-02-28T23:00:00.000Z'],
      ['America/New_York', '2028-02-29T00:00:00-05:00', '2028-02-29T05:00:00.000Z'],
    ]);
    const berlin = listed[0].id;

    clock.set('2028-02-28T22:59:59.999Z');
    await timerOf(t).fire(t);
    await scheduling.drain();
    expect(await runsOf(t, berlin)).toHaveLength(0);
    clock.set('2028-02-28T23:00:00Z');
    await timerOf(t).fire(t);
    await scheduling.drain();
    clock.set('2028-02-29T05:00:00Z');
    await timerOf(t).fire(t);
    await scheduling.drain();
    expect((await runsOf(t, berlin)).map((r) => [r.target, r.status])).toEqual([['full_db', 'succeeded']]);
    expect((await runsOf(t, ny)).map((r) => [r.target, r.status])).toEqual([['all_users', 'succeeded']]);
    // And the one after: 2032.
    expect((await scheduleRow(t, berlin)).nextRunAt!.toISOString()).toBe('2032-02-28T23:00:00.000Z');
  });

  it('a schedule row that cannot be compiled or computed does not stop the boot, the timer or the other schedules', async () => {
    const clock = new FakeClock('2027-01-10T11:00:00Z');
    const first = await start(clock);
    const good = await createSchedule(first, { name: 'good', cron: '*/10 * * * * *', target: 'all_users', keep: 5 });
    // Rows the API would refuse, written by hand or by an older version.
    const repo = first.dataSource.getRepository(BackupSchedule);
    const base = await scheduleRow(first, good);
    for (const [name, cron, timezone] of [
      ['bad cron', 'every tuesday', 'UTC'],
      ['bad zone', '* * * * * *', 'Mars/Olympus_Mons'],
      ['never', '0 0 30 2 *', 'UTC'],
    ]) {
      await repo.insert({ ...base, id: undefined, name, cron, timezone });
    }
    await stop(first);

    const t = await start(clock);
    const scheduling = t.app.get(SchedulingService);
    expect(timerOf(t).delayMs).toBe(10_000);
    clock.set('2027-01-10T11:00:10Z');
    await timerOf(t).fire(t);
    await scheduling.drain();
    expect((await runsOf(t, good)).map((r) => r.status)).toEqual(['succeeded']);
    expect(await t.dataSource.getRepository(BackupRun).count()).toBe(1);
    expect(timerOf(t).pending).toBe(true);
  });

  it('a tick claimed by an instance that died before it wrote its run gets a failed run saying so, once', async () => {
    const clock = new FakeClock('2027-01-10T10:00:00Z');
    const a = await start(clock);
    const b = await start(new FakeClock('2027-01-10T10:00:00Z'));
    const id = await createSchedule(a, { name: 'hourly', cron: '0 * * * *', target: 'all_users', keep: 5 });
    const claim = (slot: string, owner: string) =>
      a.dataSource.query(
        `INSERT INTO schedule_claims (schedule_id, slot_ms, owner, claimed_at_ms) VALUES (${id}, ${new Date(slot).getTime()}, '${owner}', ${Date.now() - 5000})`,
      );
    // crashed-1 claimed 11:00 and died before its run; crashed-2 claimed 12:00 and died during its run (that run is the
    // run heartbeat's to mark); a live instance is between its claim of 13:00 and its run.
    await claim('2027-01-10T11:00:00Z', 'crashed-host:1:dead01');
    await claim('2027-01-10T12:00:00Z', 'crashed-host:2:dead02');
    await a.dataSource
      .getRepository(BackupRun)
      .save({ target: 'all_users', trigger: 'schedule', status: 'running', scheduleId: id, startedAt: new Date(), instanceId: 'crashed-host:2:dead02' });
    await registerInstance(a, 'live-host:3:a11ve3');
    await claim('2027-01-10T13:00:00Z', 'live-host:3:a11ve3');
    await a.dataSource.getRepository(BackupSchedule).update(id, { handledUntil: new Date('2027-01-10T13:00:00Z') });

    await Promise.all([timerOf(a).fire(a), timerOf(b).fire(b)]);
    await Promise.all([a.app.get(SchedulingService).drain(), b.app.get(SchedulingService).drain()]);
    const runs = await runsOf(a, id);
    expect(runs.map((r) => [r.status, r.error])).toEqual([
      ['running', null],
      ['failed', INTERRUPTED_BEFORE_START],
    ]);
    expect(runs[1]).toMatchObject({ trigger: 'schedule', target: 'all_users' });
    const left = await a.dataSource.query('SELECT owner FROM schedule_claims');
    expect(left).toEqual([{ owner: 'live-host:3:a11ve3' }]);
  });
});
