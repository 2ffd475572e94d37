import { createHmac } from 'node:crypto';
import { AlertOutbox } from '../src/alerts/alert-outbox.service.js';
import { StaleCheck } from '../src/alerts/stale-check.service.js';
import { databaseDumperProvider } from '../src/backups/backups.module.js';
import { BackupsService } from '../src/backups/backups.service.js';
import { DatabaseDumper } from '../src/backups/dialects/database-dumper.js';
import { Clock } from '../src/common/clock.js';
import { WrappedDumper } from './fakes/dumpers.js';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { closedPort, startHttpReceiver } from './support/receivers.js';
import type { ReceivedRequest } from './support/receivers.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestAppOptions } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';

const SECRET = 'webhook-secret-0123456789';

class FakeClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The real dumper, made to die halfway while `failing.on` is set. */
function switchableDumper(failing: { on: boolean }): TestAppOptions['override'] {
  return (builder) =>
    builder.overrideProvider(DatabaseDumper).useFactory({
      factory: (...deps: Parameters<typeof databaseDumperProvider.useFactory>) => {
        const behaviour = {
          get dieHalfway() {
            return failing.on;
          },
        };
        return new WrappedDumper(databaseDumperProvider.useFactory(...deps), behaviour);
      },
      inject: databaseDumperProvider.inject,
    });
}

const events = (requests: ReceivedRequest[]) =>
  requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body) as { event: string; run?: { id: number; error: string } });

