// Shared helpers of bench/kill-restore.mjs and bench/kill-backup.mjs: a fresh
// database + MEDIA_ROOT + DATA_DIR per run, the CLI run as a child in its own
// process group, SIGKILL by group or by pid, /proc polling for "worst
// moments", and the checks made after every kill.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const randInt = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

export const PG_BASE = process.env.KILL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const MY_BASE = process.env.KILL_MY_URL ?? 'mysql://root@127.0.0.1:3306';

/** --dialect sqlite|postgres|mysql --kills N --dist DIR [--items N] [--keep-work] [--verbose] */
export function parseArgs(argv, defaults, usage) {
  const opts = { dialect: 'sqlite', dist: 'dist', verbose: false, keepWork: false, ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--dialect') opts.dialect = val();
    else if (a === '--kills') opts.kills = Number(val());
    else if (a === '--dist') opts.dist = val();
    else if (a === '--items') opts.items = Number(val());
    else if (a === '--users') opts.users = Number(val());
    else if (a === '--keep-work') opts.keepWork = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!['sqlite', 'postgres', 'mysql'].includes(opts.dialect)) fail(`--dialect expects sqlite, postgres or mysql`);
  if (!Number.isInteger(opts.kills) || opts.kills < 1) fail('--kills expects a positive integer');
  if (!Number.isInteger(opts.items) || opts.items < 10) fail('--items expects an integer >= 10');
  return opts;
  function fail(msg) {
    console.error(`${msg}\n${usage}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- the run's world

/** A fresh database, MEDIA_ROOT and DATA_DIR; `ctx.close()` drops them. */
export async function setupRun(script, opts) {
  const tag = `${script}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const work = join(tmpdir(), `bs-kill-${tag}`);
  const media = join(work, 'media');
  const dataDir = join(work, 'data');
  await mkdir(media, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  const dbName = `bsk_${tag}`.slice(0, 40);
  let url;
  let sqlitePath;
  if (opts.dialect === 'sqlite') {
    sqlitePath = join(dataDir, 'blockshelf.sqlite3');
    url = `sqlite:${sqlitePath}`;
  } else if (opts.dialect === 'postgres') {
    const c = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
    url = `${PG_BASE}/${dbName}`;
  } else {
    const c = await mysql.createConnection(`${MY_BASE}/`);
    await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    url = `${MY_BASE}/${dbName}`;
  }
  const distDir = resolve(opts.dist);
  const cliJs = join(distDir, 'src', 'cli', 'main.js');
  if (!existsSync(cliJs)) throw new Error(`${cliJs} not found: build first (npx tsc -p tsconfig.build.json --outDir ${opts.dist})`);
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.KILL_LOG_LEVEL ?? 'warn',
    DATABASE_URL: url,
    MEDIA_ROOT: media,
    DATA_DIR: dataDir,
    JWT_SECRET: 'kill-bench-secret-0123456789abcdef',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'kill-bench-password',
    BACKUP_SCHEDULER_ENABLED: 'false',
    BACKUP_SCHEDULE_FULL_DB: '',
    BACKUP_SCHEDULE_USERS: '',
  };
  const tmpCnfBefore = new Set(tmpCnfFiles());
  const ctx = {
    ...opts,
    tag,
    work,
    media,
    backupsRoot: join(media, 'backups'),
    dataDir,
    dbName,
    url,
    sqlitePath,
    cliJs,
    env,
    tmpCnfBefore,
    log: (...a) => opts.verbose && console.error('  ·', ...a),
    async close() {
      if (opts.dialect === 'postgres') {
        const c = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        await c.end();
      } else if (opts.dialect === 'mysql') {
        const c = await mysql.createConnection(`${MY_BASE}/`);
        const [rows] = await c.query(`SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?`, [`${dbName}%`]);
        for (const { name } of rows) await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      }
      if (!opts.keepWork) await rm(work, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** Runs SQL against the run's database (a short-lived connection: never open while a restore swaps a SQLite file). */
export async function sql(ctx, text, params = []) {
  if (ctx.dialect === 'sqlite') {
    const db = new Database(ctx.sqlitePath, { fileMustExist: true });
    try {
      const stmt = db.prepare(text);
      return stmt.reader ? stmt.all(...params) : (stmt.run(...params), []);
    } finally {
      db.close();
    }
  }
  if (ctx.dialect === 'postgres') {
    const c = new pg.Client({ connectionString: ctx.url });
    await c.connect();
    try {
      let i = 0;
      return (
        await c.query(
          text.replace(/\?/g, () => `$${++i}`),
          params,
        )
      ).rows;
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection(ctx.url);
  try {
    const [rows] = await c.query(text, params);
    return Array.isArray(rows) ? rows : [];
  } finally {
    await c.end();
  }
}

/** Server-wide MariaDB query (information_schema). */
export async function mysqlServer(text, params = []) {
  const c = await mysql.createConnection(`${MY_BASE}/`);
  try {
    const [rows] = await c.query(text, params);
    return rows;
  } finally {
    await c.end();
  }
}

/** Inserts `count` items for `userId` straight into inventory_items (multi-row INSERTs). */
export async function seedItems(ctx, userId, count, prefix = 'p') {
  const cols = '(user_id, name, part_id, color, quantity_total, quantity_used, storage_location, image_url, notes)';
  const rowsOf = (from, to) => {
    const values = [];
    const params = [];
    for (let i = from; i < to; i++) {
      values.push('(?, ?, ?, ?, ?, ?, ?, ?, ?)');
      params.push(
        userId,
        `Brick ${i} with a reasonably long descriptive name`,
        `${prefix}${i}`,
        ['Red', 'Blue', 'Yellow', 'Black'][i % 4],
        (i % 50) + 5,
        i % 5,
        `Drawer ${i % 97}`,
        '',
        `seeded item ${i} `.repeat(4),
      );
    }
    return { text: `INSERT INTO inventory_items ${cols} VALUES ${values.join(', ')}`, params };
  };
  const batch = 500;
  if (ctx.dialect === 'sqlite') {
    const db = new Database(ctx.sqlitePath, { fileMustExist: true });
    try {
      db.transaction(() => {
        for (let f = 0; f < count; f += batch) {
          const { text, params } = rowsOf(f, Math.min(count, f + batch));
          db.prepare(text).run(...params);
        }
      })();
    } finally {
      db.close();
    }
    return;
  }
  for (let f = 0; f < count; f += batch) {
    const { text, params } = rowsOf(f, Math.min(count, f + batch));
    await sql(ctx, text, params);
  }
}

export async function countItems(ctx) {
  try {
    const [{ n }] = await sql(ctx, 'SELECT COUNT(*) AS n FROM inventory_items');
    return Number(n);
  } catch (error) {
    return `error: ${error.message.split('\n')[0]}`;
  }
}

// ---------------------------------------------------------------- the CLI

/** Runs the CLI to its end; resolves with its exit code and output. */
export function cli(ctx, args, { timeoutMs = 600_000, input } = {}) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [ctx.cliJs, ...args], { cwd: process.cwd(), env: ctx.env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    if (input) child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, out, err, ms: Date.now() - started });
    });
  });
}

/** Like cli() but throws unless it exits 0. */
export async function cliOk(ctx, args, opts) {
  const r = await cli(ctx, args, opts);
  if (r.code !== 0) throw new Error(`blockshelf ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.out}\n${r.err}`);
  return r;
}

/** The CLI as a victim: its own process group (detached), output collected, `done` resolves at exit. */
export function spawnVictim(ctx, args) {
  const started = Date.now();
  const child = spawn(process.execPath, [ctx.cliJs, ...args], { cwd: process.cwd(), env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const v = { child, pid: child.pid, started, out: '', err: '', exited: false, code: null, signal: null };
  child.stdout.on('data', (c) => (v.out += c));
  child.stderr.on('data', (c) => (v.err += c));
  v.done = new Promise((r) =>
    child.on('close', (code, signal) => {
      v.exited = true;
      v.code = code;
      v.signal = signal;
      v.ms = Date.now() - started;
      r(v);
    }),
  );
  child.on('exit', () => (v.exited = true));
  return v;
}

/** SIGKILL: 'group' = kill -9 -pgid (the CLI leads its group), 'pid' = kill -9 pid. Returns whether it was still running. */
export function killVictim(v, how) {
  if (v.exited) return false;
  try {
    process.kill(how === 'group' ? -v.pid : v.pid, 'SIGKILL');
    v.killedAt = Date.now();
    v.killedHow = how;
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- /proc

const TOOL_NAMES = new Set(['pg_restore', 'pg_dump', 'psql', 'mariadb', 'mysql', 'mariadb-dump', 'mysqldump', 'setpriv']);

/** Every process: pid, ppid, pgrp, argv (and a lazy environ). */
export function processes() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').filter(Boolean);
      if (!argv.length) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      list.push({ pid: Number(name), state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]), argv });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

function environOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return '';
  }
}

/** Database tool processes (pg_restore, mariadb, dumps; setpriv before its exec) that work on this run's database. */
/** The database tool an argv runs, also through setpriv or Debian's perl wrapper (`/usr/bin/perl /usr/bin/pg_restore …`). */
export function toolOf(argv, names = TOOL_NAMES) {
  for (const a of argv.slice(0, 6)) {
    if (a.startsWith('-') && a !== '--') continue;
    const b = basename(a);
    if (names.has(b)) return b;
  }
  return null;
}

export function toolsOf(ctx, names = TOOL_NAMES) {
  return processes().filter((p) => {
    const tool = toolOf(p.argv, names) ?? (names.has(basename(p.argv[0])) ? basename(p.argv[0]) : null);
    if (!tool) return false;
    const line = p.argv.join(' ');
    if (tool === 'setpriv' && !/--pdeathsig/.test(line)) return false;
    return line.includes(ctx.dbName) || environOf(p.pid).includes(ctx.dbName) || line.includes(ctx.work);
  });
}

function statOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]), start: rest[19] };
  } catch {
    return null;
  }
}

function argvOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The victim's children right now (from /proc/<pid>/task/<tid>/children),
 * remembered in v.kids (pid -> { argv, start }) so the ones that outlive it can
 * be found after the kill even when they are in their own process group.
 */
export function kidsNow(v) {
  v.kids ??= new Map();
  const now = [];
  let tasks;
  try {
    tasks = readdirSync(`/proc/${v.pid}/task`);
  } catch {
    return now;
  }
  for (const t of tasks) {
    let text;
    try {
      text = readFileSync(`/proc/${v.pid}/task/${t}/children`, 'latin1').trim();
    } catch {
      continue;
    }
    for (const c of text ? text.split(/\s+/) : []) {
      const pid = Number(c);
      const argv = argvOf(pid);
      const st = statOf(pid);
      if (!st || st.state === 'Z') continue;
      const known = v.kids.get(pid);
      if (!known || known.start !== st.start) v.kids.set(pid, { argv, start: st.start });
      else if (argv.length) known.argv = argv;
      now.push({ pid, argv });
    }
  }
  return now;
}

/**
 * The victim's children alive now: the ones listed now, plus the ones seen
 * before that are still alive (a children file can miss a child while others
 * start or exit; a tool seen once is followed by its pid).
 */
export function liveKids(v) {
  const now = kidsNow(v);
  const seen = new Set(now.map((k) => k.pid));
  for (const [pid, k] of v.kids ?? []) {
    if (seen.has(pid)) continue;
    const st = statOf(pid);
    if (st && st.state !== 'Z' && st.start === k.start && st.ppid === v.pid) now.push({ pid, argv: argvOf(pid).length ? argvOf(pid) : k.argv });
  }
  return now;
}

