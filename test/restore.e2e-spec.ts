import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const item = (i: number) => ({ name: `Brick ${i}`, part_id: `30${i}`, color: 'Red', quantity_total: 10 + i, quantity_used: i });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function snapshot(t: TestApp, token: string) {
  const data = JSON.parse((await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true)).text);
  delete data.exported_at;
  return data;
}

describe.each(testDialects())('restoring a user inventory backup (%s)', (dialect) => {
  let t: TestApp;
  let john: { id: number; token: string };
  let backupId: number;
  let atBackup: unknown;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    john = await t.register('john');
    for (let i = 0; i < 6; i++) await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(i)).expect(201);
    atBackup = await snapshot(t, john.token);
    backupId = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup.id;
    const items = (await t.http.get('/api/inventory/items?sort=part_id').set(bearer(john.token))).body.items;
    await t.http.delete(`/api/inventory/items/${items[0].id}`).set(bearer(john.token)).expect(204);
    await t.http.patch(`/api/inventory/items/${items[1].id}`).set(bearer(john.token)).send({ quantity_total: 99 }).expect(200);
    await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(9)).expect(201);
  });
  afterAll(() => t?.close());

  it('dry run reports and changes nothing', async () => {
    const before = await snapshot(t, john.token);
    const res = await t.http.post(`/api/backups/${backupId}/restore?dryRun=true`).set(bearer(john.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'replace', dry_run: true, created: 1, updated: 1, deleted: 1, unchanged: 4 });
    expect(await snapshot(t, john.token)).toEqual(before);
  });

  it("another user's backup is 404, and a full database backup is not restored over HTTP", async () => {
    const mary = await t.register('mary');
    expect((await t.http.post(`/api/backups/${backupId}/restore`).set(bearer(mary.token))).status).toBe(404);
    const admin = await t.login();
    const full = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
    const res = await t.http.post(`/api/backups/${full.id}/restore`).set(bearer(admin));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/restore-backup/);
  });

  it('a damaged file (one byte flipped) is refused with 409 and nothing is written', async () => {
    const before = await snapshot(t, john.token);
    const meta = (await t.http.get(`/api/backups/${backupId}`).set(bearer(john.token))).body;
    const path = join(t.mediaRoot, meta.file_path);
    const original = readFileSync(path);
    const damaged = Buffer.from(original);
    damaged[damaged.length - 10] ^= 0x04;
    writeFileSync(path, damaged);
    try {
      const res = await t.http.post(`/api/backups/${backupId}/restore`).set(bearer(john.token));
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/damaged/);
      expect(await snapshot(t, john.token)).toEqual(before);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('restore (replace) brings back exactly the inventory of the backup', async () => {
    const res = await t.http.post(`/api/backups/${backupId}/restore`).set(bearer(john.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, deleted: 1, unchanged: 4 });
    expect(await snapshot(t, john.token)).toEqual(atBackup);
  });

  it('an admin may restore it too, in merge mode', async () => {
    await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(8)).expect(201);
    const res = await t.http.post(`/api/backups/${backupId}/restore?mode=merge`).set(bearer(await t.login()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'merge', deleted: 0, unchanged: 6 });
    expect((await snapshot(t, john.token)).item_count).toBe(7);
  });

  it('the CLI imports a file for a user (import-inventory)', async () => {
    const meta = (await t.http.get(`/api/backups/${backupId}`).set(bearer(john.token))).body;
    const dry = await runCli(t, ['import-inventory', '--user', 'john', '--mode', 'replace', '--dry-run', join(t.mediaRoot, meta.file_path)]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run .* 1 deleted/);
    expect((await snapshot(t, john.token)).item_count).toBe(7);
    const res = await runCli(t, ['import-inventory', '--user', 'john', '--mode', 'replace', join(t.mediaRoot, meta.file_path)]);
    expect(res.code).toBe(0);
    expect(await snapshot(t, john.token)).toEqual(atBackup);
    const bad = join(t.mediaRoot, '..', 'bad.json');
    writeFileSync(bad, JSON.stringify({ items: [item(1), { name: 'x' }] }));
    const failed = await runCli(t, ['import-inventory', '--user', 'john', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/row 1: part_id is required/);
    expect((await runCli(t, ['import-inventory', bad])).code).toBe(2);
  });
});