describe.each(testDialects())('alerts (%s)', (dialect) => {
  it('one backup.failed per problem with the run and the error, signed; a repeat failure sends nothing; the next success sends one backup.recovered', async () => {
    const receiver = await startHttpReceiver();
    const failing = { on: true };
    const t = await createTestApp(dialect, {
      env: { ALERT_WEBHOOK_URLS: `${receiver.url}/hook`, ALERT_WEBHOOK_SECRET: SECRET, BACKUP_SCHEDULER_ENABLED: 'false' },
      override: switchableDumper(failing),
    });
    try {
      const admin = await t.login();
      const outbox = t.app.get(AlertOutbox);
      const first = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(first.status).toBe(500);
      await outbox.work();
      expect(events(receiver.requests)).toEqual([
        expect.objectContaining({
          event: 'backup.failed',
          run: expect.objectContaining({ id: first.body.run_id ?? expect.any(Number), error: expect.stringMatching(/simulated crash halfway/) }),
        }),
      ]);
      const [request] = receiver.requests;
      expect(request.headers['x-blockshelf-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({
        severity: 'critical',
        link: expect.stringMatching(/^\/api\/backups\/runs\?target=full_db/),
        instance: expect.any(String),
        last_success_at: null,
      });

      await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(500);
      await outbox.work();
      expect(events(receiver.requests).map((e) => e.event)).toEqual(['backup.failed']);

      failing.on = false;
      await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201);
      await outbox.work();
      expect(events(receiver.requests).map((e) => e.event)).toEqual(['backup.failed', 'backup.recovered']);
      const log = (await t.http.get('/api/alerts').set(bearer(admin)).expect(200)).body.items;
      expect(log.map((d: { event: string; status: string }) => [d.event, d.status])).toEqual([
        ['backup.recovered', 'sent'],
        ['backup.failed', 'sent'],
      ]);
    } finally {
      await t.close();
      await receiver.close();
    }
  });

  it('a receiver that is down costs the backup nothing; the delivery is retried with backoff, shown in the log, and delivered when it is back', async () => {
    const receiver = await startHttpReceiver();
    receiver.failNext = 2;
    const clock = new FakeClock();
    const failing = { on: true };
    const t = await createTestApp(dialect, {
      env: { ALERT_WEBHOOK_URLS: `${receiver.url}/hook`, BACKUP_SCHEDULER_ENABLED: 'false' },
      override: (b) => {
        switchableDumper(failing)!(b);
        b.overrideProvider(Clock).useValue(clock);
      },
    });
    try {
      const admin = await t.login();
      const outbox = t.app.get(AlertOutbox);
      const started = Date.now();
      await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(500);
      expect(Date.now() - started).toBeLessThan(15_000);
      await outbox.work();
      let [delivery] = (await t.http.get('/api/alerts').set(bearer(admin))).body.items;
      expect(delivery).toMatchObject({ event: 'backup.failed', status: 'pending', attempts: 1, last_error: expect.stringMatching(/500/) });
      // Not due yet: nothing is sent before the backoff.
      expect(await outbox.work()).toBe(0);
      clock.offsetMs += 31_000;
      await outbox.work();
      [delivery] = (await t.http.get('/api/alerts').set(bearer(admin))).body.items;
      expect(delivery).toMatchObject({ status: 'pending', attempts: 2 });
      clock.offsetMs += 2 * 60_000 + 1000;
      await outbox.work();
      [delivery] = (await t.http.get('/api/alerts').set(bearer(admin))).body.items;
      expect(delivery).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
      expect(events(receiver.requests).map((e) => e.event)).toEqual(['backup.failed']);
      expect((await t.http.get('/metrics')).text).toMatch(/blockshelf_alerts_failed_total\{channel="env:webhook:1"\} 2/);
    } finally {
      await t.close();
      await receiver.close();
    }
  });

  it('stale: a schedule with no success in 1.5× its interval raises one backup.stale, even with two instances checking', async () => {
    const receiver = await startHttpReceiver();
    const clock = new FakeClock();
    const db = await createTestDatabase(dialect);
    const env = { ALERT_WEBHOOK_URLS: `${receiver.url}/hook`, BACKUP_SCHEDULE_FULL_DB: '', BACKUP_SCHEDULE_USERS: '', HEALTH_MAX_BACKUP_AGE_HOURS: '0' };
    const a = await createTestApp(dialect, { db, env, override: (b) => b.overrideProvider(Clock).useValue(clock) });
    const b = await createTestApp(dialect, { db, env, override: (o) => o.overrideProvider(Clock).useValue(clock) });
    try {
      const admin = await a.login();
      await a.http.post('/api/schedules').set(bearer(admin)).send({ name: 'every 4 h', cron: '0 */4 * * *', target: 'full_db', enabled: false }).expect(201);
      const id =
        (await a.http.get('/api/schedules').set(bearer(admin))).body[0]?.id ?? (await a.http.get('/api/schedules').set(bearer(admin))).body.items[0].id;
      await a.http.patch(`/api/schedules/${id}`).set(bearer(admin)).send({ enabled: true }).expect(200);
      expect(await a.app.get(StaleCheck).check(new Date(Date.now() + 5 * 3600_000))).toEqual([]);
      const later = new Date(Date.now() + 7 * 3600_000);
      const raised = [...(await a.app.get(StaleCheck).check(later)), ...(await b.app.get(StaleCheck).check(later))];
      expect(raised).toEqual([`stale:schedule:${id}`]);
      await a.app.get(AlertOutbox).work();
      await b.app.get(AlertOutbox).work();
      expect(events(receiver.requests).map((e) => e.event)).toEqual(['backup.stale']);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
      await receiver.close();
    }
  });

  it('healthcheck ping: /start and success for a scheduled run that succeeds, /start and /fail for one that fails', async () => {
    const receiver = await startHttpReceiver();
    const failing = { on: false };
    const t = await createTestApp(dialect, {
      env: { HEALTHCHECK_PING_URL: `${receiver.url}/ping/abc`, BACKUP_SCHEDULER_ENABLED: 'false' },
      override: switchableDumper(failing),
    });
    try {
      const backups = t.app.get(BackupsService);
      await backups.createFullDb({ trigger: 'schedule', createdBy: null, keep: 10 });
      failing.on = true;
      await expect(backups.createFullDb({ trigger: 'schedule', createdBy: null, keep: 10 })).rejects.toThrow(/simulated crash/);
      // A manual run pings nothing.
      await expect(backups.createFullDb({ trigger: 'manual', createdBy: null, keep: 10 })).rejects.toThrow();
      const outbox = t.app.get(AlertOutbox);
      while (await outbox.work());
      expect(receiver.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /ping/abc/start',
        'POST /ping/abc',
        'POST /ping/abc/start',
        'POST /ping/abc/fail',
      ]);
      expect(receiver.requests[3].body).toMatch(/simulated crash/);
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});

/** A real SMTP server on loopback that wants a login and keeps what it accepts. */
async function smtpReceiver(user: string, pass: string) {
  const mails: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(testDialects().filter((d) => d !== 'mysql'))('alert channels: email, the API, the test alert (%s)', (dialect) => {
  it('a failing backup sends an email naming the event and the error (SMTP with auth)', async () => {
    const smtp = await smtpReceiver('mailer', 'smtp-pass-never-shown-1');
    const failing = { on: true };
    const t = await createTestApp(dialect, {
      env: { SMTP_URL: `smtp://mailer:smtp-pass-never-shown-1@127.0.0.1:${smtp.port}`, ALERT_EMAIL_TO: 'ops@example.com', BACKUP_SCHEDULER_ENABLED: 'false' },
      override: switchableDumper(failing),
    });
    try {
      const admin = await t.login();
      await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(500);
      await t.app.get(AlertOutbox).work();
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatch(/^Subject: \[BlockShelf\] backup\.failed/m);
      expect(smtp.mails[0]).toMatch(/simulated crash halfway/);
      const channels = (await t.http.get('/api/alerts/channels').set(bearer(admin))).body;
      expect(JSON.stringify(channels)).not.toContain('smtp-pass-never-shown-1');
      expect(channels).toEqual([expect.objectContaining({ key: 'env:email', kind: 'email', source: 'environment', target: `smtp://127.0.0.1:${smtp.port}` })]);
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  it("channels are added, listed masked and removed through the API; POST /alerts/test answers each channel's result", async () => {
    const receiver = await startHttpReceiver();
    const dead = await closedPort();
    const t = await createTestApp(dialect, { env: { BACKUP_SCHEDULER_ENABLED: 'false' } });
    try {
      const admin = await t.login();
      const bad = await t.http.post('/api/alerts/channels').set(bearer(admin)).send({ kind: 'webhook', url: 'ftp://example.com/x' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/url must be an http\(s\) URL/);
      expect((await t.http.get('/api/alerts/channels').set(bearer(admin))).body).toEqual([]);
      const live = (
        await t.http
          .post('/api/alerts/channels')
          .set(bearer(admin))
          .send({ kind: 'webhook', url: `${receiver.url}/hook/T0SECRET123/abcdefghijklmnopqrstuvwx`, name: 'ops', secret: SECRET })
          .expect(201)
      ).body;
      const down = (
        await t.http
          .post('/api/alerts/channels')
          .set(bearer(admin))
          .send({ kind: 'webhook', url: `http://127.0.0.1:${dead}/hook` })
          .expect(201)
      ).body;
      const listed = (await t.http.get('/api/alerts/channels').set(bearer(admin))).body;
      expect(listed.map((c: { key: string }) => c.key)).toEqual([live.key, down.key]);
      expect(JSON.stringify(listed)).not.toMatch(/T0SECRET123|abcdefghijklmnopqrstuvwx|webhook-secret/);

      const started = Date.now();
      const results = (await t.http.post('/api/alerts/test').set(bearer(admin)).expect(200)).body;
      expect(Date.now() - started).toBeLessThan(12_000);
      expect(results.map((r: { channel: string; ok: boolean }) => [r.channel, r.ok])).toEqual([
        [live.key, true],
        [down.key, false],
      ]);
      expect(results[1].error).toMatch(/refused/i);
      expect(JSON.parse(receiver.requests[0].body).event).toBe('test');
      const log = (await t.http.get('/api/alerts').set(bearer(admin))).body.items;
      expect(log.map((d: { status: string }) => d.status).sort()).toEqual(['failed', 'sent']);
      expect(JSON.stringify(log)).not.toMatch(/T0SECRET123|abcdefghijklmnopqrstuvwx/);

      await t.http.delete(`/api/alerts/channels/${down.id}`).set(bearer(admin)).expect(204);
      await t.http.delete(`/api/alerts/channels/${down.id}`).set(bearer(admin)).expect(404);
      expect((await t.http.get('/api/alerts/channels').set(bearer(admin))).body).toHaveLength(1);
      const user = await t.register('mallory');
      await t.http.get('/api/alerts').set(bearer(user.token)).expect(403);
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});
