import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { Backup } from '../src/backups/backup.entity.js';
import { Clock } from '../src/common/clock.js';
import { compactTimestamp } from '../src/common/timestamps.js';
import { FileWriterThread, FileWriterThreads } from '../src/backups/store/file-writer-thread.js';
import { startPausedBackup } from './support/paused-backup.js';
import { asRoot, withSmallDisk } from './support/small-disk.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const USERS = ['ann', 'bob', 'cyd', 'dee'];

/** Every file under backups/user_inventory, relative, sorted. */
function inventoryFiles(mediaRoot: string): string[] {
  const root = join(mediaRoot, 'backups/user_inventory');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .flatMap((folder) => readdirSync(join(root, folder)).map((name) => `${folder}/${name}`))
    .sort();
}

/** A user whose inventory (over 1,000 items) is streamed to the writer thread a page at a time. */
async function seedLargeUser(t: TestApp, items = 1500): Promise<void> {
  const { token } = await t.register('hoarder');
  const list = Array.from({ length: items }, (_, n) => ({ name: `Plate ${n}`, part_id: `p${n}`, color: 'Blue', quantity_total: 1 }));
  await t.http.post('/api/inventory/import').set(bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify(list)).expect(200);
}

/**
 * What must hold whatever failed: every listed backup's file has its checksum and a manifest naming its id, every
 * file and manifest under user_inventory is a listed backup's, and no temp file or pending row is left.
 */
async function expectConsistent(t: TestApp): Promise<number> {
  const listed = (await t.http.get('/api/backups?type=user_inventory&pageSize=100').set(bearer(await t.login()))).body.items as Array<{
    id: number;
    file_path: string;
    sha256: string;
  }>;
  for (const b of listed) {
    expect(sha256(join(t.mediaRoot, b.file_path))).toBe(b.sha256);
    expect(JSON.parse(readFileSync(join(t.mediaRoot, b.file_path + '.manifest.json'), 'utf8')).id).toBe(b.id);
  }
  const known = listed.flatMap((b) => [b.file_path, b.file_path + '.manifest.json']).map((p) => p.replace('backups/user_inventory/', ''));
  expect(inventoryFiles(t.mediaRoot)).toEqual(known.sort());
  expect(await t.dataSource.getRepository(Backup).countBy({ status: 'pending' })).toBe(0);
  return listed.length;
}

async function seedUsers(t: TestApp): Promise<void> {
  for (const [i, name] of USERS.entries()) {
    const { token } = await t.register(name);
    for (let n = 0; n <= i; n++) {
      await t.http
        .post('/api/inventory/items')
        .set(bearer(token))
        .send({ name: `Brick ${n}`, part_id: `300${n}`, color: 'Red', quantity_total: n + 1 })
        .expect(201);
    }
  }
}

