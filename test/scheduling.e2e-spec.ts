import { jest } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { Backup } from '../src/backups/backup.entity.js';
import { BackupSchedule } from '../src/scheduling/backup-schedule.entity.js';
import { Clock } from '../src/common/clock.js';
import { AppInstance } from '../src/instances/app-instance.entity.js';
import { SchedulingService, SYNC_INTERVAL_MS } from '../src/scheduling/scheduling.service.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';
import type { TestDialect } from './support/test-database.js';

/** No default schedules: each test makes the ones it needs. */
const NO_DEFAULTS = { BACKUP_SCHEDULE_FULL_DB: '', BACKUP_SCHEDULE_USERS: '' };

class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runsOf = (t: TestApp, scheduleId: number) => t.dataSource.getRepository(BackupRun).find({ where: { scheduleId }, order: { id: 'ASC' } });
const files = (t: TestApp, dir: string) =>
  existsSync(join(t.mediaRoot, dir))
    ? readdirSync(join(t.mediaRoot, dir))
        .filter((f) => !f.startsWith('.') && !f.endsWith('.manifest.json'))
        .sort()
    : [];

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

// Some of these wait for real per-second ticks.
jest.setTimeout(60_000);

describe.each(testDialects())('scheduling API (%s)', (dialect: TestDialect) => {
  it('creates the default schedules from the environment at the first start only', async () => {
    const db = await createTestDatabase(dialect);
    const first = await createTestApp(dialect, { db, env: { BACKUP_SCHEDULE_USERS: '', BACKUP_TIMEZONE: 'Europe/Berlin', BACKUP_KEEP: '5' } });
    let second: TestApp | undefined;
    try {
      const admin = await first.login();
      const listed = await first.http.get('/api/schedules').set(bearer(admin)).expect(200);
      // BACKUP_SCHEDULE_USERS empty: no user schedule; the full one with the default expression, BACKUP_TIMEZONE and BACKUP_KEEP.
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          name: 'Full database',
          cron: '0 2 * * *',
          timezone: 'Europe/Berlin',
          target: 'full_db',
          keep: 5,
          enabled: true,
          running: false,
          last_run_at: null,
        }),
      ]);
      const full = listed.body.items[0];
      // 02:00 in Berlin is 01:00 or 00:00 UTC
      expect(full.next_run_local).toMatch(/T02:00:00\+0[12]:00$/);
      expect(['00:00:00', '01:00:00']).toContain(full.next_run_at.slice(11, 19));

      await first.http.delete(`/api/schedules/${full.id}`).set(bearer(admin)).expect(204);
      // A later start with the defaults in the environment does not bring a deleted schedule back.
      second = await createTestApp(dialect, { db });
      const again = await second.http
        .get('/api/schedules')
        .set(bearer(await second.login()))
        .expect(200);
      expect(again.body).toEqual({ items: [], total: 0 });
    } finally {
      await second?.close();
      await first.close();
      await db.drop();
    }
  });

  it('rejects a bad cron expression or time zone with a 400 that names the problem, and writes nothing', async () => {
    const t = await createTestApp(dialect, { env: NO_DEFAULTS });
    try {
      const admin = await t.login();
      const post = (body: object) => t.http.post('/api/schedules').set(bearer(admin)).send(body);
      const good = { name: 'nightly', cron: '0 2 * * *', target: 'full_db' };
      const cases: Array<[object, string, RegExp]> = [
        [{ ...good, cron: '0 2 * *' }, 'cron', /cron "0 2 \* \*" has 4 fields; expected 5 .* or 6/],
        [{ ...good, cron: '0 0 2 * * * *' }, 'cron', /has 7 fields/],
        [{ ...good, cron: '0 25 * * *' }, 'cron', /Field value \(25\) is out of range/],
        [{ ...good, cron: '0 0 30 2 *' }, 'cron', /never matches any date/],
        [{ ...good, cron: 'daily' }, 'cron', /has 1 field/],
        [{ ...good, timezone: 'Mars/Olympus_Mons' }, 'timezone', /"Mars\/Olympus_Mons" is not a known IANA time zone/],
        [{ ...good, timezone: 'UTC+3' }, 'timezone', /not a known IANA time zone/],
        [{ ...good, target: 'weekly' }, 'target', /target must be one of/],
        [{ ...good, keep: 0 }, 'keep', /keep must not be less than 1/],
        [{ ...good, name: '' }, 'name', /name/],
      ];
      for (const [body, field, message] of cases) {
        const res = await post(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
      }
      expect(await t.dataSource.getRepository(BackupSchedule).count()).toBe(0);

      const created = await post({ ...good, cron: ' 0  2 * * * ', timezone: 'america/new_york' }).expect(201);
      expect(created.body).toMatchObject({ cron: '0 2 * * *', timezone: 'America/New_York', keep: 10, enabled: true });
      expect(created.body.next_run_local).toMatch(/T02:00:00-0[45]:00$/);
      expect((await post(good)).status).toBe(409);

      const patch = (body: object) => t.http.patch(`/api/schedules/${created.body.id}`).set(bearer(admin)).send(body);
      const bad = await patch({ cron: '*/0 * * * *' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'cron', message: 'cron "*/0 * * * *" Field (minute) has a step of zero' }]);
      expect((await patch({ timezone: 'Nowhere' })).body.details[0].field).toBe('timezone');
      expect((await t.http.get(`/api/schedules/${created.body.id}`).set(bearer(admin))).body).toMatchObject({
        cron: '0 2 * * *',
        timezone: 'America/New_York',
      });

      expect((await t.http.patch('/api/schedules/9999').set(bearer(admin)).send({ keep: 3 })).status).toBe(404);
      const user = await t.register('john');
      expect((await t.http.get('/api/schedules').set(bearer(user.token))).status).toBe(403);
      expect((await t.http.post('/api/schedules').set(bearer(user.token)).send(good)).status).toBe(403);
      expect((await t.http.get('/api/schedules/next').set(bearer(user.token))).status).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('sets its one timer for the soonest run of the enabled schedules, again when a schedule changes; off or deleted, it runs no more', async () => {
    const t = await createTestApp(dialect, { env: NO_DEFAULTS });
    try {
      const admin = await t.login();
      const scheduling = t.app.get(SchedulingService);
      // (a wake-up already under way when the change is made sets the timer once more by the old timing)
      const sleepsLong = () =>
        until(
          'the timer to sleep SYNC_INTERVAL_MS',
          async () => scheduling.nextWakeAt!.getTime() - Date.now(),
          (ms) => ms > SYNC_INTERVAL_MS - 3000,
          3000,
        );
      const created = await t.http
        .post('/api/schedules')
        .set(bearer(admin))
        .send({ name: 'every second', cron: '* * * * * *', target: 'all_users', keep: 1 })
        .expect(201);
      const id = created.body.id;

      // It runs: scheduled runs and scheduled backups appear, rotation keeps 1.
      await until(
        'two scheduled runs',
        () => runsOf(t, id),
        (runs) => runs.length >= 2,
      );
      expect(scheduling.nextWakeAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

      // A timing that will not come during the test: the timer sleeps the longest it may, and the runs stop.
      const yearly = await t.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ cron: '0 0 1 1 *' }).expect(200);
      await sleepsLong();
      expect(yearly.body.next_run_at).toMatch(/-01-01T00:00:00\.000Z$/);
      await scheduling.drain();
      const afterPatch = (await runsOf(t, id)).length;
      await sleep(1500);
      expect((await runsOf(t, id)).length).toBe(afterPatch);

      const runs = await runsOf(t, id);
      expect(runs.every((r) => r.trigger === 'schedule' && r.target === 'all_users' && r.createdBy === null)).toBe(true);
      // (a tick that came while a slow run was still going on a busy machine is recorded as skipped)
      expect(runs.every((r) => r.status === 'succeeded' || r.status === 'skipped')).toBe(true);
      expect(runs.filter((r) => r.status === 'succeeded').length).toBeGreaterThanOrEqual(2);
      const backups = await t.dataSource.getRepository(Backup).find({ where: { type: 'user_inventory', status: 'ok' } });
      expect(backups.length).toBe(1);
      expect(backups.every((b) => b.isScheduled)).toBe(true);
      expect(files(t, `backups/user_inventory/${backups[0].userId}`)).toEqual(backups.map((b) => b.filePath.split('/').pop()).sort());

      // Off: no job. On again with a per-second timing: runs again.
      await t.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ enabled: false }).expect(200);
      await sleepsLong();
      await t.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ enabled: true, cron: '*/1 * * * * *' }).expect(200);
      await until(
        'runs after re-enabling',
        () => runsOf(t, id),
        (r) => r.length >= afterPatch + 1,
      );

      // Deleted: no job, no more runs, past runs kept.
      await t.http.delete(`/api/schedules/${id}`).set(bearer(admin)).expect(204);
      await sleepsLong();
      await scheduling.drain();
      const afterDelete = (await runsOf(t, id)).length;
      await sleep(1500);
      expect((await runsOf(t, id)).length).toBe(afterDelete);
      expect(afterDelete).toBeGreaterThan(afterPatch);
    } finally {
      await t.close();
    }
  });

  it('runs a schedule now with its targets and keep; 409 while a live instance holds the lease, until it expires or its holder dies', async () => {
    const t = await createTestApp(dialect, { env: NO_DEFAULTS });
    try {
      const admin = await t.login();
      const { token } = await t.register('alice');
      await t.http.post('/api/inventory/items').set(bearer(token)).send({ name: 'Brick 2 x 4', part_id: '3001', color: 'Red' }).expect(201);
      const created = await t.http.post('/api/schedules').set(bearer(admin)).send({ name: 'both', cron: '0 3 * * *', target: 'both', keep: 1 }).expect(201);
      const id = created.body.id;

      const first = await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin)).expect(201);
      expect(first.body.status).toBe('succeeded');
      expect(first.body.runs.map((r: { target: string }) => r.target)).toEqual(['full_db', 'all_users']);
      expect(first.body.runs).toEqual([
        expect.objectContaining({ trigger: 'manual', schedule_id: id, status: 'succeeded', backups_created: 1 }),
        expect.objectContaining({ trigger: 'manual', schedule_id: id, status: 'succeeded', backups_created: 2 }),
      ]);
      expect(first.body.schedule).toMatchObject({ last_run_status: 'succeeded', running: false });
      await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin)).expect(201);
      // keep 1: one full backup file left after two runs
      expect(files(t, 'backups/full_db')).toHaveLength(1);

      // Another live instance holds the lease (its run is going): 409, nothing recorded.
      const schedules = t.dataSource.getRepository(BackupSchedule);
      const instances = t.dataSource.getRepository(AppInstance);
      const runsBefore = (await runsOf(t, id)).length;
      await instances.save({
        id: 'other-host:4242:abcdef',
        kind: 'server',
        host: 'other-host',
        pid: 4242,
        version: '0.1.0',
        startedAt: new Date(),
        lastSeenAt: new Date(),
      });
      await schedules.update(id, { leaseOwner: 'other-host:4242:abcdef', leaseExpiresAt: new Date(Date.now() + 60_000) });
      const busy = await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin));
      expect(busy.status).toBe(409);
      expect(busy.body.message).toMatch(/already running \(on other-host:4242:abcdef\)/);
      expect((await t.http.get(`/api/schedules/${id}`).set(bearer(admin))).body.running).toBe(true);
      expect((await runsOf(t, id)).length).toBe(runsBefore);
      // Its holder never renewed: once the lease has expired, the schedule runs again.
      await schedules.update(id, { leaseExpiresAt: new Date(Date.now() - 1000) });
      const after = await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin)).expect(201);
      expect(after.body.status).toBe('succeeded');
      expect((await schedules.findOneByOrFail({ id })).leaseOwner).toBeNull();
      // Its holder stopped renewing its heartbeat (killed): the lease is free at once, though not expired.
      await schedules.update(id, { leaseOwner: 'other-host:4242:abcdef', leaseExpiresAt: new Date(Date.now() + 60_000) });
      expect((await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin))).status).toBe(409);
      await instances.update('other-host:4242:abcdef', { lastSeenAt: new Date(Date.now() - 31_000) });
      expect((await t.http.post(`/api/schedules/${id}/run`).set(bearer(admin)).expect(201)).body.status).toBe('succeeded');
    } finally {
      await t.close();
    }
  });

  it('GET /schedules/next: the soonest run of the enabled schedules and the time left', async () => {
    const clock = new FakeClock(new Date('2027-01-10T00:14:25.400Z'));
    const t = await createTestApp(dialect, { env: NO_DEFAULTS, override: (b) => b.overrideProvider(Clock).useValue(clock) });
    try {
      const admin = await t.login();
      const next = async () => (await t.http.get('/api/schedules/next').set(bearer(admin)).expect(200)).body;
      expect(await next()).toMatchObject({ schedule: null, next_run_at: null, seconds_remaining: null, now: '2027-01-10T00:14:25.400Z' });

      const create = async (body: object) => (await t.http.post('/api/schedules').set(bearer(admin)).send(body).expect(201)).body;
      const full = await create({ name: 'full', cron: '0 2 * * *', target: 'full_db' });
      await create({ name: 'users', cron: '0 */4 * * *', target: 'all_users' });
      await create({ name: 'off', cron: '* * * * *', target: 'all_users', enabled: false });

      // 02:00:00 - 00:14:25.4 = 1:45:34.6, counted up to whole seconds
      expect(await next()).toEqual({
        schedule: { id: full.id, name: 'full', target: 'full_db', cron: '0 2 * * *', timezone: 'UTC' },
        next_run_at: '2027-01-10T02:00:00.000Z',
        next_run_local: '2027-01-10T02:00:00Z',
        seconds_remaining: 6335,
        hours: 1,
        minutes: 45,
        seconds: 35,
        remaining: '1h 45m 35s',
        now: '2027-01-10T00:14:25.400Z',
      });

      // 01:45 in Kolkata (+05:30) is 20:15 UTC the day before.
      const kolkata = await create({ name: 'kolkata', cron: '45 1 * * *', timezone: 'Asia/Kolkata', target: 'full_db' });
      clock.set('2027-01-10T02:00:00.000Z');
      expect(await next()).toMatchObject({
        schedule: { name: 'users' },
        next_run_at: '2027-01-10T04:00:00.000Z',
        seconds_remaining: 7200,
        hours: 2,
        minutes: 0,
        seconds: 0,
      });
      clock.set('2027-01-10T19:59:59.001Z');
      expect(await next()).toMatchObject({ schedule: { name: 'users' }, next_run_at: '2027-01-10T20:00:00.000Z', seconds_remaining: 1, remaining: '0h 0m 1s' });
      clock.set('2027-01-10T20:00:00.000Z');
      expect(await next()).toMatchObject({
        schedule: { id: kolkata.id },
        next_run_at: '2027-01-10T20:15:00.000Z',
        next_run_local: '2027-01-11T01:45:00+05:30',
        seconds_remaining: 900,
        hours: 0,
        minutes: 15,
        seconds: 0,
      });

      // More than a day away: hours go past 24.
      for (const s of (await t.http.get('/api/schedules').set(bearer(admin))).body.items) {
        await t.http
          .patch(`/api/schedules/${s.id}`)
          .set(bearer(admin))
          .send({ enabled: s.name === 'full' })
          .expect(200);
      }
      await t.http.patch(`/api/schedules/${full.id}`).set(bearer(admin)).send({ cron: '0 2 15 1 *' }).expect(200);
      clock.set('2027-01-10T19:58:30.250Z');
      // to 2027-01-15T02:00:00Z: 102 h 1 min 29.75 s
      expect(await next()).toMatchObject({
        schedule: { id: full.id },
        next_run_at: '2027-01-15T02:00:00.000Z',
        seconds_remaining: 102 * 3600 + 90,
        hours: 102,
        minutes: 1,
        seconds: 30,
      });
    } finally {
      await t.close();
    }
  });
});
