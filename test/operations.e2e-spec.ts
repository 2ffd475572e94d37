import { AlertOutbox } from '../src/alerts/alert-outbox.service.js';
import { AlertsService } from '../src/alerts/alerts.service.js';
import { closedPort } from './support/receivers.js';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { loadConfig } from '../src/config/app-config.js';
import { runCli } from './support/cli.js';
import { ADMIN, bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format → samples. */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/);
      if (!m) throw new Error(`Not a Prometheus sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

/** The one sample with this name whose labels include `labels`. */
function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples for ${name} ${JSON.stringify(labels)}`);
  return found[0].value;
}

const HOUR_MS = 3600_000;

describe.each(testDialects())('operations: health, metrics, hardening (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let john: { id: number; token: string };
  let fullDb: { id: number; size_bytes: number };
  let johnBackup: { size_bytes: number };

  const scrape = async () => {
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.text);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login();
    john = await t.register('john');
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/inventory/items')
        .set(bearer(john.token))
        .send({ name: `Brick ${i}`, part_id: `300${i}`, color: 'Red', quantity_total: 4 })
        .expect(201);
    }
  });
  afterAll(() => t?.close());

  describe('health', () => {
    it('GET /health is ok with free disk reported, and warns (without failing) that no full backup exists yet', async () => {
      const res = await t.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.disk).toEqual({ status: 'up', freeBytes: expect.any(Number), minFreeBytes: 100 * 1024 * 1024 });
      expect(res.body.details.disk.freeBytes).toBeGreaterThan(0);
      expect(res.body.details.backup).toEqual({
        status: 'up',
        lastFullBackupAt: null,
        ageHours: null,
        maxAgeHours: 26,
        warning: 'No successful full database backup yet',
      });
      expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
    });

    it('drops the warning after a full backup, and warns again when that backup is older than HEALTH_MAX_BACKUP_AGE_HOURS', async () => {
      const created = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(created.status).toBe(201);
      fullDb = created.body.backup;
      const runId: number = created.body.run.id;

      const fresh = await t.http.get('/health');
      expect(fresh.body.status).toBe('ok');
      expect(fresh.body.details.backup).toEqual({ status: 'up', lastFullBackupAt: expect.any(String), ageHours: 0, maxAgeHours: 26 });
      expect(Date.now() - Date.parse(fresh.body.details.backup.lastFullBackupAt)).toBeLessThan(60_000);

      // Age the run as if it had happened 30 hours ago.
      const runs = t.dataSource.getRepository(BackupRun);
      const run = await runs.findOneByOrFail({ id: runId });
      await runs.update(run.id, {
        startedAt: new Date(run.startedAt.getTime() - 30 * HOUR_MS),
        finishedAt: new Date(run.finishedAt!.getTime() - 30 * HOUR_MS),
      });
      try {
        const stale = await t.http.get('/health');
        expect(stale.status).toBe(200);
        expect(stale.body.status).toBe('ok');
        expect(stale.body.details.backup.ageHours).toBeGreaterThanOrEqual(30);
        expect(stale.body.details.backup.warning).toMatch(
          /^The last successful full database backup is 30(\.\d)? hours old \(HEALTH_MAX_BACKUP_AGE_HOURS is 26\)$/,
        );
      } finally {
        await runs.update(run.id, { startedAt: run.startedAt, finishedAt: run.finishedAt });
      }
    });

    it('is 503 naming the disk when free space is below HEALTH_MIN_FREE_BYTES', async () => {
      const original = t.config.healthMinFreeBytes;
      t.config.healthMinFreeBytes = 2 ** 50;
      try {
        const res = await t.http.get('/health');
        expect(res.status).toBe(503);
        expect(res.body.details.disk).toMatchObject({ status: 'down', minFreeBytes: 2 ** 50, message: expect.stringContaining('HEALTH_MIN_FREE_BYTES') });
        expect(res.body.details.database.status).toBe('up');
      } finally {
        t.config.healthMinFreeBytes = original;
      }
      expect((await t.http.get('/health')).status).toBe(200);
    });
  });

  describe('metrics', () => {
    it('GET /metrics reports created backups, sizes, durations, last success, stored bytes and free disk', async () => {
      const mine = await t.http.post('/api/backups/me').set(bearer(john.token)).send({});
      expect(mine.status).toBe(201);
      johnBackup = mine.body.backup;

      const m = await scrape();
      expect(sample(m, 'blockshelf_backups_created_total', { type: 'full_db' })).toBe(1);
      expect(sample(m, 'blockshelf_backups_created_total', { type: 'user_inventory' })).toBe(1);
      expect(sample(m, 'blockshelf_backups_failed_total', { type: 'full_db' })).toBe(0);
      expect(sample(m, 'blockshelf_backups_failed_total', { type: 'user_inventory' })).toBe(0);
      expect(sample(m, 'blockshelf_backup_size_bytes_count', { type: 'full_db' })).toBe(1);
      expect(sample(m, 'blockshelf_backup_size_bytes_sum', { type: 'full_db' })).toBe(fullDb.size_bytes);
      expect(sample(m, 'blockshelf_backup_size_bytes_sum', { type: 'user_inventory' })).toBe(johnBackup.size_bytes);
      expect(sample(m, 'blockshelf_backup_duration_seconds_count', { target: 'full_db', status: 'succeeded' })).toBe(1);
      expect(sample(m, 'blockshelf_backup_duration_seconds_bucket', { target: 'full_db', status: 'succeeded', le: '+Inf' })).toBe(1);
      expect(sample(m, 'blockshelf_backup_runs_total', { target: 'user_inventory', status: 'succeeded' })).toBe(1);
      const lastFull = sample(m, 'blockshelf_backup_last_success_timestamp_seconds', { type: 'full_db' });
      expect(Math.abs(Date.now() / 1000 - lastFull)).toBeLessThan(120);
      expect(sample(m, 'blockshelf_backup_last_failure_timestamp_seconds', { type: 'full_db' })).toBe(0);
      expect(sample(m, 'blockshelf_backups_stored', { type: 'full_db' })).toBe(1);
      expect(sample(m, 'blockshelf_backup_stored_bytes', { type: 'full_db' })).toBe(fullDb.size_bytes);
      expect(sample(m, 'blockshelf_backup_stored_bytes', { type: 'user_inventory' })).toBe(johnBackup.size_bytes);
      expect(sample(m, 'blockshelf_media_free_bytes')).toBeGreaterThan(0);
      expect(sample(m, 'blockshelf_backup_metrics_up')).toBe(1);
      expect(sample(m, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    });

    it('times HTTP requests by route pattern, never by raw URL', async () => {
      await t.http.get(`/api/backups/${fullDb.id}`).set(bearer(admin)).expect(200);
      await t.http.get('/api/no-such-thing/12345').expect(404);
      const m = await scrape();
      expect(sample(m, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/backups/full-db', status_code: '201' })).toBe(1);
      expect(sample(m, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/backups/:id', status_code: '200' })).toBe(1);
      const routes = new Set(m.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
      // Unmatched URLs fall into Nest's catch-all pattern: a scanner cannot create one series per path.
      expect([...routes].filter((r) => /\d|no-such-thing/.test(r))).toEqual([]);
    });

    it('counts backups made by another process (the CLI) and failed runs, and never counts a run twice', async () => {
      const before = await scrape();
      const cli = await runCli(t, ['create-backups', '--all-users', '--keep', '1']);
      expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      // A failed full backup, recorded the way BackupsService records one.
      const started = new Date(Date.now() - 5000);
      await t.dataSource.getRepository(BackupRun).save({
        target: 'full_db',
        trigger: 'cli',
        status: 'failed',
        userId: null,
        createdBy: null,
        scheduleId: null,
        startedAt: started,
        finishedAt: new Date(),
        backupsFailed: 1,
        error: 'pg_dump: connection refused',
      });

      const after = await scrape();
      const allUsersRun = await t.dataSource.getRepository(BackupRun).findOneByOrFail({ target: 'all_users' });
      expect(allUsersRun.backupsCreated).toBe(2); // admin and john
      // A series the earlier tests did not create yet counts as 0 before.
      const delta = (name: string, labels: Record<string, string>) =>
        sample(after, name, labels) -
        (before.some((b) => b.name === name && Object.entries(labels).every(([k, v]) => b.labels[k] === v)) ? sample(before, name, labels) : 0);
      expect(delta('blockshelf_backups_created_total', { type: 'user_inventory' })).toBe(2);
      expect(delta('blockshelf_backup_size_bytes_count', { type: 'user_inventory' })).toBe(2);
      expect(delta('blockshelf_backup_size_bytes_sum', { type: 'user_inventory' })).toBe(allUsersRun.bytesWritten);
      expect(sample(after, 'blockshelf_backup_runs_total', { target: 'all_users', status: 'succeeded' })).toBe(1);
      expect(delta('blockshelf_backups_failed_total', { type: 'full_db' })).toBe(1);
      expect(sample(after, 'blockshelf_backup_runs_total', { target: 'full_db', status: 'failed' })).toBe(1);
      expect(sample(after, 'blockshelf_backup_duration_seconds_count', { target: 'full_db', status: 'failed' })).toBe(1);
      expect(sample(after, 'blockshelf_backup_duration_seconds_sum', { target: 'full_db', status: 'failed' })).toBeGreaterThanOrEqual(4.9);
      expect(Math.abs(Date.now() / 1000 - sample(after, 'blockshelf_backup_last_failure_timestamp_seconds', { type: 'full_db' }))).toBeLessThan(60);
      // --keep 1 rotated john's older backup away: one inventory backup per user is kept.
      expect(sample(after, 'blockshelf_backups_stored', { type: 'user_inventory' })).toBe(2);

      const again = await scrape();
      const counters = (m: Sample[]) =>
        m.filter((x) => /^blockshelf_(backups_(created|failed)_total|backup_runs_total|backup_(size_bytes|duration_seconds)_count)$/.test(x.name));
      expect(counters(again)).toEqual(counters(after));
      expect(counters(after).length).toBeGreaterThanOrEqual(8);
    });

    it('counts a run that finishes after later runs once, when it finishes', async () => {
      const runs = t.dataSource.getRepository(BackupRun);
      const base = { trigger: 'manual' as const, userId: john.id, createdBy: john.id, scheduleId: null, error: null };
      const slow = await runs.save({ ...base, target: 'user_inventory', status: 'running', startedAt: new Date(Date.now() - 2000) });
      await runs.save({
        ...base,
        target: 'user_inventory',
        status: 'succeeded',
        startedAt: new Date(Date.now() - 1000),
        finishedAt: new Date(),
        backupsCreated: 1,
        bytesWritten: 1000,
      });
      const runsTotal = (m: Sample[]) => sample(m, 'blockshelf_backup_runs_total', { target: 'user_inventory', status: 'succeeded' });
      const before = runsTotal(await scrape());

      await runs.update(slow.id, { status: 'succeeded', finishedAt: new Date(), backupsCreated: 1, bytesWritten: 2000 });
      const after = await scrape();
      expect(runsTotal(after)).toBe(before + 1);
      expect(runsTotal(await scrape())).toBe(before + 1);
      expect(sample(after, 'blockshelf_backup_size_bytes_bucket', { type: 'user_inventory', le: '10000' })).toBeGreaterThanOrEqual(2);
    });

    it('answers GET /metrics with a token only when METRICS_TOKEN is set, and not at all when METRICS_ENABLED=false', async () => {
      const { metricsToken, metricsEnabled } = t.config;
      try {
        t.config.metricsToken = 'scrape-token-0123456789';
        const none = await t.http.get('/metrics');
        expect(none.status).toBe(401);
        expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(none.body).toMatchObject({ statusCode: 401, path: '/metrics' });
        expect((await t.http.get('/metrics').set(bearer(admin))).status).toBe(401);
        const ok = await t.http.get('/metrics').set(bearer('scrape-token-0123456789'));
        expect(ok.status).toBe(200);
        expect(ok.text).toContain('blockshelf_backups_created_total{type="full_db"}');

        t.config.metricsEnabled = false;
        const off = await t.http.get('/metrics').set(bearer('scrape-token-0123456789'));
        expect(off.status).toBe(404);
        expect(off.body.message).toMatch(/METRICS_ENABLED=false/);
      } finally {
        Object.assign(t.config, { metricsToken, metricsEnabled });
      }
    });
  });

  describe('HTTP hardening', () => {
    it('sends helmet headers on the API and on /docs, with a CSP Swagger UI can live with', async () => {
      for (const path of ['/api/auth/me', '/docs', '/health']) {
        const res = await t.http.get(path);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-powered-by']).toBeUndefined();
        const csp = res.headers['content-security-policy'];
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
      }
    });

    it('keeps CORS off when CORS_ORIGINS is unset', async () => {
      const preflight = await t.http.options('/api/backups').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await t.http.get('/health/live').set('Origin', 'https://evil.example.com');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('operations with non-default settings (sqlite)', () => {
  it('allows exactly the CORS_ORIGINS origins, with the headers a browser client needs', async () => {
    const t = await createTestApp('sqlite', { env: { CORS_ORIGINS: 'https://shelf.example.com,http://localhost:5173' } });
    try {
      const preflight = await t.http
        .options('/api/backups/me')
        .set('Origin', 'https://shelf.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://shelf.example.com');
      expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,X-Request-Id');
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

      const get = await t.http
        .get('/api/auth/me')
        .set('Origin', 'http://localhost:5173')
        .set(bearer(await t.login()));
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(get.headers['access-control-expose-headers']).toContain('X-Request-Id');

      const other = await t.http.get('/api/auth/me').set('Origin', 'https://evil.example.com');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it.each([
    ['1', true],
    ['false', false],
  ])('with TRUST_PROXY=%s, the login rate limit keys on X-Forwarded-For: %s', async (trustProxy, followsHeader) => {
    const t = await createTestApp('sqlite', { env: { TRUST_PROXY: trustProxy, LOGIN_IP_RATE_LIMIT: '2' } });
    try {
      const attempt = (ip: string, username = `nobody-${Math.random()}`) =>
        t.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password: 'wrong-password' });
      expect((await attempt('203.0.113.7')).status).toBe(401);
      expect((await attempt('203.0.113.7')).status).toBe(401);
      expect((await attempt('203.0.113.7')).status).toBe(429);
      // Another client behind the proxy has its own budget; without a trusted proxy the header is ignored (no bypass by spoofing it).
      expect((await attempt('198.51.100.9')).status).toBe(followsHeader ? 401 : 429);
    } finally {
      await t.close();
    }
  });

  it('never writes a password, a JWT, JWT_SECRET, ADMIN_PASSWORD, METRICS_TOKEN or BACKUP_ENCRYPTION_KEY to the log, even at trace level', async () => {
    const secrets = {
      jwtSecret: 'jwt-secret-that-must-not-leak-0123456789',
      adminPassword: 'admin-password-never-logged',
      metricsToken: 'metrics-token-never-logged-42',
      userPassword: 'user-password-never-logged-7',
      webhookToken: 'T0WEBHOOK77/never-logged-webhook-token',
      webhookSecret: 'webhook-signing-secret-never-logged',
      smtpPassword: 'smtp-password-never-logged-3',
      apiChannelToken: 'api-channel-token-never-logged-9',
      encryptionKey: Buffer.alloc(32, 7).toString('base64'),
    };
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const db = await createTestDatabase('sqlite');
    const deadPort = await closedPort();
    const workDir = await mkdtemp(join(tmpdir(), 'bs-logs-'));
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'trace',
        DATABASE_URL: db.url,
        MEDIA_ROOT: join(workDir, 'media'),
        DATA_DIR: join(workDir, 'data'),
        JWT_SECRET: secrets.jwtSecret,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: secrets.adminPassword,
        METRICS_TOKEN: secrets.metricsToken,
        BACKUP_ENCRYPTION_KEY: secrets.encryptionKey,
        BACKUP_SCHEDULER_ENABLED: 'false',
        // Alert channels that cannot be reached: their failures are logged, their secrets must not be.
        ALERT_WEBHOOK_URLS: `http://127.0.0.1:${deadPort}/hooks/${secrets.webhookToken}`,
        ALERT_WEBHOOK_SECRET: secrets.webhookSecret,
        SMTP_URL: `smtp://mailer:${secrets.smtpPassword}@127.0.0.1:${deadPort}`,
        ALERT_EMAIL_TO: 'ops@example.com',
      },
      workDir,
    );
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
    configureApp(app, { logDestination: sink });
    await app.init();
    try {
      const http = request(app.getHttpServer());
      await http.post('/api/auth/register').send({ username: 'lena', password: secrets.userPassword }).expect(201);
      const login = await http.post('/api/auth/login').send({ username: 'lena', password: secrets.userPassword }).expect(200);
      const jwt: string = login.body.access_token;
      await http
        .post('/api/auth/login')
        .send({ username: 'lena', password: `${secrets.userPassword}-wrong` })
        .expect(401);
      await http.post('/api/auth/login').send({ username: ADMIN.username, password: secrets.adminPassword }).expect(200);
      // Malformed JSON: the parser's error must not carry the body into a log line.
      await http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":"lena","password":"${secrets.userPassword}"`).expect(400);
      await http.get('/api/auth/me').set(bearer(jwt)).set('X-Request-Id', 'req-with-bearer').expect(200);
      await http.post('/api/backups/me').set(bearer(jwt)).send({}).expect(201);
      await http.get('/metrics').set(bearer(secrets.metricsToken)).expect(200);
      await http
        .get('/metrics')
        .set(bearer(`${secrets.metricsToken}-wrong`))
        .expect(401);
      const adminJwt = (await http.post('/api/auth/login').send({ username: ADMIN.username, password: secrets.adminPassword }).expect(200)).body.access_token;
      const apiResponses: string[] = [];
      apiResponses.push(
        JSON.stringify(
          (
            await http
              .post('/api/alerts/channels')
              .set(bearer(adminJwt))
              .send({ kind: 'webhook', url: `http://127.0.0.1:${deadPort}/x/${secrets.apiChannelToken}` })
              .expect(201)
          ).body,
        ),
      );
      apiResponses.push(JSON.stringify((await http.get('/api/alerts/channels').set(bearer(adminJwt)).expect(200)).body));
      apiResponses.push(JSON.stringify((await http.post('/api/alerts/test').set(bearer(adminJwt)).expect(200)).body));
      // A real alert through the outbox, failing on every channel (logged as warnings with the error).
      const alerts = app.get(AlertsService);
      await alerts.notify(alerts.message('backup.failed', 'a test failure for the log check'));
      await app.get(AlertOutbox).work();
      apiResponses.push(JSON.stringify((await http.get('/api/alerts').set(bearer(adminJwt)).expect(200)).body));
      const responses = apiResponses.join('\n');
      expect(responses).toMatch(/refused/i);

      const log = lines.join('\n');
      // The capture works: request lines with ids, the redacted header, and the backup's Success line are all there.
      const me = lines.map((l) => JSON.parse(l)).find((entry) => entry.req?.id === 'req-with-bearer');
      expect(me).toMatchObject({ req: { url: '/api/auth/me', headers: { authorization: '[redacted]' } }, res: { statusCode: 200 } });
      expect(log).toMatch(/Success: inventory backup of lena/);
      expect(lines.length).toBeGreaterThan(10);

      const jwtSignature = jwt.split('.')[2];
      expect(log).toMatch(/Alert backup\.failed to .*attempt 1 failed/);
      for (const [name, secret] of Object.entries({ ...secrets, jwt, jwtSignature })) {
        expect({ name, leaked: log.includes(secret) }).toEqual({ name, leaked: false });
      }
      for (const [name, secret] of Object.entries({
        webhookToken: secrets.webhookToken,
        webhookSecret: secrets.webhookSecret,
        smtpPassword: secrets.smtpPassword,
        apiChannelToken: secrets.apiChannelToken,
      })) {
        expect({ name, inApi: responses.includes(secret) || responses.includes(secret.split('/').pop()!) }).toEqual({ name, inApi: false });
      }
    } finally {
      await app.close();
      await db.drop();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
