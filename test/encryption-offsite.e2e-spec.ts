import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { loadConfig } from '../src/config/app-config.js';
import { OFFSITE_TARGETS } from '../src/backups/offsite/offsite-target.js';
import { S3Target } from '../src/backups/offsite/s3.target.js';
import { runCli } from './support/cli.js';
import { startS3 } from './support/s3-server.js';
import type { TestS3 } from './support/s3-server.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const MAGIC = 'BSENC\u0000\u0001\u0000';
const item = (i: number) => ({ name: `Secret brick ${i}`, part_id: `30${i}`, color: 'Red', quantity_total: 10 + i, quantity_used: i });

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3?.close());

async function snapshot(t: TestApp, token: string) {
  const data = JSON.parse((await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true)).text);
  delete data.exported_at;
  return data;
}

const binary = (res: NodeJS.ReadableStream & object, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(testDialects())('encrypted, off-site backups end to end (%s)', (dialect) => {
  const key = randomBytes(32).toString('base64');
  const bucket = `bs-e2e-${dialect}`;
  let t: TestApp;

  beforeAll(async () => {
    await s3.createBucket(bucket);
    t = await createTestApp(dialect, { env: { BACKUP_ENCRYPTION_KEY: key, ...s3.env(bucket) } });
  });
  afterAll(() => t?.close());

  it('create → copy → download → verify → rotate → restore', async () => {
    const admin = await t.login();
    const john = await t.register('john');
    for (let i = 0; i < 5; i++) await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(i)).expect(201);
    const atBackup = await snapshot(t, john.token);

    // Create: encrypted at rest, named .enc, copied off-site with a matching checksum.
    const made = await t.http.post('/api/backups/me').set(bearer(john.token)).send({ keep: 1 });
    expect(made.status).toBe(201);
    const b = made.body.backup;
    expect(b.file_name).toMatch(/^john_inventory_\d{8}_\d{6}(_\d+)?\.json\.enc$/);
    expect(b.encrypted).toBe(true);
    expect(made.body.run.status).toBe('succeeded');
    const stored = readFileSync(join(t.mediaRoot, b.file_path));
    expect(stored.subarray(0, 8).toString('latin1')).toBe(MAGIC);
    expect(stored.includes(Buffer.from('Secret brick'))).toBe(false);
    const meta = (await t.http.get(`/api/backups/${b.id}`).set(bearer(john.token))).body;
    expect(meta.copies).toEqual([
      expect.objectContaining({ target: 's3', status: 'copied', remote_key: `shelf/${b.file_path}`, sha256: b.sha256, attempts: 1 }),
    ]);
    expect(await s3.sha256(bucket, `shelf/${b.file_path}`)).toBe(b.sha256);

    const full = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
    expect(full.file_name).toMatch(/\.(sqlite3|dump|sql\.gz)\.enc$/);
    expect(await s3.keys(bucket)).toEqual([`shelf/${b.file_path}`, `shelf/${full.file_path}`].sort());

    // Download: the stored bytes by default, the plain file with ?decrypt=true.
    const raw = await t.http
      .get(`/api/backups/${b.id}/download`)
      .set(bearer(john.token))
      .buffer(true)
      .parse(binary as never);
    expect((raw.body as Buffer).equals(stored)).toBe(true);
    const plain = await t.http
      .get(`/api/backups/${b.id}/download?decrypt=true`)
      .set(bearer(john.token))
      .buffer(true)
      .parse(binary as never);
    expect(plain.headers['content-disposition']).toMatch(/\.json"$/);
    const data = JSON.parse((plain.body as Buffer).toString('utf8'));
    delete data.exported_at;
    expect(data).toEqual(atBackup);

    // Verify decrypts transparently.
    expect((await t.http.post(`/api/backups/${full.id}/verify`).set(bearer(admin))).body).toMatchObject({ ok: true, integrity_ok: true });
    expect((await t.http.post(`/api/backups/${b.id}/verify`).set(bearer(admin))).body).toMatchObject({ ok: true, integrity_ok: true });

    // Change the inventory, back up again with keep 1: the old file and its remote copy are gone.
    const items = (await t.http.get('/api/inventory/items').set(bearer(john.token))).body.items;
    await t.http.delete(`/api/inventory/items/${items[0].id}`).set(bearer(john.token)).expect(204);
    const second = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({ keep: 1 }).expect(201)).body.backup;
    expect(existsSync(join(t.mediaRoot, b.file_path))).toBe(false);
    expect(await s3.keys(bucket)).toEqual([`shelf/${second.file_path}`, `shelf/${full.file_path}`].sort());

    // Restore the encrypted user backup; then the encrypted full backup with the CLI.
    await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(9)).expect(201);
    const restored = await t.http.post(`/api/backups/${full.id}/restore`).set(bearer(admin));
    expect(restored.status).toBe(400);
    await t.stop();
    const res = await runCli(t, ['restore-backup', String(full.id), '--yes', '--no-safety-backup'], { env: { BACKUP_ENCRYPTION_KEY: key } });
    expect({ code: res.code, out: res.stdout }).toEqual({
      code: 0,
      out: expect.stringMatching(/✓ Restored .*\.enc \(backup \d+\), sha256 [0-9a-f]{16}… checked/),
    });
    const again = await createTestApp(dialect, { db: t.db, env: { MEDIA_ROOT: t.mediaRoot, BACKUP_ENCRYPTION_KEY: key, ...s3.env(bucket) } });
    try {
      expect(await snapshot(again, await again.login('john', 'password-123'))).toEqual(atBackup);
    } finally {
      await again.stop();
    }

    // By hand, with nothing but the key.
    const out = join(t.mediaRoot, '..', 'plain.json');
    const dec = await runCli(t, ['decrypt', join(t.mediaRoot, second.file_path), '-o', out], {
      env: { BACKUP_ENCRYPTION_KEY: key, DATABASE_URL: 'postgres://nowhere.invalid/none' },
    });
    expect(dec.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).item_count).toBe(4);
    const noKey = await runCli(t, ['decrypt', join(t.mediaRoot, second.file_path)], { env: { BACKUP_ENCRYPTION_KEY: randomBytes(32).toString('hex') } });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/encrypted with key [0-9a-f]{16}, which is not configured/);
  });
});