describe.each(testDialects())('full database restore with the CLI (%s)', (dialect) => {
  it('restores, takes a safety backup, keeps newer backups in the catalog, and refuses a damaged file', async () => {
    const first = await createTestApp(dialect);
    let second: TestApp | undefined;
    try {
      const admin = await first.login();
      const john = await first.register('john');
      for (let i = 0; i < 4; i++) await first.http.post('/api/inventory/items').set(bearer(john.token)).send(item(i)).expect(201);
      const atBackup = await snapshot(first, john.token);
      const full = (await first.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;

      // Life goes on after the backup: items change, a user arrives, a newer backup is made.
      const items = (await first.http.get('/api/inventory/items').set(bearer(john.token))).body.items;
      await first.http.delete(`/api/inventory/items/${items[0].id}`).set(bearer(john.token)).expect(204);
      await first.register('paul');
      const newer = (await first.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup;

      // Without --yes nothing happens.
      await first.stop();
      const refused = await runCli(first, ['restore-backup', String(full.id)]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--yes/);

      const res = await runCli(first, ['restore-backup', String(full.id), '--yes']);
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
      expect(res.stdout).toMatch(/^✓ Safety backup of the previous database: backup \d+, backups\/full_db\/db_backup_/m);
      expect(res.stdout).toMatch(/^✓ Restored .*sha256 [0-9a-f]{16}… checked/m);
      expect(res.stdout).toMatch(/Rows: users 2, inventory_items 4/);

      second = await createTestApp(dialect, { db: first.db, env: { MEDIA_ROOT: first.mediaRoot } });
      const johnToken = await second.login('john', 'password-123');
      expect(await snapshot(second, johnToken)).toEqual(atBackup);
      expect((await second.http.post('/api/auth/login').send({ username: 'paul', password: 'password-123' })).status).toBe(401);

      // The catalog knows every file on disk, including those newer than the restored database.
      const catalog = (await second.http.get('/api/backups?pageSize=100').set(bearer(await second.login()))).body.items;
      const paths = catalog.map((b: { file_path: string }) => b.file_path);
      expect(paths).toEqual(expect.arrayContaining([full.file_path, newer.file_path]));
      expect(catalog.filter((b: { type: string }) => b.type === 'full_db')).toHaveLength(2);
      for (const b of catalog) expect(sha256(join(first.mediaRoot, b.file_path))).toBe(b.sha256);

      // The safety backup brings the later state back.
      const safety = catalog.find((b: { type: string; file_path: string }) => b.type === 'full_db' && b.file_path !== full.file_path);
      await second.stop();
      const undo = await runCli(first, ['restore-backup', String(safety.id), '--yes', '--no-safety-backup']);
      expect({ code: undo.code, out: undo.code ? undo.stdout : '' }).toEqual({ code: 0, out: '' });
      expect(undo.stdout).not.toMatch(/Safety backup/);
      await second.close();
      second = await createTestApp(dialect, { db: first.db, env: { MEDIA_ROOT: first.mediaRoot } });
      expect((await second.http.post('/api/auth/login').send({ username: 'paul', password: 'password-123' })).status).toBe(200);
      const fullRow = (await second.http.get('/api/backups?type=full_db').set(bearer(await second.login()))).body.items.find(
        (b: { file_path: string }) => b.file_path === full.file_path,
      );

      // One flipped byte: refused, database untouched.
      await second.stop();
      const path = join(first.mediaRoot, full.file_path);
      const bytes = readFileSync(path);
      bytes[Math.floor(bytes.length / 2)] ^= 0x10;
      writeFileSync(path, bytes);
      const damaged = await runCli(first, ['restore-backup', String(fullRow.id), '--yes', '--no-safety-backup']);
      expect(damaged.code).toBe(1);
      expect(damaged.stdout).toMatch(/Checksum mismatch.*nothing was changed/);
      await second.close();
      second = await createTestApp(dialect, { db: first.db, env: { MEDIA_ROOT: first.mediaRoot } });
      expect((await second.http.post('/api/auth/login').send({ username: 'paul', password: 'password-123' })).status).toBe(200);
    } finally {
      await second?.close();
      await first.close();
    }
  }, 120_000);
});

const metric = (text: string, name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe.each(testDialects())('a full restore keeps ids, later backups, run history and counters (%s)', (dialect) => {
  it('refuses under a live app (unless --force), then restores with every id, run and counter intact', async () => {
    const first = await createTestApp(dialect);
    let second: TestApp | undefined;
    try {
      const admin = await first.login();
      const john = await first.register('john');
      await first.http.post('/api/inventory/items').set(bearer(john.token)).send(item(1)).expect(201);
      await first.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201);
      const restored = (await first.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      await first.http.post('/api/inventory/items').set(bearer(john.token)).send(item(2)).expect(201);
      for (let i = 0; i < 2; i++) await first.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201);
      const later = (await first.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      const before = (await first.http.get('/api/backups?pageSize=100').set(bearer(admin))).body.items.map((b: { id: number; file_path: string }) => [
        b.id,
        b.file_path,
      ]);
      expect(before).toHaveLength(5);
      const runsBefore = (await first.http.get('/api/backups/runs?pageSize=100').set(bearer(admin))).body.items.map((r: { id: number; status: string }) => [
        r.id,
        r.status,
      ]);
      const created = metric((await first.http.get('/metrics')).text, 'blockshelf_backups_created_total', 'type="full_db"');
      expect(created).toBe(2);

      // The server is alive: refused, nothing changed (no safety backup either).
      const refused = await runCli(first, ['restore-backup', String(restored.id), '--yes']);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/Refusing to restore: the app is running against this database \(server on .* pid \d+/);
      expect((await first.http.get('/api/backups?pageSize=100').set(bearer(admin))).body.items).toHaveLength(5);
      expect((await first.http.get('/api/inventory/items').set(bearer(john.token))).body.total).toBe(2);

      await first.stop();
      const res = await runCli(first, ['restore-backup', String(restored.id), '--yes']);
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });

      second = await createTestApp(dialect, { db: first.db, env: { MEDIA_ROOT: first.mediaRoot } });
      const admin2 = await second.login();
      expect((await second.http.get('/api/inventory/items').set(bearer(await second.login('john', 'password-123')))).body.total).toBe(1);
      const after = (await second.http.get('/api/backups?pageSize=100').set(bearer(admin2))).body.items;
      // Every id names the same file as before, the later backups included; the safety backup is listed and labelled.
      for (const [id, path] of before) expect(after.find((b: { id: number }) => b.id === id)?.file_path).toBe(path);
      expect(after.find((b: { id: number }) => b.id === later.id)).toBeDefined();
      const safety = after.filter((b: { id: number }) => !before.some(([id]: [number]) => id === b.id));
      expect(safety).toHaveLength(1);
      expect(safety[0].label).toBe(`Safety backup before restoring backup ${restored.id}`);
      // The history: every earlier run as it was, none left running, one run for the restore.
      const runsAfter = (await second.http.get('/api/backups/runs?pageSize=100').set(bearer(admin2))).body.items;
      for (const [id, status] of runsBefore) expect(runsAfter.find((r: { id: number }) => r.id === id)?.status).toBe(status);
      expect(runsAfter.filter((r: { status: string }) => r.status === 'running')).toEqual([]);
      expect(runsAfter.filter((r: { target: string; status: string }) => r.target === 'full_restore' && r.status === 'succeeded')).toHaveLength(1);
      const health = (await second.http.get('/health')).body;
      expect(health.details.backup.lastFullBackupAt).not.toBeNull();
      expect(metric((await second.http.get('/metrics')).text, 'blockshelf_backups_created_total', 'type="full_db"')).toBeGreaterThanOrEqual(created + 1);
      // A backup made now gets a new id, never one that was handed out before.
      const next = (await second.http.post('/api/backups/full-db').set(bearer(admin2)).send({}).expect(201)).body.backup;
      expect(next.id).toBeGreaterThan(Math.max(...after.map((b: { id: number }) => b.id)));

      // --force restores even while the server runs (with a warning).
      const forced = await runCli(first, ['restore-backup', String(later.id), '--yes', '--no-safety-backup', '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/! --force: restoring while the app runs/);
    } finally {
      await second?.close();
      await first.close();
    }
  }, 120_000);
});