/** Samples the victim's children every few ms while it lives (so short-lived tools are seen too). */
export function startKidSampler(v, everyMs = 4) {
  const tick = () => {
    if (v.exited) return;
    kidsNow(v);
    setTimeout(tick, everyMs);
  };
  tick();
}

/** Children of the (dead) victim still alive: same pid and start time as recorded. */
export function survivingKids(v) {
  const out = [];
  for (const [pid, k] of v.kids ?? []) {
    const st = statOf(pid);
    if (st && st.state !== 'Z' && st.start === k.start) out.push({ pid, argv: argvOf(pid).join(' ') || k.argv.join(' ') });
  }
  return out;
}

/** Tight poll (every ~2 ms) until `probe()` returns something truthy, the victim exits, or the time runs out. */
export async function pollUntil(v, probe, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!v.exited && Date.now() < end) {
    const hit = probe();
    if (hit) return hit;
    await sleep(2);
  }
  return null;
}

// ---------------------------------------------------------------- files

export function walk(dir, { skip = [] } = {}) {
  const out = [];
  const go = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(e.name)) go(p);
      } else out.push(p);
    }
  };
  go(dir);
  return out;
}

export function sha256Of(path) {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('error', rej)
      .on('data', (c) => h.update(c))
      .on('end', () => res(h.digest('hex')));
  });
}

