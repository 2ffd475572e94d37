// Scheduler soak (not part of npm test): N instances of the built server on one fresh PostgreSQL database, a
// per-second all-users schedule, for some minutes; then: crashed instances, and run rows per tick (exactly one).
//
//   npm run build && node bench/scheduler-soak.mjs [--minutes 10] [--instances 3] [--keep-db]
//   SOAK_POSTGRES_URL (default TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres): an admin URL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, instances: { type: 'string', default: '3' }, 'keep-db': { type: 'boolean', default: false } },
});
const minutes = Number(args.minutes);
const count = Number(args.instances);
if (!(minutes > 0) || !(count >= 1)) throw new Error('usage: node bench/scheduler-soak.mjs [--minutes 10] [--instances 3]');
const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/src/main.js'))) throw new Error('dist/src/main.js not found: run npm run build first');

const adminUrl = process.env.SOAK_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bs_soak_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`CREATE DATABASE "${dbName}"`);
const work = await mkdtemp(join(tmpdir(), 'bs-soak-'));
// A private copy of the build, so that a rebuild during the soak (rm -rf dist) cannot pull it from under the instances.
await cp(join(root, 'dist'), join(work, 'app/dist'), { recursive: true });
await cp(join(root, 'package.json'), join(work, 'app/package.json'));
await symlink(join(root, 'node_modules'), join(work, 'app/node_modules'));
const main = join(work, 'app/dist/src/main.js');
const basePort = 3900 + Math.floor(Math.random() * 500);
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: dbUrl,
  // One deployment: the instances share the database and MEDIA_ROOT.
  MEDIA_ROOT: join(work, 'media'),
  JWT_SECRET: 'soak-secret-soak-secret-soak-secret',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'admin-password-1',
  BACKUP_SCHEDULE_FULL_DB: '',
  // The cheapest target: the inventory of the one user (the admin), every second.
  BACKUP_SCHEDULE_USERS: '* * * * * *',
  BACKUP_KEEP: '3',
  HEALTH_MIN_FREE_BYTES: '0',
};

const instances = [];
function startInstance(i) {
  const child = spawn(process.execPath, [main], {
    env: { ...env, PORT: String(basePort + i), DATA_DIR: join(work, `data-${i}`) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inst = { i, child, port: basePort + i, exit: null, errors: [] };
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) if (/CronError|uncaught|unhandled|FATAL|"level":(50|60)/i.test(line)) inst.errors.push(line.slice(0, 300));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => (inst.exit = { code, signal, at: Date.now() }));
  instances.push(inst);
  return inst;
}

async function healthy(inst, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (inst.exit) throw new Error(`instance ${inst.i} exited at start: ${JSON.stringify(inst.exit)}\n${inst.errors.join('\n')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${inst.port}/health`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`instance ${inst.i} did not answer /health within ${timeoutMs} ms`);
}

let report;
try {
  for (let i = 0; i < count; i++) startInstance(i);
  await Promise.all(instances.map((inst) => healthy(inst)));
  // Measure whole seconds once every instance is up.
  const from = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  console.log(`${count} instances up on ${dbName}; soaking for ${minutes} min with a per-second schedule…`);
  const end = from + minutes * 60_000;
  while (Date.now() < end) {
    await sleep(Math.min(30_000, end - Date.now()));
    const alive = instances.filter((inst) => !inst.exit).length;
    console.log(`  ${new Date().toISOString()}  ${Math.round((end - Date.now()) / 1000)} s left, ${alive}/${count} alive`);
  }
  const to = Math.floor(Date.now() / 1000) * 1000 - 1000;
  const crashed = instances.filter((inst) => inst.exit);
  for (const inst of instances) if (!inst.exit) inst.child.kill('SIGTERM');
  await Promise.all(instances.map((inst) => (inst.exit ? null : new Promise((resolve) => inst.child.once('exit', resolve)))));

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows: schedules } = await client.query(`SELECT id FROM backup_schedules WHERE name = 'All user inventories'`);
    const scheduleId = schedules[0].id;
    const { rows } = await client.query(
      `SELECT floor(extract(epoch FROM started_at))::bigint * 1000 AS second, count(*)::int AS runs, string_agg(status, ',') AS statuses, string_agg(DISTINCT instance_id, ',') AS owners
       FROM backup_runs WHERE schedule_id = $1 AND trigger = 'schedule' GROUP BY 1 ORDER BY 1`,
      [scheduleId],
    );
    const perSecond = new Map(rows.map((r) => [Number(r.second), r]));
    const window = [];
    for (let s = from; s <= to; s += 1000) window.push(s);
    const missing = window.filter((s) => !perSecond.has(s));
    const duplicates = window.filter((s) => (perSecond.get(s)?.runs ?? 0) > 1);
    const inWindow = window.reduce((n, s) => n + (perSecond.get(s)?.runs ?? 0), 0);
    const statuses = {};
    for (const s of window) for (const st of perSecond.get(s)?.statuses.split(',') ?? []) statuses[st] = (statuses[st] ?? 0) + 1;
    const byInstance = {};
    for (const s of window) for (const o of perSecond.get(s)?.owners?.split(',') ?? []) byInstance[o] = (byInstance[o] ?? 0) + 1;
    const { rows: claims } = await client.query('SELECT count(*)::int AS n FROM schedule_claims');
    report = {
      database: dbName,
      instances: count,
      minutes,
      crashes: crashed.map((inst) => ({ instance: inst.i, ...inst.exit, lastErrors: inst.errors.slice(-3) })),
      ticksExpected: window.length,
      runRowsInWindow: inWindow,
      ticksWithOneRun: window.length - missing.length - duplicates.length,
      duplicates: duplicates.map((s) => ({ second: new Date(s).toISOString(), ...perSecond.get(s) })),
      missing: missing.map((s) => new Date(s).toISOString()),
      statuses,
      secondsRunBy: byInstance,
      claimsLeft: claims[0].n,
      errorLines: instances.reduce((n, inst) => n + inst.errors.length, 0),
      errorSamples: instances.flatMap((inst) => inst.errors.slice(0, 3).map((line) => `#${inst.i}: ${line}`)),
    };
  } finally {
    await client.end();
  }
} finally {
  for (const inst of instances) if (!inst.exit) inst.child.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
  if (!args['keep-db']) await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
}

console.log(JSON.stringify(report, null, 2));
const ok = report.crashes.length === 0 && report.duplicates.length === 0 && report.missing.length === 0;
console.log(ok ? 'OK: no crash, exactly one run per tick' : 'NOT OK');
process.exit(ok ? 0 : 1);
