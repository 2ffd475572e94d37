import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { RunLedger } from '../src/backups/runs/run-ledger.service.js';
import { InstanceRegistry } from '../src/instances/instance-registry.service.js';
import { runCli } from './support/cli.js';
import { startPausedBackup } from './support/paused-backup.js';
import { asRoot, withSmallDisk } from './support/small-disk.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const backupFiles = (t: TestApp, dir = 'backups/full_db') => (existsSync(join(t.mediaRoot, dir)) ? readdirSync(join(t.mediaRoot, dir)).sort() : []);

describe.each(testDialects())('files are the truth (%s)', (dialect) => {
  it('a process killed after linking the file, before its row is listed: the next start lists it once, with its manifest id', async () => {
    const db = await createTestDatabase(dialect);
    const work = mkdtempSync(join(tmpdir(), 'bs-kill-'));
    const env = { MEDIA_ROOT: join(work, 'media'), DATA_DIR: join(work, 'data') };
    let child: Awaited<ReturnType<typeof startPausedBackup>> | undefined;
    let t: TestApp | undefined;
    try {
      child = await startPausedBackup(db.url, env);
      const [file] = readdirSync(join(work, 'media/backups/full_db')).filter((f) => !f.startsWith('.') && !f.endsWith('.manifest.json'));
      const manifest = JSON.parse(readFileSync(join(work, 'media/backups/full_db', file + '.manifest.json'), 'utf8'));
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));

      t = await createTestApp(dialect, { db, env: { MEDIA_ROOT: env.MEDIA_ROOT, DATA_DIR: env.DATA_DIR } });
      const listed = (await t.http.get('/api/backups?type=full_db').set(bearer(await t.login()))).body.items;
      expect(listed.map((b: { id: number; file_name: string }) => [b.id, b.file_name])).toEqual([[manifest.id, file]]);
      expect(listed[0].sha256).toBe(sha256(join(t.mediaRoot, listed[0].file_path)));
      // Its run died with the process: failed as interrupted, not running.
      const runs = await t.dataSource.getRepository(BackupRun).findBy({ target: 'full_db' });
      expect(runs.map((r) => [r.status, r.error])).toEqual([['failed', expect.stringMatching(/^Interrupted/)]]);
    } finally {
      child?.kill('SIGKILL');
      await t?.stop();
      await db.drop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a file that does not match its manifest is never listed: reconcile reports it and moves it to quarantine', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.login();
      const backup = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      await t.stop();
      // The table forgets it (an older database restored by hand) and a byte of the file flips.
      await t.dataSource.initialize();
      await t.dataSource.query('DELETE FROM backups');
      await t.dataSource.destroy();
      const path = join(t.mediaRoot, backup.file_path);
      const bytes = readFileSync(path);
      bytes[bytes.length >> 1] ^= 1;
      writeFileSync(path, bytes);

      const dry = await runCli(t, ['reconcile', '--dry-run'], { env: { DATA_DIR: t.config.dataDir } });
      expect(dry.stdout).toMatch(/Quarantined \(file does not match its manifest\): 1/);
      expect(existsSync(path)).toBe(true);
      const fixed = await runCli(t, ['reconcile'], { env: { DATA_DIR: t.config.dataDir } });
      expect(fixed.code).toBe(1);
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(join(t.mediaRoot, 'backups/quarantine')).some((f) => f.endsWith(backup.file_name))).toBe(true);
      const second = await createTestApp(dialect, { db: t.db, env: { MEDIA_ROOT: t.mediaRoot } });
      expect((await second.http.get('/api/backups').set(bearer(await second.login()))).body.total).toBe(0);
      await second.close();
    } finally {
      await t.close();
    }
  });

  it('a row whose file is gone is listed as missing, never served', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.login();
      const backup = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      rmSync(join(t.mediaRoot, backup.file_path));
      const res = await runCli(t, ['reconcile'], { env: { DATA_DIR: t.config.dataDir } });
      expect(res.stdout).toMatch(new RegExp(`Missing \\(row, no file\\): 1 \\(ids ${backup.id}\\)`));
      const row = (await t.http.get(`/api/backups/${backup.id}`).set(bearer(admin))).body;
      expect(row.status).toBe('missing');
      await t.http.get(`/api/backups/${backup.id}/download`).set(bearer(admin)).expect(404);
      expect((await t.http.get('/health')).body.details.backup.missingBackups).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('a file whose row is gone altogether (a catalog older than the file) is listed again from its manifest, with its id and counts', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.login();
      const { token } = await t.register('ivy');
      await t.http.post('/api/inventory/items').set(bearer(token)).send({ name: 'Brick', part_id: '3001', color: 'Red' }).expect(201);
      const backup = (await t.http.post('/api/backups/me').set(bearer(token)).send({}).expect(201)).body.backup;
      await t.dataSource.query(`DELETE FROM backups WHERE id = ${Number(backup.id)}`);
      await t.http.get(`/api/backups/${backup.id}`).set(bearer(admin)).expect(404);

      const res = await runCli(t, ['reconcile'], { env: { DATA_DIR: t.config.dataDir } });
      expect(res.code).toBe(0);
      const again = (await t.http.get(`/api/backups/${backup.id}`).set(bearer(admin)).expect(200)).body;
      expect(again).toMatchObject({ id: backup.id, file_path: backup.file_path, sha256: backup.sha256, item_count: 1, pinned: false, status: 'ok' });
    } finally {
      await t.close();
    }
  });
});

