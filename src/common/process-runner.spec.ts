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
    await expect(proc.exited).rejects.toThrow('pg_dump: command not found. Install the PostgreSQL client tools (Debian/Ubuntu: sudo apt install postgresql-client');
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

    const busy = runner.start(...node("let n = 0; const t = setInterval(() => { process.stdout.write('x'); if (++n === 8) { clearInterval(t); } }, 100)"), { stallTimeoutMs: 400 });
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