describe.each(testDialects())('all-users backups, a batch at a time (%s)', (dialect) => {
  // The batch publisher claims every row, then writes every manifest, then links every file: a kill between those
  // steps must leave what reconcile resolves, as for one backup.
  it.each([
    ['afterManifest', 'no file is linked yet: nothing is listed, and no manifest, row or temp file is left'],
    ['afterLink', 'every file is linked: each is listed once, with the id its manifest names'],
  ])('a run killed at %s: %s', async (pauseAt) => {
    const db = await createTestDatabase(dialect);
    const work = mkdtempSync(join(tmpdir(), 'bs-batch-kill-'));
    const env = { MEDIA_ROOT: join(work, 'media'), DATA_DIR: join(work, 'data') };
    let t: TestApp | undefined = await createTestApp(dialect, { db, env });
    await seedUsers(t);
    await t.stop();
    t = undefined;
    let child: Awaited<ReturnType<typeof startPausedBackup>> | undefined;
    try {
      child = await startPausedBackup(db.url, { PAUSE_BACKUP: 'all-users', PAUSE_AT: pauseAt, ...env });
      const atKill = inventoryFiles(env.MEDIA_ROOT);
      const manifests = atKill.filter((f) => f.endsWith('.manifest.json'));
      // All users (the admin too) are in one batch: the hook is reached once, with every manifest in place.
      expect(manifests).toHaveLength(USERS.length + 1);
      expect(atKill.filter((f) => !f.includes('/.') && !f.endsWith('.manifest.json'))).toHaveLength(pauseAt === 'afterLink' ? USERS.length + 1 : 0);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));

      t = await createTestApp(dialect, { db, env });
      const listed = (await t.http.get('/api/backups?type=user_inventory&pageSize=100').set(bearer(await t.login()))).body.items as Array<{
        id: number;
        file_path: string;
        sha256: string;
      }>;
      if (pauseAt === 'afterLink') {
        expect(listed).toHaveLength(USERS.length + 1);
        for (const b of listed) {
          const manifest = JSON.parse(readFileSync(join(t.mediaRoot, b.file_path + '.manifest.json'), 'utf8'));
          expect(manifest.id).toBe(b.id);
          expect(b.sha256).toBe(sha256(join(t.mediaRoot, b.file_path)));
          expect(JSON.parse(readFileSync(join(t.mediaRoot, b.file_path), 'utf8')).format).toBe('blockshelf-inventory');
        }
      } else {
        expect(listed).toEqual([]);
        expect(inventoryFiles(t.mediaRoot)).toEqual([]);
      }
      // Nothing half-made is left: no pending row, no temp file; the run died with its process.
      expect(await t.dataSource.getRepository(Backup).countBy({ status: 'pending' })).toBe(0);
      expect(inventoryFiles(t.mediaRoot).filter((f) => f.includes('/.'))).toEqual([]);
      const runs = await t.dataSource.getRepository(BackupRun).findBy({ target: 'all_users' });
      expect(runs.map((r) => [r.status, r.error])).toEqual([['failed', expect.stringMatching(/^Interrupted/)]]);
    } finally {
      child?.kill('SIGKILL');
      await t?.stop();
      await db.drop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a file the catalog does not know at the planned name is never overwritten: that backup takes the next name', async () => {
    const t = await createTestApp(dialect);
    try {
      const admin = await t.login();
      await seedUsers(t);
      const bob = (await t.http.get('/api/users?pageSize=100').set(bearer(admin))).body.items.find((u: { username: string }) => u.username === 'bob');
      // Stray files under the names the next seconds would get (the run takes well under 5 s here).
      const folder = join(t.mediaRoot, 'backups/user_inventory', String(bob.id));
      mkdirSync(folder, { recursive: true });
      const start = Date.now();
      for (let s = 0; s < 5; s++) writeFileSync(join(folder, `bob_inventory_${compactTimestamp(new Date(start + s * 1000))}.json`), 'not ours');
      const strays = readdirSync(folder).sort();

      const res = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201);
      expect(res.body.run).toMatchObject({ status: 'succeeded', backups_created: USERS.length + 1, backups_failed: 0 });
      const mine = res.body.results.find((r: { username: string }) => r.username === 'bob').backup;
      expect(strays).not.toContain(mine.file_name);
      expect(mine.file_name).toMatch(/^bob_inventory_\d{8}_\d{6}_2\.json$/);
      for (const stray of strays) expect(readFileSync(join(folder, stray), 'utf8')).toBe('not ours');
      expect(JSON.parse(readFileSync(join(t.mediaRoot, mine.file_path), 'utf8')).item_count).toBe(2);
      // The others went the batch way, each with its manifest and checksum.
      for (const r of res.body.results as Array<{ backup: { id: number; file_path: string; sha256: string } }>) {
        expect(JSON.parse(readFileSync(join(t.mediaRoot, r.backup.file_path + '.manifest.json'), 'utf8')).id).toBe(r.backup.id);
        expect(sha256(join(t.mediaRoot, r.backup.file_path))).toBe(r.backup.sha256);
      }
    } finally {
      await t.close();
    }
  });
});

