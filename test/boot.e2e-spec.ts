import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './support/receivers.js';

const DIST = join(process.cwd(), process.env.BLOCKSHELF_DIST ?? 'dist', 'src');

/** Runs the built server or CLI until it exits (or 20 s pass); returns its code, output and time. */
function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'bs-boot-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(DIST, script), ...args], {
      cwd: work,
      env: {
        PATH: process.env.PATH!,
        NODE_ENV: 'production',
        JWT_SECRET: 'boot-test-secret-0123456789',
        MEDIA_ROOT: join(work, 'media'),
        DATA_DIR: join(work, 'data'),
        ...env,
      },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(work, { recursive: true, force: true });
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

const jsonLines = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string });

describe('boot failures say what is wrong in one line, in JSON in production, and exit 1 quickly', () => {
  it('port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const res = await run('main.js', [], { PORT: String(port) });
      expect(res.code).toBe(1);
      expect(res.ms).toBeLessThan(15_000);
      const lines = jsonLines(res.out);
      expect(lines.find((l) => l.level === 60)?.msg).toBe(
        `Cannot start: port ${port} is already in use (EADDRINUSE); stop the other process or set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('database unreachable: the server and the CLI', async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/blockshelf`;
    const server = await run('main.js', [], { DATABASE_URL: url, PORT: '0' });
    expect(server.code).toBe(1);
    expect(server.ms).toBeLessThan(15_000);
    expect(jsonLines(server.out).find((l) => l.level === 60)?.msg).toMatch(
      /^Cannot start: the PostgreSQL database "blockshelf" on 127\.0\.0\.1:\d+ cannot be used: connect ECONNREFUSED/,
    );
    // No stack traces: every line is one JSON object.
    expect(server.out).not.toMatch(/\n\s+at /);
    const cli = await run('cli/main.js', ['list-backups'], { DATABASE_URL: url });
    expect(cli.code).toBe(1);
    expect(cli.ms).toBeLessThan(15_000);
    expect(cli.out.trim().split('\n').pop()).toMatch(
      /^Cannot start: the PostgreSQL database "blockshelf" on 127\.0\.0\.1:\d+ cannot be used: connect ECONNREFUSED/,
    );
  });

  it('a missing database names it', async () => {
    if (!process.env.TEST_POSTGRES_URL) return void console.warn('!! skipped: TEST_POSTGRES_URL is not set');
    const url = new URL(process.env.TEST_POSTGRES_URL);
    url.pathname = '/bs_does_not_exist';
    const res = await run('main.js', [], { DATABASE_URL: url.toString(), PORT: '0' });
    expect(res.code).toBe(1);
    expect(jsonLines(res.out).find((l) => l.level === 60)?.msg).toMatch(/database "bs_does_not_exist" does not exist/);
  });
});