describe.each(testDialects())('interrupted runs and leftovers (%s)', (dialect) => {
  it('a run whose process is gone, or whose heartbeat stopped, is failed as interrupted; a live one is left alone', async () => {
    const t = await createTestApp(dialect);
    try {
      const runs = t.dataSource.getRepository(BackupRun);
      const now = new Date();
      const base = { target: 'full_db' as const, trigger: 'cli' as const, status: 'running' as const, createdBy: null, startedAt: now };
      const deadOwner = await runs.save(runs.create({ ...base, heartbeatAt: now, instanceId: 'gone-host:1:abcdef' }));
      const silent = await runs.save(runs.create({ ...base, heartbeatAt: new Date(now.getTime() - 61_000), instanceId: t.app.get(InstanceRegistry).id }));
      const alive = await runs.save(runs.create({ ...base, heartbeatAt: now, instanceId: t.app.get(InstanceRegistry).id }));
      const marked = await t.app.get(RunLedger).failInterruptedRuns();
      expect(marked.map((r) => r.id).sort()).toEqual([deadOwner.id, silent.id].sort());
      for (const id of [deadOwner.id, silent.id])
        expect(await runs.findOneByOrFail({ id })).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted/) });
      expect((await runs.findOneByOrFail({ id: alive.id })).status).toBe('running');
    } finally {
      await t.close();
    }
  });

  it('temp files, option files and spools of dead processes are swept at start; a live process keeps its own', async () => {
    const t = await createTestApp(dialect);
    try {
      const live = t.app.get(InstanceRegistry).token;
      await t.stop();
      const tmp = join(t.config.dataDir, 'tmp');
      const full = join(t.mediaRoot, 'backups/full_db');
      mkdirSync(join(tmp, 'import-0badf0-1'), { recursive: true });
      writeFileSync(join(tmp, 'import-0badf0-1/upload'), 'x');
      writeFileSync(join(tmp, 'mycnf-0badf0-2.cnf'), '[client]\npassword="secret"\n');
      mkdirSync(full, { recursive: true });
      for (const name of [
        '.db_backup_20261201_000000.0badf0-3.partial',
        '.db_backup_20261201_000000.0badf0-3.plain.partial',
        '.db_backup_20261201_000000.0badf0-3.plain.partial-journal',
      ])
        writeFileSync(join(full, name), 'x');
      // The row of a live process (another instance sharing the folders): left alone.
      const second = await createTestApp(dialect, { db: t.db, env: { MEDIA_ROOT: t.mediaRoot, DATA_DIR: t.config.dataDir }, override: undefined });
      const otherLive = second.app.get(InstanceRegistry).token;
      writeFileSync(join(tmp, `mycnf-${otherLive}-4.cnf`), 'x');
      await second.app.get(InstanceRegistry).beat();
      const third = await createTestApp(dialect, { db: t.db, env: { MEDIA_ROOT: t.mediaRoot, DATA_DIR: t.config.dataDir } });
      expect(readdirSync(tmp)).toEqual([`mycnf-${otherLive}-4.cnf`]);
      expect(readdirSync(full)).toEqual([]);
      expect(live).not.toBe(otherLive);
      await third.stop();
      await second.stop();
    } finally {
      await t.close();
    }
  });
});

