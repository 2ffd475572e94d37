import { readFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

describe.each(testDialects())('blockshelf CLI (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const name of ['john', 'mary']) {
      const { token } = await t.register(name);
      await t.http.post('/api/inventory/items').set(bearer(token)).send({ name: 'Brick 2 x 4', part_id: '3001', color: 'Red', quantity_total: 4 }).expect(201);
    }
  });
  afterAll(() => t?.close());

  it('create-backups without a target is a usage error (exit 2) and writes nothing', async () => {
    const res = await runCli(t, ['create-backups']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--full-db, --all-users or both/);
    expect(existsSync(join(t.mediaRoot, 'backups/full_db'))).toBe(false);
    expect((await runCli(t, ['create-backups', '--full-db', '--keep', 'many'])).code).toBe(2);
    expect((await runCli(t, ['create-backups', '--full-db', '--bogus'])).code).toBe(2);
  });

  it('create-backups --full-db --all-users prints the seed lines and exits 0', async () => {
    const res = await runCli(t, ['create-backups', '--full-db', '--all-users', '--keep', '2']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^✓ Full database backup created: backups\/full_db\/db_backup_\d{8}_\d{6}\.(sqlite3|dump|sql\.gz) \(\d+(\.\d)? [KM]?B\)$/m);
    for (const name of ['admin', 'john', 'mary'])
      expect(res.stdout).toMatch(new RegExp(`^✓ ${name}: backups/user_inventory/\\d+/${name}_inventory_\\d{8}_\\d{6}(_\\d+)?\\.json`, 'm'));
    expect(readdirSync(join(t.mediaRoot, 'backups/full_db')).filter((f) => !f.endsWith('.manifest.json'))).toHaveLength(1);
    const runs = (await t.http.get('/api/backups/runs').set(bearer(await t.login()))).body.items;
    expect(runs.slice(0, 2).map((r: { trigger: string; status: string }) => [r.trigger, r.status])).toEqual([
      ['cli', 'succeeded'],
      ['cli', 'succeeded'],
    ]);
  });

  it('--keep applies to both full and user backups and reports deletions', async () => {
    await runCli(t, ['create-backups', '--full-db', '--all-users', '--keep', '2']);
    const res = await runCli(t, ['create-backups', '--full-db', '--all-users', '--keep', '2']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Deleted 1 old backup\(s\)/);
    expect(readdirSync(join(t.mediaRoot, 'backups/full_db')).filter((f) => !f.endsWith('.manifest.json'))).toHaveLength(2);
    const john = (await t.http.get('/api/backups?type=user_inventory').set(bearer(await t.login()))).body.items.filter((b: { file_name: string }) =>
      b.file_name.startsWith('john_'),
    );
    expect(john).toHaveLength(2);
  });

  it('list-backups shows the catalog', async () => {
    const res = await runCli(t, ['list-backups', '--type', 'full_db']);
    expect(res.code).toBe(0);
    expect(res.stdout.match(/db_backup_/g)).toHaveLength(2);
    expect(res.stdout).toMatch(/2 of 2 backup\(s\)/);
  });

  it('exits 1 with a ✗ line when a backup fails', async () => {
    const other = join(t.mediaRoot, '..', 'broken-media');
    mkdirSync(join(other, 'backups'), { recursive: true });
    writeFileSync(join(other, 'backups/full_db'), 'a file where the folder should be');
    const res = await runCli(t, ['create-backups', '--full-db'], { env: { MEDIA_ROOT: other } });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^✗ Full database backup failed: .*(EEXIST|ENOTDIR)/m);
  });

  it('create-admin reads the password from stdin', async () => {
    const res = await runCli(t, ['create-admin', 'operator'], { input: 'operator-password\n' });
    expect(res.code).toBe(0);
    const login = await t.http.post('/api/auth/login').send({ username: 'operator', password: 'operator-password' });
    expect(login.body.user.role).toBe('admin');
  });

  it('is called blockshelf, lists every command (decrypt too), has --version, and takes the seed verb create_backups', async () => {
    const help = await runCli(t, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: blockshelf /m);
    for (const command of ['create-backups', 'restore-backup', 'reconcile', 'prune', 'pin', 'decrypt'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const version = await runCli(t, ['--version']);
    expect([version.code, version.stdout.trim()]).toEqual([0, JSON.parse(readFileSync('package.json', 'utf8')).version]);
    const seedVerb = await runCli(t, ['create_backups', '--full-db']);
    expect(seedVerb.code).toBe(0);
    expect(seedVerb.stdout).toMatch(/^✓ Full database backup created/m);
    // A missing input file is a failed run (1), not a wrong command line (2).
    expect((await runCli(t, ['import-inventory', '--user', 'admin', '/nonexistent/inventory.json'])).code).toBe(1);
  });

  it('create-admin on a terminal does not echo the password', async () => {
    if (dialect !== 'sqlite') return;
    const { spawn } = await import('node:child_process');
    const cli = join(process.cwd(), process.env.BLOCKSHELF_DIST ?? 'dist', 'src/cli/main.js');
    // script(1) gives the CLI a real pseudo-terminal, as a person typing would.
    const child = spawn('script', ['-qec', `${process.execPath} ${cli} create-admin ttyadmin`, '/dev/null'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: t.db.url, MEDIA_ROOT: t.mediaRoot, JWT_SECRET: t.config.jwtSecret },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Password: ') && !child.stdin.writableEnded) child.stdin.end('tty-secret-pass-1\r');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/Created admin ttyadmin/);
    expect(out).not.toContain('tty-secret-pass-1');
    await t.http.post('/api/auth/login').send({ username: 'ttyadmin', password: 'tty-secret-pass-1' }).expect(200);
  });
});
