import { readFileSync } from 'node:fs';
import { ProcessFailedError, ProcessRunner, ToolMissingError } from './process-runner.js';

describe('ProcessRunner', () => {
  const runner = new ProcessRunner();
  const node = (code: string): [string, string[]] => [process.execPath, ['-e', code]];

  it('streams stdout and resolves on exit code 0', async () => {
    expect(await runner.capture(...node("process.stdout.write('hello')"))).toBe('hello');
  });

  it('rejects with the exit code and the tail of stderr', async () => {
    const proc = runner.start(...node("process.stderr.write('boom'); process.exit(3)"));
    proc.stdout.resume();
    await expect(proc.exited).rejects.toThrow(/exited with code 3: boom/);
  });

  it('settles once when the command does not exist, with an install hint', async () => {
    const proc = runner.start('pg_dump', ['--version'], { env: { PATH: '/nonexistent' } });
    await expect(proc.exited).rejects.toBeInstanceOf(ToolMissingError);
    await expect(proc.exited).rejects.toThrow(
      'pg_dump: command not found. Install the PostgreSQL client tools (Debian/Ubuntu: sudo apt install postgresql-client',
    );
  });

  it('kills a run that exceeds its timeout', async () => {
    const started = Date.now();
    const proc = runner.start(...node('setTimeout(() => {}, 30000)'), { timeoutMs: 300 });
    proc.stdout.resume();
    await expect(proc.exited).rejects.toThrow(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('kills a run whose output stalls, but not one that keeps producing', async () => {
    const stalled = runner.start(...node("process.stdout.write('x'); setTimeout(() => {}, 30000)"), { stallTimeoutMs: 300 });
    stalled.stdout.resume();
    await expect(stalled.exited).rejects.toBeInstanceOf(ProcessFailedError);
    await expect(stalled.exited).rejects.toThrow(/stalled/);

    const busy = runner.start(...node("let n = 0; const t = setInterval(() => { process.stdout.write('x'); if (++n === 8) { clearInterval(t); } }, 100)"), {
      stallTimeoutMs: 400,
    });
    busy.stdout.resume();
    await expect(busy.exited).resolves.toBeUndefined();
  });

  it('gives children only a minimal environment (no app secrets)', async () => {
    process.env.JWT_SECRET_FOR_TEST = 'do-not-leak';
    try {
      const out = await runner.capture(...node('process.stdout.write(JSON.stringify(process.env))'), { env: { EXTRA: '1' } });
      const env = JSON.parse(out);
      expect(env.JWT_SECRET_FOR_TEST).toBeUndefined();
      expect(env.EXTRA).toBe('1');
      expect(env.PATH).toBeDefined();
    } finally {
      delete process.env.JWT_SECRET_FOR_TEST;
    }
  });
});

describe('ProcessRunner: a tool never outlives the process that started it', () => {
  // A zombie (dead, not yet reaped by init) counts as dead.
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };

  it('kills the tool when only its parent is killed with SIGKILL (no orphan can finish a restore)', async () => {
    const { spawn } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const { join } = await import('node:path');
    const runnerUrl = pathToFileURL(join(process.cwd(), 'dist/src/common/process-runner.js')).href;
    // The parent starts `sleep 60` through the real runner and prints its pid.
    const parent = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `import { ProcessRunner } from '${runnerUrl}';
      const p = new ProcessRunner().start('sleep', ['60']); p.stdout.resume();
      import('node:child_process').then(({ execSync }) => setTimeout(() => process.stdout.write(execSync('pgrep -P ' + process.pid + ' sleep').toString()), 200));
      setInterval(() => {}, 1000);`,
    ]);
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim().split('\n')[0])));
      parent.on('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 3000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });
});
