import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** Runs `fn` and returns [milliseconds, result]. */
export async function timed(fn) {
  const start = now();
  const result = await fn();
  return [now() - start, result];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `measure` `repeat` times; returns the median and every sample (ms). */
export async function medianOf(repeat, measure) {
  const samples = [];
  for (let i = 0; i < repeat; i++) samples.push(await measure(i));
  return { ms: median(samples), samples };
}

/**
 * Spawns a tool (no shell unless asked), optionally feeding stdin from a file
 * and sending stdout to a file; rejects on a non-zero exit with its stderr.
 */
export function exec(command, args, { env, stdout, stdin, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const sink = stdout ? createWriteStream(stdout) : undefined;
    if (sink) child.stdout.pipe(sink);
    else child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    if (stdin) stdin.pipe(child.stdin);
    else child.stdin.end();
    child.on('close', (code, signal) => {
      const done = () =>
        code === 0
          ? resolve({ stdout: out, stderr: err })
          : reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}: ${err.trim().slice(-2000)}`));
      if (sink && !sink.writableFinished) sink.once('finish', done);
      else done();
    });
  });
}

/** `sh -c` for the raw pipelines the benchmark compares against (`a | gzip -6 > f`); pipefail so a failing left side is seen. */
export function shell(script, env) {
  return exec('bash', ['-o', 'pipefail', '-c', script], { env });
}

export function quote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process, in MiB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return { peakMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
}

export const seconds = (ms) => ms / 1000;
export const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export function log(...args) {
  const stamp = new Date().toISOString().slice(11, 19);
  console.error(`[${stamp}]`, ...args);
}