describe('encryption keys and off-site failures (sqlite)', () => {
  it('all-users with encryption: every small inventory is checked and sealed on the main thread, decrypts to its export', async () => {
    const t = await createTestApp('sqlite', { env: { BACKUP_ENCRYPTION_KEY: randomBytes(32).toString('hex') } });
    try {
      const admin = await t.login();
      const users = [
        { username: 'ann', ...(await t.register('ann')) },
        { username: 'bob', ...(await t.register('bob')) },
      ];
      for (const [n, u] of users.entries())
        for (let i = 0; i <= n; i++) await t.http.post('/api/inventory/items').set(bearer(u.token)).send(item(i)).expect(201);
      const run = (await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201)).body;
      expect(run.run).toMatchObject({ status: 'succeeded', backups_failed: 0 });
      for (const [n, u] of users.entries()) {
        const b = run.results.find((r: { username: string }) => r.username === u.username).backup;
        expect(b.file_name).toMatch(/\.json\.enc$/);
        const stored = readFileSync(join(t.mediaRoot, b.file_path));
        expect(stored.subarray(0, 8).toString('latin1')).toBe(MAGIC);
        expect(stored.includes(Buffer.from('Secret brick'))).toBe(false);
        const plain = await t.http
          .get(`/api/backups/${b.id}/download?decrypt=true`)
          .set(bearer(admin))
          .buffer(true)
          .parse(binary as never);
        const data = JSON.parse((plain.body as Buffer).toString('utf8'));
        delete data.exported_at;
        expect(data).toEqual(await snapshot(t, u.token));
        expect(data.item_count).toBe(n + 1);
        expect((await t.http.post(`/api/backups/${b.id}/verify`).set(bearer(admin))).body).toMatchObject({ ok: true });
      }
    } finally {
      await t.close();
    }
  });

  it('rotates keys: old backups stay readable with BACKUP_DECRYPTION_KEYS, and a missing key is a clear error', async () => {
    const k1 = randomBytes(32).toString('hex');
    const k2 = randomBytes(32).toString('hex');
    const first = await createTestApp('sqlite', { env: { BACKUP_ENCRYPTION_KEY: k1 } });
    const opened: TestApp[] = [];
    try {
      const old = (
        await first.http
          .post('/api/backups/full-db')
          .set(bearer(await first.login()))
          .send({})
          .expect(201)
      ).body.backup;
      await first.stop();

      const withoutOld = await createTestApp('sqlite', { db: first.db, env: { MEDIA_ROOT: first.mediaRoot, BACKUP_ENCRYPTION_KEY: k2 } });
      opened.push(withoutOld);
      const admin = await withoutOld.login();
      const verify = (await withoutOld.http.post(`/api/backups/${old.id}/verify`).set(bearer(admin))).body;
      expect(verify).toMatchObject({ ok: false, checksum_ok: true, integrity_ok: false });
      expect(verify.error).toMatch(/encrypted with key [0-9a-f]{16}, which is not configured/);
      const download = await withoutOld.http.get(`/api/backups/${old.id}/download?decrypt=true`).set(bearer(admin));
      expect(download.status).toBe(409);
      expect(download.body.message).toMatch(/not configured/);
      await withoutOld.stop();

      const rotated = await createTestApp('sqlite', {
        db: first.db,
        env: { MEDIA_ROOT: first.mediaRoot, BACKUP_ENCRYPTION_KEY: k2, BACKUP_DECRYPTION_KEYS: k1 },
      });
      opened.push(rotated);
      const admin2 = await rotated.login();
      expect((await rotated.http.post(`/api/backups/${old.id}/verify`).set(bearer(admin2))).body.ok).toBe(true);
      const fresh = (await rotated.http.post('/api/backups/full-db').set(bearer(admin2)).send({}).expect(201)).body.backup;
      expect(fresh.encryption_key_id).not.toBe(old.encryption_key_id);
    } finally {
      for (const app of opened) await app.stop();
      await first.close();
    }
  });

  it('a bucket that does not exist: the run is partial, the local backup is kept, and the next run catches up', async () => {
    const bucket = 'bs-created-later';
    const t = await createTestApp('sqlite', { env: s3.env(bucket) });
    try {
      const admin = await t.login();
      const first = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(first.status).toBe(201);
      expect(first.body.run.status).toBe('partial');
      expect(first.body.run.error).toMatch(/off-site copy failed for 1 file\(s\).*(NoSuchBucket|bucket does not exist)/i);
      expect(existsSync(join(t.mediaRoot, first.body.backup.file_path))).toBe(true);
      expect((await t.http.get(`/api/backups/${first.body.backup.id}`).set(bearer(admin))).body.copies[0]).toMatchObject({ status: 'failed', attempts: 1 });

      await s3.createBucket(bucket);
      const second = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(second.body.run.status).toBe('succeeded');
      const copies = (await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items.map(
        (b: { copies: { status: string; attempts: number }[] }) => b.copies[0],
      );
      expect(copies.map((c: { status: string }) => c.status)).toEqual(['copied', 'copied']);
      expect(copies.map((c: { attempts: number }) => c.attempts).sort()).toEqual([1, 2]);
      expect((await s3.keys(bucket)).length).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('an upload that fails halfway leaves no remote object and is retried on the next run', async () => {
    const bucket = 'bs-flaky';
    await s3.createBucket(bucket);
    let failuresLeft = 1;
    /** Sends 9 MiB (more than one 8 MiB part), then the connection "drops". */
    class FlakyS3Target extends S3Target {
      protected override body(localPath: string): Readable {
        if (failuresLeft-- <= 0) return super.body(localPath);
        const stream = new PassThrough();
        stream.write(Buffer.alloc(9 * 1024 * 1024, 1), () => setTimeout(() => stream.destroy(new Error('connection reset halfway through the upload')), 50));
        return stream;
      }
    }
    const env = s3.env(bucket);
    const t = await createTestApp('sqlite', {
      env,
      override: (b) =>
        b.overrideProvider(OFFSITE_TARGETS).useFactory({ factory: () => [new FlakyS3Target(loadConfig({ ...env, JWT_SECRET: 'x'.repeat(32) }).backupS3!)] }),
    });
    try {
      const admin = await t.login();
      const first = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(first.body.run.status).toBe('partial');
      expect(first.body.run.error).toMatch(/connection reset halfway/);
      expect(await s3.keys(bucket)).toEqual([]);
      expect(existsSync(join(t.mediaRoot, first.body.backup.file_path))).toBe(true);

      const second = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(second.body.run.status).toBe('succeeded');
      const keys = await s3.keys(bucket);
      expect(keys).toHaveLength(2);
      expect(await s3.sha256(bucket, `shelf/${first.body.backup.file_path}`)).toBe(first.body.backup.sha256);
    } finally {
      await t.close();
    }
  });
});
