import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
const brick = (i: number) => ({ name: `Brick ${i}`, part_id: `30${i}`, color: 'Red', quantity_total: 10 + i, quantity_used: i % 3 });

describe.each(testDialects())('backups (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;
  let john: { id: number; token: string };
  let mary: { id: number; token: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login();
    john = await t.register('john');
    mary = await t.register('mary');
    for (let i = 0; i < 30; i++) await t.http.post('/api/inventory/items').set(bearer(john.token)).send(brick(i)).expect(201);
    await t.http.post('/api/inventory/items').set(bearer(mary.token)).send(brick(1)).expect(201);
  });
  afterAll(() => t?.close());

  it('Create Backup Now writes my inventory JSON, 0600 in a 0700 folder, with the sha256 of its bytes', async () => {
    const res = await t.http.post('/api/backups/me').set(bearer(john.token)).send({});
    expect(res.status).toBe(201);
    const b = res.body.backup;
    expect(b).toMatchObject({ type: 'user_inventory', user_id: john.id, format: 'inventory-json' });
    expect(b.file_path).toMatch(new RegExp(`^backups/user_inventory/${john.id}/john_inventory_\\d{8}_\\d{6}(_\\d+)?\\.json$`));
    expect(res.body.run).toMatchObject({ status: 'succeeded', target: 'user_inventory', trigger: 'manual', backups_created: 1 });

    const path = join(t.mediaRoot, b.file_path);
    const bytes = readFileSync(path);
    expect(sha256(bytes)).toBe(b.sha256);
    expect(bytes.length).toBe(b.size_bytes);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.mediaRoot, 'backups/user_inventory', String(john.id))).mode & 0o777).toBe(0o700);

    const data = JSON.parse(bytes.toString('utf8'));
    expect(data).toMatchObject({ format: 'blockshelf-inventory', user: { id: john.id, username: 'john' }, item_count: 30 });
    const exported = JSON.parse((await t.http.get('/api/inventory/export').set(bearer(john.token)).buffer(true)).text);
    expect(data.items).toEqual(exported.items);
  });

  it('takes a full database backup that the real tools can restore', async () => {
    const res = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 201, message: undefined });
    const b = res.body.backup;
    const ext = { sqlite: 'sqlite3', postgres: 'dump', mysql: 'sql.gz' }[dialect];
    expect(b.file_path).toMatch(new RegExp(`^backups/full_db/db_backup_\\d{8}_\\d{6}(_\\d+)?\\.${ext.replace('.', '\\.')}$`));
    expect(b).toMatchObject({ type: 'full_db', user_id: null, dialect });
    const path = join(t.mediaRoot, b.file_path);
    expect(sha256(readFileSync(path))).toBe(b.sha256);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(t.mediaRoot, 'backups/full_db')).filter((f) => f.startsWith('.'))).toEqual([]);
    const live = await t.dataSource.query(`SELECT ${ROW} FROM inventory_items ORDER BY id`);
    const restored = await restoredRows(dialect, path);
    expect(restored).toHaveLength(31);
    expect(restored).toEqual(live.map(normalise));
  });

  it("hides other users' backups (404) and admin-only routes from users (403)", async () => {
    const johns = (await t.http.get('/api/backups').set(bearer(john.token))).body.items;
    expect(johns.length).toBeGreaterThan(0);
    expect(johns.every((b: { user_id: number }) => b.user_id === john.id)).toBe(true);
    const id = johns[0].id;
    expect((await t.http.get(`/api/backups/${id}`).set(bearer(mary.token))).status).toBe(404);
    expect((await t.http.get(`/api/backups/${id}/download`).set(bearer(mary.token))).status).toBe(404);
    const full = (await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items[0];
    expect((await t.http.get(`/api/backups/${full.id}`).set(bearer(john.token))).status).toBe(404);
    expect((await t.http.get(`/api/backups/${full.id}/download`).set(bearer(john.token))).status).toBe(404);
    for (const [method, url] of [
      ['post', '/api/backups/full-db'],
      ['post', '/api/backups/all-users'],
      ['get', '/api/backups/stats'],
      ['get', '/api/backups/runs'],
      ['post', `/api/backups/${id}/verify`],
      ['delete', `/api/backups/${id}`],
    ] as const) {
      expect({ url, status: (await t.http[method](url).set(bearer(john.token)).send({})).status }).toEqual({ url, status: 403 });
    }
    expect((await t.http.get(`/api/backups/${id}`).set(bearer(admin))).status).toBe(200);
  });

  it('downloads the stored bytes, streamed as an attachment with a sha256 header', async () => {
    const [b] = (await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items;
    const res = await t.http
      .get(`/api/backups/${b.id}/download`)
      .set(bearer(admin))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${b.file_name}"`);
    expect(res.headers['x-checksum-sha256']).toBe(b.sha256);
    expect(sha256(res.body as Buffer)).toBe(b.sha256);
  });

  it('rotation with keep 3 after 5 full backups leaves the newest 3, files and rows', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await t.http.post('/api/backups/full-db').set(bearer(admin)).send({ keep: 3 }).expect(201)).body.backup.file_name);
    const rows = (await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items.map((b: { file_name: string }) => b.file_name);
    expect(rows).toEqual(made.slice(2).reverse());
    expect(
      readdirSync(join(t.mediaRoot, 'backups/full_db'))
        .filter((f) => !f.endsWith('.manifest.json'))
        .sort(),
    ).toEqual(made.slice(2).sort());
    // Back to one full backup for the tests below.
    await t.http.post('/api/backups/full-db').set(bearer(admin)).send({ keep: 1 }).expect(201);
  });

  it('rotation keeps the newest N per set, and only that set', async () => {
    for (let i = 0; i < 3; i++) await t.http.post('/api/backups/me').set(bearer(mary.token)).send({ keep: 5 }).expect(201);
    const before = (await t.http.get('/api/backups').set(bearer(john.token))).body.total;
    const last = await t.http.post('/api/backups/me').set(bearer(mary.token)).send({ keep: 2 });
    expect(last.body.deleted).toBe(2);
    const marys = (await t.http.get(`/api/backups?userId=${mary.id}`).set(bearer(admin))).body.items;
    expect(marys.map((b: { id: number }) => b.id)).toContain(last.body.backup.id);
    expect(marys).toHaveLength(2);
    expect(
      readdirSync(join(t.mediaRoot, 'backups/user_inventory', String(mary.id)))
        .filter((f) => !f.endsWith('.manifest.json'))
        .sort(),
    ).toEqual(marys.map((b: { file_name: string }) => b.file_name).sort());
    expect((await t.http.get('/api/backups').set(bearer(john.token))).body.total).toBe(before);
  });

  it('a backup file already deleted by hand does not stop the rotation', async () => {
    const marys = (await t.http.get(`/api/backups?userId=${mary.id}`).set(bearer(admin))).body.items;
    rmSync(join(t.mediaRoot, marys[marys.length - 1].file_path));
    const res = await t.http.post('/api/backups/me').set(bearer(mary.token)).send({ keep: 1 });
    expect(res.status).toBe(201);
    expect(res.body.deleted).toBe(2);
    expect((await t.http.get(`/api/backups?userId=${mary.id}`).set(bearer(admin))).body.total).toBe(1);
  });

  it('verify re-checks the checksum and catches a flipped byte', async () => {
    const [b] = (await t.http.get(`/api/backups?userId=${john.id}`).set(bearer(admin))).body.items;
    const good = await t.http.post(`/api/backups/${b.id}/verify`).set(bearer(admin));
    expect(good.body).toMatchObject({ ok: true, checksum_ok: true, integrity_ok: true });
    const path = join(t.mediaRoot, b.file_path);
    const bytes = readFileSync(path);
    bytes[20] ^= 0x01;
    writeFileSync(path, bytes);
    const bad = await t.http.post(`/api/backups/${b.id}/verify`).set(bearer(admin));
    expect(bad.body.ok).toBe(false);
    expect(bad.body.checksum_ok).toBe(false);
    expect(bad.body.error).toMatch(/Checksum mismatch/);
  });

  it('backs up all active users, skipping inactive ones, in one run', async () => {
    const { id: paulId } = await t.register('paul');
    await t.http.patch(`/api/users/${paulId}`).set(bearer(admin)).send({ is_active: false }).expect(200);
    const res = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({ keep: 3 });
    expect(res.status).toBe(201);
    expect(res.body.run).toMatchObject({ status: 'succeeded', target: 'all_users', backups_failed: 0 });
    const names = res.body.results.map((r: { username: string }) => r.username).sort();
    expect(names).toEqual(['admin', 'john', 'mary']);
    for (const r of res.body.results) expect(existsSync(join(t.mediaRoot, r.backup.file_path))).toBe(true);
    expect(res.body.run.backups_created).toBe(3);
  });

  it("the listing shows every change at once: this server's writes and another process's", async () => {
    const list = async () => (await t.http.get('/api/backups?pageSize=100').set(bearer(admin)).expect(200)).body;
    const before = await list();
    const again = await t.http.get('/api/backups?pageSize=100').set(bearer(admin)).expect(200);
    expect(again.body).toEqual(before);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    // A client that has this page gets a 304, as from any Express route.
    await t.http.get('/api/backups?pageSize=100').set(bearer(admin)).set('If-None-Match', again.headers.etag).expect(304);
    const made = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({ keep: 100 }).expect(201)).body.backup;
    const after = await list();
    expect(after.total).toBe(before.total + 1);
    expect(after.items[0]).toMatchObject({ id: made.id, label: null });
    // Another connection (the CLI, another instance) labels it: the next request shows it, with no wait.
    await rawExec(dialect, t.db.url, `UPDATE backups SET label = 'set elsewhere' WHERE id = ${made.id}`);
    expect((await list()).items[0]).toMatchObject({ id: made.id, label: 'set elsewhere' });
    expect((await t.http.get(`/api/backups?userId=${john.id}&pageSize=100`).set(bearer(john.token)).expect(200)).body.items[0].label).toBe('set elsewhere');
  });

  it('deletes a backup: file and row', async () => {
    const [b] = (await t.http.get(`/api/backups?userId=${john.id}`).set(bearer(admin))).body.items;
    expect((await t.http.delete(`/api/backups/${b.id}`).set(bearer(admin))).status).toBe(204);
    expect(existsSync(join(t.mediaRoot, b.file_path))).toBe(false);
    expect((await t.http.get(`/api/backups/${b.id}`).set(bearer(admin))).status).toBe(404);
  });

  it('reports stats and run history for monitoring', async () => {
    const stats = (await t.http.get('/api/backups/stats').set(bearer(admin))).body;
    const full = stats.types.find((x: { type: string }) => x.type === 'full_db');
    const users = stats.types.find((x: { type: string }) => x.type === 'user_inventory');
    expect(full.count).toBe(1);
    expect(full.last_success.status).toBe('succeeded');
    expect(full.bytes).toBe(full.newest.size_bytes);
    expect(users.count).toBeGreaterThan(2);
    expect(stats.free_bytes).toBeGreaterThan(0);
    const runs = (await t.http.get('/api/backups/runs?target=all_users').set(bearer(admin))).body;
    expect(runs.items[0]).toMatchObject({ target: 'all_users', status: 'succeeded', backups_created: 3 });
    expect(runs.items[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('rejects a bad keep with 400 and writes nothing', async () => {
    const before = (await t.http.get('/api/backups').set(bearer(john.token))).body.total;
    const res = await t.http.post('/api/backups/me').set(bearer(john.token)).send({ keep: 0 });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('keep');
    expect((await t.http.get('/api/backups').set(bearer(john.token))).body.total).toBe(before);
  });
});

const ROW = 'id, user_id, name, part_id, color, quantity_total, quantity_used, storage_location, notes';
const normalise = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' || /^\d+$/.test(String(v)) ? Number(v) : String(v)]));

/** Restores a full backup into a scratch database with the real tools and reads the items back. */
async function restoredRows(dialect: string, path: string): Promise<Record<string, unknown>[]> {
  if (dialect === 'sqlite') {
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      return (db.prepare(`SELECT ${ROW} FROM inventory_items ORDER BY id`).all() as Record<string, unknown>[]).map(normalise);
    } finally {
      db.close();
    }
  }
  const scratch = await createTestDatabase(dialect as 'postgres' | 'mysql');
  try {
    const u = new URL(scratch.url);
    if (dialect === 'postgres') {
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '-h', u.hostname, '-p', u.port, '-U', 'postgres', '-d', scratch.name, path]);
      const c = new pg.Client({ connectionString: scratch.url });
      await c.connect();
      const { rows } = await c.query(`SELECT ${ROW} FROM inventory_items ORDER BY id`);
      await c.end();
      return rows.map(normalise);
    }
    execFileSync('mariadb', ['-h', u.hostname, '-P', u.port, '-u', 'root', scratch.name], { input: gunzipSync(readFileSync(path)) });
    const c = await mysql.createConnection(scratch.url);
    const [rows] = await c.query(`SELECT ${ROW} FROM inventory_items ORDER BY id`);
    await c.end();
    return (rows as Record<string, unknown>[]).map(normalise);
  } finally {
    await scratch.drop();
  }
}

/** One statement on the test database through a connection of its own (another process's view). */
async function rawExec(dialect: string, url: string, sql: string): Promise<void> {
  if (dialect === 'sqlite') {
    const db = new Database(url.replace(/^sqlite:/, ''));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  } else if (dialect === 'postgres') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  } else {
    const c = await mysql.createConnection(url);
    await c.query(sql).finally(() => c.end());
  }
}