describe.each(testDialects())('all-users when the writer thread dies (%s)', (dialect) => {
  /**
   * The run's first worker dies at its `nth` job of `kind`: before doing it (process.exit: an exit without an
   * error) or after doing it, instead of answering (an uncaught error). Jobs it had queued die with it.
   */
  const crashSource = (kind: string, nth: number, when: 'before' | 'after') => `{
    const port = require('node:worker_threads').parentPort, on = port.on.bind(port), seen = {};
    port.on = (event, handler) => on(event, event !== 'message' ? handler : (job) => {
      const kind = job.op ?? job.step ?? 'write';
      if (kind === '${kind}' && (seen[kind] = (seen[kind] ?? 0) + 1) === ${nth}) {
        if ('${when}' === 'before') process.exit(70);
        port.postMessage = () => { throw new Error('injected crash'); };
      }
      handler(job);
    });
  }\n`;
  let crashed = false;
  let started = 0;
  let threads: { create(): FileWriterThread } = new FileWriterThreads();
  const dyingAt = (kind: string, nth: number, when: 'before' | 'after') => {
    started = 0;
    return {
      create: () =>
        new FileWriterThread((source, options) => {
          if (started++) return new Worker(source, options);
          const worker = new Worker(crashSource(kind, nth, when) + source, options);
          worker.once('error', () => (crashed = true));
          worker.once('exit', (code) => code === 70 && (crashed = true));
          return worker;
        }),
    };
  };
  // A run here: 5 small files written whole; a large one opened, appended once (17 parts), closed; then the batch's
  // exist, create (manifests), rename, link, and remove (temp names).
  const deaths = [
    ['write', 1],
    ['write', 5],
    ['open', 1],
    ['append', 1],
    ['close', 1],
    ['exist', 1],
    ['create', 1],
    ['rename', 1],
    ['link', 1],
    ['remove', 1],
  ].flatMap(([kind, nth]) => (['before', 'after'] as const).map((when) => [kind as string, nth as number, when] as const));

  it(`at each kind of job, before and after doing it (${deaths.length} runs): the users it had fail, nothing is half-made, the next run is whole`, async () => {
    // Each run two seconds after the last by the clock, so its files take the batch way, not a clashing name's.
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset) };
    const t = await createTestApp(dialect, {
      override: (b) => {
        b.overrideProvider(FileWriterThreads).useValue({ create: () => threads.create() });
        b.overrideProvider(Clock).useValue(clock);
      },
    });
    try {
      const admin = await t.login();
      await seedUsers(t);
      await seedLargeUser(t);
      const users = USERS.length + 2;
      let listed = 0;
      for (const [kind, nth, when] of deaths) {
        crashed = false;
        offset += 2000;
        threads = dyingAt(kind, nth, when);
        const res = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({ keep: 100 }).expect(201);
        const { backups_created, backups_failed } = res.body.run;
        const errors = (res.body.results as Array<{ error?: string }>).flatMap((r) => (r.error ? [r.error] : []));
        // A second worker took the jobs after the death (only the remove, the run's last job, has none after it).
        const after = kind === 'remove' ? 1 : 2;
        expect({ kind, nth, when, crashed, started, total: backups_created + backups_failed }).toEqual({
          kind,
          nth,
          when,
          crashed: true,
          started: after,
          total: users,
        });
        for (const error of errors) expect(error).toMatch(/The file writer thread (failed: injected crash|exited with code 70|restarted: this file was lost)/);
        // A lost publish step fails the whole batch; a lost remove fails no one (this thread removes the temp names).
        if (['exist', 'create', 'rename', 'link'].includes(kind)) expect(backups_created).toBe(0);
        if (kind === 'remove') expect(backups_failed).toBe(0);
        else expect(backups_failed).toBeGreaterThan(0);
        // The first small file's death leaves the large one, written after it, to the second worker.
        if (kind === 'write' && nth === 1) expect(backups_created).toBeGreaterThan(0);
        listed += backups_created;
        expect(await expectConsistent(t)).toBe(listed);
      }
      threads = new FileWriterThreads();
      offset += 2000;
      const whole = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({ keep: 100 }).expect(201);
      expect(whole.body.run).toMatchObject({ status: 'succeeded', backups_created: users, backups_failed: 0 });
      expect(await expectConsistent(t)).toBe(listed + users);
    } finally {
      await t.close();
    }
  });
});