export function tmpCnfFiles() {
  try {
    return readdirSync('/tmp').filter((n) => n.startsWith('blockshelf-my-'));
  } catch {
    return [];
  }
}

export function dataTmpEntries(ctx) {
  try {
    return readdirSync(join(ctx.dataDir, 'tmp'));
  } catch {
    return [];
  }
}

/** Backup-looking files under MEDIA_ROOT/backups (not quarantine/trash, not manifests, temp files or the catalog journal), relative to MEDIA_ROOT. */
export function backupFiles(ctx) {
  return walk(ctx.backupsRoot, { skip: ['quarantine', 'trash'] })
    .map((p) => p.slice(ctx.media.length + 1))
    .filter((rel) => {
      const name = basename(rel);
      return (rel.startsWith('backups/full_db/') || rel.startsWith('backups/user_inventory/')) && !name.startsWith('.') && !name.endsWith('.manifest.json');
    });
}

/** Temp files in the backup folders: .partial, -journal, and the restore's carry-over left behind. */
export function backupTempFiles(ctx) {
  return walk(ctx.backupsRoot, { skip: ['quarantine', 'trash'] })
    .map((p) => p.slice(ctx.media.length + 1))
    .filter((rel) => /\.partial$|-journal$|\.partial-journal$/.test(rel));
}

/** Manifests whose backup file is not there. */
export function loneManifests(ctx) {
  return walk(ctx.backupsRoot, { skip: ['quarantine', 'trash'] })
    .filter((p) => p.endsWith('.manifest.json') && !existsSync(p.slice(0, -'.manifest.json'.length)))
    .map((p) => p.slice(ctx.media.length + 1));
}

/** Rows of `backups` checked against their files: status not ok, file missing, sha256 differs. */
export async function checkBackupRows(ctx) {
  const rows = await sql(ctx, 'SELECT id, file_path, sha256, status FROM backups ORDER BY id');
  const bad = [];
  for (const r of rows) {
    const abs = join(ctx.media, r.file_path);
    if (r.status !== 'ok') {
      bad.push({ id: r.id, file: r.file_path, why: `status ${r.status}` });
      continue;
    }
    if (!existsSync(abs)) {
      bad.push({ id: r.id, file: r.file_path, why: 'listed, file missing' });
      continue;
    }
    const sha = await sha256Of(abs);
    if (sha !== r.sha256) bad.push({ id: r.id, file: r.file_path, why: `listed, sha256 ${sha.slice(0, 12)} != row ${String(r.sha256).slice(0, 12)}` });
  }
  return { rows, bad };
}

export function fileSize(p) {
  try {
    return statSync(p).size;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- output

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}
