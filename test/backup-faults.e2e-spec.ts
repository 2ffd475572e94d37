import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { BackupFilesService } from '../src/backups/backup-files.service.js';
import { BackupRun } from '../src/backups/backup-run.entity.js';
import { BackupsService } from '../src/backups/backups.service.js';
import { BackupStore } from '../src/backups/store/backup-store.service.js';
import { databaseDumperProvider } from '../src/backups/backups.module.js';
import { DatabaseDumper } from '../src/backups/dialects/database-dumper.js';
import { ProcessRunner } from '../src/common/process-runner.js';
import { InventoryExportService } from '../src/inventory/inventory-export.service.js';
import type { ExportOwner, InventoryJsonPart } from '../src/inventory/inventory-export.service.js';
import { WrappedDumper } from './fakes/dumpers.js';
import { nodeScript, ScriptedProcessRunner } from './fakes/scripted-process-runner.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp, TestAppOptions } from './support/test-app.js';
import { createTestDatabase, testDialects } from './support/test-database.js';
import type { TestDialect } from './support/test-database.js';

const DUMP_TOOLS = ['pg_dump', 'mariadb-dump', 'mysqldump'];
const isDump = (command: string, args: string[]) => DUMP_TOOLS.includes(command) && !args.includes('--version');

function wrapDumper(behaviour: { delayMs?: number; dieHalfway?: boolean }): TestAppOptions['override'] {
  return (builder) =>
    builder.overrideProvider(DatabaseDumper).useFactory({
      factory: (...deps: Parameters<typeof databaseDumperProvider.useFactory>) => new WrappedDumper(databaseDumperProvider.useFactory(...deps), behaviour),
      inject: databaseDumperProvider.inject,
    });
}

function withRunner(runner: ProcessRunner): TestAppOptions['override'] {
  return (builder) => builder.overrideProvider(ProcessRunner).useValue(runner);
}

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[0];
  } catch {
    return 'gone';
  }
}

const fullDbFiles = (t: TestApp) =>
  existsSync(join(t.mediaRoot, 'backups/full_db'))
    ? readdirSync(join(t.mediaRoot, 'backups/full_db'))
        .filter((f) => !f.endsWith('.manifest.json'))
        .sort()
    : [];