describe.each(testDialects().filter((d) => d !== 'mysql'))('all-users on a full disk (%s)', (dialect) => {
  // The batch's files are written by FileWriterThread, small ones whole and a large one in runs: its ENOSPC must
  // reach each user's result as a full disk.
  (asRoot ? it : it.skip)('fails every user with "disk is full", leaves no file, temp file or row, and the next run succeeds', async () => {
    const disk = withSmallDisk('4m');
    let t: TestApp | undefined;
    try {
      t = await createTestApp(dialect, { env: { MEDIA_ROOT: disk.dir } });
      const admin = await t.login();
      await seedUsers(t);
      await seedLargeUser(t); // streamed to the thread: its ENOSPC comes on an append
      const first = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201);
      expect(first.body.run).toMatchObject({ status: 'succeeded', backups_failed: 0 });
      const before = inventoryFiles(disk.dir);
      const listed = (await t.http.get('/api/backups?pageSize=100').set(bearer(admin))).body.total;

      execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(disk.dir, 'filler')} bs=4096 2>/dev/null || true`]);
      const failed = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({});
      expect(failed.body.run).toMatchObject({ status: 'failed', backups_created: 0, backups_failed: USERS.length + 2 });
      for (const r of failed.body.results as Array<{ error: string }>) expect(r.error).toMatch(/disk is full \(ENOSPC\)/);
      expect(inventoryFiles(disk.dir)).toEqual(before);
      expect((await t.http.get('/api/backups?pageSize=100').set(bearer(admin))).body.total).toBe(listed);

      rmSync(join(disk.dir, 'filler'));
      const next = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201);
      expect(next.body.run).toMatchObject({ status: 'succeeded', backups_created: USERS.length + 2 });
      for (const r of next.body.results as Array<{ backup: { file_path: string; sha256: string } }>) {
        expect(sha256(join(disk.dir, r.backup.file_path))).toBe(r.backup.sha256);
      }
    } finally {
      await t?.close();
      disk.unmount();
    }
  });

  (asRoot ? it : it.skip)('a disk that fills as the manifests are made: every user fails as a full disk, nothing is left, the next run is whole', async () => {
    const disk = withSmallDisk('4m');
    const fill = () => execFileSync('sh', ['-c', `dd if=/dev/zero of=${join(disk.dir, 'filler')} bs=4096 2>/dev/null || true`]);
    // The run's thread fills the disk just before it makes the batch's manifests: the files are written, the manifests cannot be.
    let fillAtManifests = false;
    const threads = {
      create: () =>
        Object.assign(new FileWriterThread(), {
          async create(this: FileWriterThread, files: Array<{ path: string; text: string }>) {
            if (fillAtManifests) fill();
            return FileWriterThread.prototype.create.call(this, files);
          },
        }),
    };
    let t: TestApp | undefined;
    try {
      t = await createTestApp(dialect, { env: { MEDIA_ROOT: disk.dir }, override: (b) => void b.overrideProvider(FileWriterThreads).useValue(threads) });
      const admin = await t.login();
      await seedUsers(t);
      const listed = await expectConsistent(t);
      fillAtManifests = true;
      const failed = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201);
      expect(failed.body.run).toMatchObject({ status: 'failed', backups_created: 0, backups_failed: USERS.length + 1 });
      for (const r of failed.body.results as Array<{ error: string }>) expect(r.error).toMatch(/disk is full \(ENOSPC\)/);
      expect(await expectConsistent(t)).toBe(listed);
      expect(readdirSync(disk.dir).filter((name) => name !== 'filler' && name !== 'backups')).toEqual([]);

      fillAtManifests = false;
      rmSync(join(disk.dir, 'filler'));
      const next = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({}).expect(201);
      expect(next.body.run).toMatchObject({ status: 'succeeded', backups_created: USERS.length + 1 });
      expect(await expectConsistent(t)).toBe(listed + USERS.length + 1);
    } finally {
      await t?.close();
      disk.unmount();
    }
  });
});
