// The app as built by `npm run build`: in-process (the CLI's module, no HTTP),
// as the real server in a child process, and as the real CLI.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { log, memoryOf, now, percentile } from './util.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// BENCH_DIST: a private build (e.g. tsc --outDir bench/.dist) when others rebuild dist/ meanwhile.
const DIST = join(ROOT, process.env.BENCH_DIST ?? 'dist', 'src');
const dist = (path) => import(pathToFileURL(join(DIST, path)).href);

// e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app processes the benchmark starts.
const NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);

export const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef';
export const ADMIN = { username: 'bench_admin', password: 'bench-admin-password' };

/** The environment every app process of the benchmark gets. */
export function appEnv(dialect, mediaRoot, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: dialect.url,
    MEDIA_ROOT: mediaRoot,
    DATA_DIR: mediaRoot,
    JWT_SECRET,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    BACKUP_SCHEDULER_ENABLED: 'false',
    // No default schedules written into the bench database.
    BACKUP_SCHEDULE_FULL_DB: '',
    BACKUP_SCHEDULE_USERS: '',
    LOGIN_RATE_LIMIT: '1000',
    ...extra,
  };
}

/** Creates the schema with the app's own migrations. */
export async function migrate(dialect, mediaRoot) {
  const { loadConfig } = await dist('config/app-config.js');
  const { buildDataSourceOptions } = await dist('database/data-source-options.js');
  const { DataSource } = await import('typeorm');
  const config = loadConfig(appEnv(dialect, mediaRoot));
  const dataSource = new DataSource(buildDataSourceOptions(config.database));
  await dataSource.initialize(); // migrationsRun: true
  await dataSource.destroy();
}

/** The CLI's Nest module in this process: services callable directly, no HTTP server, no scheduler. */
export async function openInProcess(dialect, mediaRoot) {
  const { NestFactory } = await import('@nestjs/core');
  const { loadConfig } = await dist('config/app-config.js');
  const { CliModule } = await dist('cli/cli.module.js');
  const { BackupsService } = await dist('backups/backups.service.js');
  const { DatabaseDumper } = await dist('backups/dialects/database-dumper.js');
  const { InventoryExportService } = await dist('inventory/inventory-export.service.js');
  const { verifyInventoryJson } = await dist('backups/inventory-json.verifier.js');
  const { BackupFilesService } = await dist('backups/backup-files.service.js');
  const config = loadConfig(appEnv(dialect, mediaRoot));
  const ctx = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error'] });
  return {
    ctx,
    config,
    backups: ctx.get(BackupsService),
    dumper: ctx.get(DatabaseDumper),
    exporter: ctx.get(InventoryExportService),
    files: ctx.get(BackupFilesService),
    // The verifier takes the file's (plain) bytes as a stream; older builds took the path.
    verifyInventoryJson: async (path, userId) => {
      const files = ctx.get(BackupFilesService);
      return verifyInventoryJson(typeof files.openPlain === 'function' ? await files.openPlain(path) : path, userId);
    },
    close: () => ctx.close(),
  };
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP request; `body` is a string, an object (JSON) or a file path ({ file }). */
export function request(port, method, path, { token, body, contentType } = {}) {
  return new Promise((resolveRequest, reject) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let payload;
    if (body && typeof body === 'object' && !body.file) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    } else if (typeof body === 'string') payload = body;
    if (contentType) headers['content-type'] = contentType;
    const send = (length) => {
      if (length !== undefined) headers['content-length'] = length;
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolveRequest({ status: res.statusCode, text, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body?.file) createReadStream(body.file).pipe(req);
      else req.end(payload);
    };
    if (body?.file) stat(body.file).then((s) => send(s.size), reject);
    else send(payload === undefined ? undefined : Buffer.byteLength(payload));
  });
}

/** The real server (`node dist/src/main.js`) in a child process. */
export async function startServer(dialect, mediaRoot, extraEnv = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS, join(DIST, 'main.js')], {
    cwd: ROOT,
    env: appEnv(dialect, mediaRoot, { PORT: String(port), ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // BENCH_SERVER_LOG=<file>: the server's whole output there too (e.g. with BENCH_APP_NODE_ARGS=--trace-gc).
  const serverLog = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : null;
  const keep = (c) => {
    serverLog?.write(c);
    output = (output + c).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? signal)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start: ${output}`);
    const ok = await request(port, 'GET', '/health/live').then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within 120 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await request(port, 'POST', '/api/auth/login', { body: ADMIN });
  if (login.status !== 200) throw new Error(`Admin login failed: ${login.status} ${login.text}`);
  return {
    port,
    pid: child.pid,
    token: login.json.access_token,
    memory: () => memoryOf(child.pid),
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls GET /health every `everyMs` while `work` runs, one request at a time
 * (a burst of queued health checks would measure the poller, not the server).
 * A request that took L ms stood for L / everyMs polls that could not be sent
 * meanwhile; each of those is counted too, with the wait it would have had
 * (L - everyMs, L - 2·everyMs, …), so a blocked event loop weighs in the
 * percentiles as long as it lasted, not as one sample (coordinated omission).
 */
export async function withHealthPolling(port, everyMs, work) {
  const measured = [];
  const corrected = [];
  const failures = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = now();
      try {
        const r = await request(port, 'GET', '/health');
        if (r.status !== 200) failures.push(r.status);
      } catch (error) {
        failures.push(error.message);
      }
      const latency = now() - started;
      measured.push(latency);
      corrected.push(latency);
      for (let missed = latency - everyMs; missed > 0; missed -= everyMs) corrected.push(missed);
      const rest = everyMs - latency;
      if (rest > 0 && running) await new Promise((r) => setTimeout(r, rest));
    }
  })();
  let result;
  try {
    result = await work();
  } finally {
    running = false;
    await loop;
  }
  return {
    result,
    health: {
      samples: measured.length,
      failures: failures.length,
      p50: percentile(corrected, 50),
      p99: percentile(corrected, 99),
      max: measured.length ? Math.max(...measured) : NaN,
      measuredP99: percentile(measured, 99),
    },
  };
}

/** `node dist/src/cli/main.js …` against the bench database; resolves with its output (rejects on a non-zero exit). */
export function runCli(dialect, mediaRoot, args) {
  return new Promise((resolveCli, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, join(DIST, 'cli/main.js'), ...args], {
      cwd: ROOT,
      env: appEnv(dialect, mediaRoot),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveCli(out) : reject(new Error(`blockshelf ${args.join(' ')} exited ${code}: ${out}`))));
  });
}

export { log };