if (!asRoot) console.warn('!! SKIPPED: the full-disk tests need root (they mount a small tmpfs for MEDIA_ROOT)');

describe.each(testDialects().filter((d) => d !== 'mysql'))('a full disk fails one backup cleanly (%s)', (dialect) => {
  (asRoot ? it : it.skip)('fails with a message that says the disk is full, leaves nothing, and the next backup succeeds once space is freed', async () => {
    const disk = withSmallDisk('4m');
    let t: TestApp | undefined;
    try {
      t = await createTestApp(dialect, { env: { MEDIA_ROOT: disk.dir } });
      const admin = await t.login();
      const john = await t.register('john');
      const good = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      // Fill the disk to the last page.
      execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(disk.dir, 'filler')} bs=4096 2>/dev/null || true`]);
      const failed = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({});
      expect(failed.status).toBe(500);
      expect(failed.body.message).toMatch(/disk is full/);
      const userFailed = await t.http.post('/api/backups/me').set(bearer(john.token)).send({});
      expect(userFailed.status).toBe(500);
      // Nothing half-made: only the good backup and its manifest, no temp file, no row, no torn metadata.
      expect(backupFiles(t)).toEqual([good.file_name, `${good.file_name}.manifest.json`]);
      expect(backupFiles(t, `backups/user_inventory/${john.id}`)).toEqual([]);
      expect((await t.http.get('/api/backups').set(bearer(admin))).body.items.map((b: { id: number }) => b.id)).toEqual([good.id]);
      const runs = (await t.http.get('/api/backups/runs?status=failed').set(bearer(admin))).body.items;
      expect(runs[0].error).toMatch(/disk is full \(ENOSPC\)/);
      expect((await t.http.get('/health')).body.details.backup.lastFailedRuns.some((r: { diskFull: boolean }) => r.diskFull)).toBe(true);

      rmSync(join(disk.dir, 'filler'));
      const next = (await t.http.post('/api/backups/full-db').set(bearer(admin)).send({}).expect(201)).body.backup;
      expect(sha256(join(disk.dir, next.file_path))).toBe(next.sha256);
      await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201);
      expect(JSON.parse(readFileSync(join(disk.dir, next.file_path + '.manifest.json'), 'utf8')).id).toBe(next.id);
    } finally {
      await t?.close();
      disk.unmount();
    }
  });
});

describe.each(testDialects().filter((d) => d !== 'mysql'))('a full disk empties the trash before a backup fails (%s)', (dialect) => {
  (asRoot ? it : it.skip)('purges the trash, oldest first, and the backup succeeds', async () => {
    const disk = withSmallDisk('4m');
    let t: TestApp | undefined;
    try {
      t = await createTestApp(dialect, { env: { MEDIA_ROOT: disk.dir } });
      const john = await t.register('john');
      const many = Array.from({ length: 200 }, (_, i) => ({ name: `Brick ${i}`, part_id: `p${i}`, color: 'Red', quantity_total: 2 }));
      await t.http.post('/api/inventory/import').set(bearer(john.token)).send(many).expect(200);
      const kept = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup;
      const doomed = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup;
      await t.http
        .delete(`/api/backups/${doomed.id}`)
        .set(bearer(await t.login()))
        .expect(204);
      execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(disk.dir, 'filler')} bs=4096 2>/dev/null || true`]);
      const made = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup;
      expect(sha256(join(disk.dir, made.file_path))).toBe(made.sha256);
      expect((await t.http.get('/api/backups/trash').set(bearer(await t.login()))).body.total).toBe(0);
      expect((await t.http.get('/api/backups').set(bearer(john.token))).body.items.map((b: { id: number }) => b.id).sort()).toEqual([kept.id, made.id].sort());
    } finally {
      await t?.close();
      disk.unmount();
    }
  });
});

// Keeps the DataSource import used for type-only helpers in some dialect tables.
void DataSource;