const countRows = async (t: TestApp, table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

describe.each(testDialects())('backup faults (%s)', (dialect: TestDialect) => {
  it('a dump that dies halfway leaves no file and no row, records the failure, and does not rotate', async () => {
    const runner = new ScriptedProcessRunner((command, args) => {
      if (!isDump(command, args) || !failing) return undefined;
      return nodeScript("process.stdout.write(Buffer.alloc(200000, 65), () => { process.stderr.write('connection lost'); process.exit(2); })");
    });
    let failing = false;
    const t = await createTestApp(dialect, {
      override: (b) => {
        withRunner(runner)!(b);
        if (dialect === 'sqlite') wrapDumper({ dieHalfway: true })!(b);
      },
    });
    try {
      const admin = await t.login();
      if (dialect !== 'sqlite') {
        const good = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({ keep: 1 });
        expect(good.status).toBe(201);
      }
      const before = fullDbFiles(t);
      const rowsBefore = await countRows(t, 'backups');
      failing = true;
      const res = await t.http.post('/api/backups/full-db').set(bearer(admin)).send({ keep: 1 });
      expect(res.status).toBe(500);
      expect(res.body.message).toMatch(dialect === 'sqlite' ? /simulated crash/ : /exited with code 2.*connection lost/);
      expect(fullDbFiles(t)).toEqual(before);
      expect(await countRows(t, 'backups')).toBe(rowsBefore);
      const runs = (await t.http.get('/api/backups/runs?target=full_db').set(bearer(admin))).body.items;
      expect(runs[0]).toMatchObject({ status: 'failed', backups_created: 0, backups_failed: 1 });
      expect(runs[0].error).toContain(dialect === 'sqlite' ? 'simulated crash' : 'exited with code 2');
    } finally {
      await t.close();
    }
  });

  it('two full backups at once: the second gets 409 and the first completes', async () => {
    const t = await createTestApp(dialect, { override: wrapDumper({ delayMs: 700 }) });
    try {
      const admin = await t.login();
      const [a, b] = await Promise.all([
        t.http.post('/api/backups/full-db').set(bearer(admin)).send({}),
        new Promise((r) => setTimeout(r, 150)).then(() => t.http.post('/api/backups/full-db').set(bearer(admin)).send({})),
      ]);
      expect([a.status, b.status]).toEqual([201, 409]);
      expect(b.body.message).toMatch(/already running/);
      expect(fullDbFiles(t)).toEqual([a.body.backup.file_name]);
    } finally {
      await t.close();
    }
  });

  it("one user's failure does not stop the others: the run is partial", async () => {
    // Breaks both ways an inventory is read: alone (streamed) and with others (one query for many small ones).
    class FlakyExporter extends InventoryExportService {
      override async *parts(owner: ExportOwner, now?: Date): AsyncGenerator<InventoryJsonPart> {
        let n = 0;
        for await (const part of super.parts(owner, now)) {
          if (owner.username === 'broken' && n++ > 0) throw new Error('disk read error while exporting');
          yield part;
        }
      }
      override async many(owners: ExportOwner[], now?: Date) {
        if (owners.some((o) => o.username === 'broken')) throw new Error('disk read error while exporting');
        return super.many(owners, now);
      }
    }
    const t = await createTestApp(dialect, {
      override: (b) => b.overrideProvider(InventoryExportService).useFactory({ factory: (ds: DataSource) => new FlakyExporter(ds), inject: [DataSource] }),
    });
    try {
      const admin = await t.login();
      for (const name of ['alice', 'broken', 'zoe']) {
        const { token } = await t.register(name);
        await t.http.post('/api/inventory/items').set(bearer(token)).send({ name: 'Brick', part_id: '3001', color: 'Red' }).expect(201);
      }
      const res = await t.http.post('/api/backups/all-users').set(bearer(admin)).send({});
      expect(res.status).toBe(201);
      expect(res.body.run).toMatchObject({ status: 'partial', backups_created: 3, backups_failed: 1 });
      expect(res.body.run.error).toContain('broken: disk read error');
      const broken = res.body.results.find((r: { username: string }) => r.username === 'broken');
      expect(broken.backup).toBeUndefined();
      expect(readdirSync(join(t.mediaRoot, 'backups/user_inventory', String(broken.user_id)))).toEqual([]);
      const zoe = res.body.results.find((r: { username: string }) => r.username === 'zoe');
      expect(JSON.parse(readFileSync(join(t.mediaRoot, zoe.backup.file_path), 'utf8')).item_count).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('sweeps leftover temporary files at start, but not fresh ones', async () => {
    const t = await createTestApp(dialect);
    try {
      const dir = join(t.mediaRoot, 'backups/full_db');
      mkdirSync(dir, { recursive: true });
      const old = join(dir, '.db_backup_20260101_000000.abc.partial');
      const fresh = join(dir, '.db_backup_20260101_000001.def.partial');
      writeFileSync(old, 'x');
      writeFileSync(fresh, 'x');
      utimesSync(old, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
      await t.app.get(BackupFilesService).sweepTempFiles(5 * 60_000);
      expect(existsSync(old)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe.each(testDialects())('interrupted runs (%s)', (dialect) => {
  it('a run left running by a dead process is marked failed at start, a recent one is left alone', async () => {
    const t = await createTestApp(dialect, { env: { BACKUP_TIMEOUT_SECONDS: '60' } });
    try {
      const runs = t.dataSource.getRepository(BackupRun);
      const old = await runs.save(
        runs.create({
          target: 'full_db',
          trigger: 'cli',
          status: 'running',
          startedAt: new Date(Date.now() - 3600_000),
          createdBy: null,
          userId: null,
          scheduleId: null,
        }),
      );
      const fresh = await runs.save(
        runs.create({ target: 'full_db', trigger: 'cli', status: 'running', startedAt: new Date(), createdBy: null, userId: null, scheduleId: null }),
      );
      expect(await t.app.get(BackupsService).failInterruptedRuns()).toBe(1);
      expect(await runs.findOneByOrFail({ id: old.id })).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted/) });
      expect((await runs.findOneByOrFail({ id: fresh.id })).status).toBe('running');
    } finally {
      await t.close();
    }
  });
});

describe('atomic writes', () => {
  it('two backups with the same timestamp never overwrite each other', async () => {
    const t = await createTestApp('sqlite');
    try {
      const files = t.app.get(BackupFilesService);
      const store = t.app.get(BackupStore);
      const meta = {
        type: 'full_db' as const,
        userId: null,
        format: 'sqlite3',
        dialect: 'sqlite',
        createdAt: new Date(),
        createdBy: null,
        isScheduled: false,
        runId: null,
        counts: {},
      };
      const write = async (text: string) =>
        store.publish(
          await files.produce(
            'backups/full_db',
            'db_backup_20261126_020000',
            'sqlite3',
            async (tmp) => void writeFileSync(tmp, text),
            async () => undefined,
          ),
          meta,
        );
      const [a, b] = await Promise.all([write('first'), write('second')]);
      expect([a.filePath, b.filePath].sort()).toEqual([
        'backups/full_db/db_backup_20261126_020000.sqlite3',
        'backups/full_db/db_backup_20261126_020000_2.sqlite3',
      ]);
      expect([readFileSync(join(t.mediaRoot, a.filePath), 'utf8'), readFileSync(join(t.mediaRoot, b.filePath), 'utf8')].sort()).toEqual(['first', 'second']);
      expect(readdirSync(join(t.mediaRoot, 'backups/full_db')).filter((f) => f.endsWith('.partial'))).toEqual([]);
      // Each file has its manifest, naming its row's id.
      for (const backup of [a, b]) expect(JSON.parse(readFileSync(join(t.mediaRoot, backup.filePath + '.manifest.json'), 'utf8')).id).toBe(backup.id);
    } finally {
      await t.close();
    }
  });

  it('a file that fails verification never appears under a backup name', async () => {
    const t = await createTestApp('sqlite');
    try {
      const files = t.app.get(BackupFilesService);
      await expect(
        files.produce(
          'backups/full_db',
          'db_backup_20261126_030000',
          'sqlite3',
          async (tmp) => void writeFileSync(tmp, 'not a database'),
          async () => {
            throw new Error('integrity_check failed');
          },
        ),
      ).rejects.toThrow('integrity_check failed');
      expect(readdirSync(join(t.mediaRoot, 'backups/full_db'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

const serverDialects = testDialects().filter((d) => d !== 'sqlite') as ('postgres' | 'mysql')[];
const SECRET = 'S3cr3t-pw!x"q';

// Server dialects only: these fault cases are about the external dump tools.
const eachServerDialect = (name: string, body: (dialect: 'postgres' | 'mysql') => void) => {
  if (serverDialects.length > 0) describe.each(serverDialects)(name, body);
};

eachServerDialect('dump tools and credentials (%s)', (dialect) => {
  it('a stalled dump is killed with its whole process group and the run fails', async () => {
    const pidFile = join(tmpdir(), `bs-stall-${process.pid}-${dialect}.pid`);
    const runner = new ScriptedProcessRunner((command, args) =>
      isDump(command, args)
        ? nodeScript(
            `const c = require('child_process').spawn('sleep', ['60'], { stdio: 'ignore' });` +
              `require('fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + c.pid);` +
              `process.stdout.write('partial'); setTimeout(() => {}, 60000);`,
          )
        : undefined,
    );
    const t = await createTestApp(dialect, { env: { BACKUP_STALL_SECONDS: '1' }, override: withRunner(runner) });
    try {
      const res = await t.http
        .post('/api/backups/full-db')
        .set(bearer(await t.login()))
        .send({});
      expect(res.status).toBe(500);
      expect(res.body.message).toMatch(/stalled: no output for 1000 ms/);
      const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
      await new Promise((r) => setTimeout(r, 200));
      // Gone, or a zombie waiting for init to reap it: either way no longer running.
      for (const pid of pids) expect({ pid, state: processState(pid) }).toEqual({ pid, state: expect.stringMatching(/^(gone|Z)$/) });
      expect(fullDbFiles(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('a missing dump tool gives the troubleshooting message, not a stack trace', async () => {
    class NoToolsRunner extends ProcessRunner {
      override start(command: string, args: string[], options = {}) {
        return super.start(command, args, { ...options, env: { ...(options as { env?: object }).env, PATH: '/nonexistent' } });
      }
      override async which() {
        return false;
      }
    }
    const t = await createTestApp(dialect, { override: withRunner(new NoToolsRunner()) });
    try {
      const res = await t.http
        .post('/api/backups/full-db')
        .set(bearer(await t.login()))
        .send({});
      expect(res.status).toBe(500);
      if (dialect === 'postgres')
        expect(res.body.message).toMatch(
          /pg_dump: command not found\. Install the PostgreSQL client tools \(Debian\/Ubuntu: sudo apt install postgresql-client/,
        );
      else expect(res.body.message).toMatch(/mysqldump: command not found\. Install .*mariadb-client/);
      expect(res.body.message).not.toMatch(/\n\s+at /);
    } finally {
      await t.close();
    }
  });

  if (dialect === 'postgres') {
    it('refuses a server newer than pg_dump, naming both versions', async () => {
      const runner = new ScriptedProcessRunner((command, args) =>
        command === 'pg_dump' && args.includes('--version') ? nodeScript("console.log('pg_dump (PostgreSQL) 9.6.24')") : undefined,
      );
      const t = await createTestApp(dialect, { override: withRunner(runner) });
      try {
        const res = await t.http
          .post('/api/backups/full-db')
          .set(bearer(await t.login()))
          .send({});
        expect(res.status).toBe(500);
        expect(res.body.message).toMatch(/pg_dump 9 cannot dump a PostgreSQL 1\d server: install postgresql-client-1\d/);
        expect(runner.calls.filter((c) => isDump(c.command, c.args))).toEqual([]);
      } finally {
        await t.close();
      }
    });
  }

  it('passes the database password outside argv and still dumps', async () => {
    const user = `bs_pw_${dialect}`;
    const scratch = await createTestDatabase(dialect);
    const url = new URL(scratch.url);
    url.username = user;
    url.password = encodeURIComponent(SECRET);
    if (dialect === 'postgres') {
      const c = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DO $$ BEGIN CREATE ROLE ${user} LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
      await c.query(`ALTER ROLE ${user} PASSWORD '${SECRET.replace(/'/g, "''")}'`);
      await c.end();
    } else {
      const c = await mysql.createConnection(process.env.TEST_MYSQL_URL!);
      for (const host of ['%', 'localhost', '127.0.0.1']) {
        await c.query(`CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY ?`, [SECRET]);
        await c.query(`ALTER USER '${user}'@'${host}' IDENTIFIED BY ?`, [SECRET]);
        await c.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'${host}'`);
      }
      await c.end();
    }
    const optionFiles: { path: string; mode: number; text: string }[] = [];
    const runner = new ScriptedProcessRunner(undefined, (call) => {
      const opt = call.args.find((a) => a.startsWith('--defaults-extra-file='));
      if (opt) {
        const path = opt.split('=')[1];
        optionFiles.push({ path, mode: statSync(path).mode & 0o777, text: readFileSync(path, 'utf8') });
      }
    });
    const t = await createTestApp(dialect, { db: { ...scratch, url: url.toString() }, override: withRunner(runner) });
    try {
      const res = await t.http
        .post('/api/backups/full-db')
        .set(bearer(await t.login()))
        .send({});
      expect(res.status).toBe(201);
      const dumpCalls = runner.calls.filter((c) => isDump(c.command, c.args));
      expect(dumpCalls).toHaveLength(1);
      for (const call of runner.calls) expect(call.args.join(' ')).not.toContain(SECRET);
      if (dialect === 'postgres') {
        expect(dumpCalls[0].env.PGPASSWORD).toBe(SECRET);
      } else {
        expect(dumpCalls[0].args[0]).toMatch(/^--defaults-extra-file=/);
        expect(optionFiles).toHaveLength(1);
        expect(optionFiles[0].mode).toBe(0o600);
        expect(optionFiles[0].text).toContain('password=');
        expect(existsSync(optionFiles[0].path)).toBe(false);
      }
    } finally {
      await t.close();
      await scratch.drop();
    }
  });
});
