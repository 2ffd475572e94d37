// GET /api/backups throughput (wrk, 500 backups, SQLite) and `blockshelf list-backups` start-up time; hand-written because run.js measures backup/restore, not request rates.
//
//   BENCH_DIST=bench/.dist-api node bench/api-throughput.mjs
//
// Environment: BENCH_DIST [dist] the build to run; BENCH_DIR [$TMPDIR/blockshelf-bench] where api-throughput.json goes;
// BENCH_KEEP [false] keep the temp SQLite database and MEDIA_ROOT; BENCH_API_USERS [9] users besides the admin;
// BENCH_API_BACKUPS [500]; BENCH_WRK_SECONDS [15]; BENCH_WRK_CONNECTIONS [100]; BENCH_WRK [/usr/bin/wrk].
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, request, runCli, startServer } from './lib/app.mjs';
import { SqliteBench } from './lib/dialects.mjs';
import { exec, log, median, memoryOf, round, timed } from './lib/util.mjs';

const env = process.env;
const WRK = env.BENCH_WRK ?? '/usr/bin/wrk';
const USERS = Number(env.BENCH_API_USERS ?? 9);
const BACKUPS = Number(env.BENCH_API_BACKUPS ?? 500);
const ITEMS_PER_USER = 20;
const WRK_SECONDS = Number(env.BENCH_WRK_SECONDS ?? 15);
const CONNECTIONS = Number(env.BENCH_WRK_CONNECTIONS ?? 100);
const CLI_RUNS = 7;
const OUT_DIR = env.BENCH_DIR ?? join(tmpdir(), 'blockshelf-bench');
const KEEP = /^(1|true|yes)$/i.test(env.BENCH_KEEP ?? '');
// ListBackupsQueryDto (PageQueryDto) takes page and pageSize; the validation pipe forbids unknown fields, so page_size is a 400.
const LIST_PATH = env.BENCH_API_PATH ?? '/api/backups?page=1&pageSize=50';
const GOALS = { rps: 1500, p99Ms: 150, cliS: 0.8 };

if (!existsSync(WRK)) {
  console.error(`wrk is missing (${WRK}): apt-get install wrk`);
  process.exit(1);
}

const loads = () => loadavg().map((l) => round(l, 2));
const expect = (r, status, what) => {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 500)}`);
  return r.json;
};

/** wrk's latency figures carry their own unit (us, ms, s, m). */
function toMs(value, unit) {
  return Number(value) * { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit];
}

function parseWrk(out) {
  const num = (re) => Number(out.match(re)?.[1] ?? NaN);
  const lat = (p) => {
    const m = out.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm'));
    return m ? toMs(m[1], m[2]) : NaN;
  };
  const total = out.match(/(\d+) requests in ([\d.]+)(\w+),/);
  const socket = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    requestsPerSec: num(/^Requests\/sec:\s+([\d.]+)/m),
    requests: total ? Number(total[1]) : NaN,
    p50Ms: lat(50),
    p75Ms: lat(75),
    p90Ms: lat(90),
    p99Ms: lat(99),
    non2xx: Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors: socket ? { connect: +socket[1], read: +socket[2], write: +socket[3], timeout: +socket[4] } : null,
  };
}

const wrk = (port, token, seconds) =>
  exec(WRK, ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${port}${LIST_PATH}`]).then(
    (r) => r.stdout,
  );

/** Users with a few items each via the API, then all-users backups (keep 10000) until the catalog holds BACKUPS. */
async function seed(server) {
  const { port, token } = server;
  for (let u = 1; u <= USERS; u++) {
    const username = `api_bench_${u}`;
    const password = 'api-bench-password';
    expect(await request(port, 'POST', '/api/users', { token, body: { username, password } }), 201, `POST /api/users ${username}`);
    const userToken = expect(await request(port, 'POST', '/api/auth/login', { body: { username, password } }), 200, `login ${username}`).access_token;
    for (let i = 0; i < ITEMS_PER_USER; i++) {
      const body = {
        name: `Brick ${u}x${i}`,
        part_id: String(3000 + i),
        color: ['Red', 'Blue', 'Yellow'][i % 3],
        quantity_total: 10 + i,
        storage_location: `Drawer ${u}`,
      };
      expect(await request(port, 'POST', '/api/inventory/items', { token: userToken, body }), 201, `POST /api/inventory/items as ${username}`);
    }
  }
  let total = 0;
  let runs = 0;
  while (total < BACKUPS) {
    const res = expect(await request(port, 'POST', '/api/backups/all-users', { token, body: { keep: 10_000 } }), 201, 'POST /api/backups/all-users');
    const failed = res.results.filter((r) => !r.backup);
    if (failed.length) throw new Error(`all-users run ${res.run.id}: ${failed.length} user backup(s) failed: ${failed[0].error}`);
    runs++;
    total = expect(await request(port, 'GET', '/api/backups?page=1&pageSize=1', { token }), 200, 'GET /api/backups').total;
  }
  return { users: USERS + 1, itemsPerUser: ITEMS_PER_USER, allUsersRuns: runs, backups: total };
}

/** VmRSS sampled every 100 ms while `work` runs (VmHWM is the peak since start or since clear_refs). */
async function sampleRss(pid, work) {
  let max = 0;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, memoryOf(pid).rssMiB);
    } catch {
      // The server exited between two samples: the last maximum stands.
    }
  }, 100);
  try {
    return [await work(), () => max];
  } finally {
    clearInterval(timer);
  }
}

async function throughput(d, mediaRoot) {
  // A fresh server for the measurement, so its VmHWM is not the seeding's (all-users backups stream files).
  const server = await startServer(d, mediaRoot);
  try {
    const { port, token } = server;
    const page = expect(await request(port, 'GET', LIST_PATH, { token }), 200, `GET ${LIST_PATH}`);
    if (page.total < BACKUPS || page.items.length !== 50)
      throw new Error(`GET ${LIST_PATH}: total ${page.total}, ${page.items.length} items; expected ≥ ${BACKUPS} and 50`);
    const snakeStatus = (await request(port, 'GET', '/api/backups?page=1&page_size=50', { token })).status;
    log(`  catalog: ${page.total} backups; page_size=50 (not a field of the DTO) answers ${snakeStatus}`);
    log(`  warm-up: wrk 3 s`);
    const warm = parseWrk(await wrk(port, token, 3));
    log(`  warm-up: ${round(warm.requestsPerSec, 0)} req/s, p99 ${warm.p99Ms} ms, non-2xx ${warm.non2xx}`);
    // Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so the peak below is the measured run's.
    let hwmReset = true;
    try {
      writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    } catch {
      hwmReset = false;
    }
    const before = server.memory();
    const loadBefore = loads();
    log(`  wrk -t2 -c${CONNECTIONS} -d${WRK_SECONDS}s --latency ${LIST_PATH}`);
    const [out, maxRss] = await sampleRss(server.pid, () => wrk(port, token, WRK_SECONDS));
    const memory = server.memory();
    const loadAfter = loads();
    const r = parseWrk(out);
    log(
      `  ${round(r.requestsPerSec, 0)} req/s, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, socket errors ${JSON.stringify(r.socketErrors)}, peak RSS ${round(memory.peakMiB, 0)} MiB`,
    );
    const result = {
      path: LIST_PATH,
      catalogTotal: page.total,
      pageSizeSnakeCaseStatus: snakeStatus,
      connections: CONNECTIONS,
      seconds: WRK_SECONDS,
      warmUp: warm,
      ...r,
      rssBeforeMiB: round(before.rssMiB, 1),
      peakRssMiB: round(memory.peakMiB, 1),
      peakRssOfMeasuredRunOnly: hwmReset, // false: VmHWM since the server started (clear_refs refused)
      sampledMaxRssMiB: round(maxRss(), 1),
      loadBefore,
      loadAfter,
      wrkOutput: out,
    };
    if (!Number.isFinite(r.requestsPerSec) || !Number.isFinite(r.p99Ms)) throw Object.assign(new Error(`Could not parse wrk's output:\n${out}`), { result });
    if (r.non2xx > 0) throw Object.assign(new Error(`${r.non2xx} non-2xx responses of ${r.requests}`), { result });
    return result;
  } finally {
    await server.stop();
  }
}

async function cliStartup(d, mediaRoot) {
  const samples = [];
  let lastLine = '';
  for (let i = 0; i < CLI_RUNS; i++) {
    const [ms, out] = await timed(() => runCli(d, mediaRoot, ['list-backups']));
    lastLine = out.trim().split('\n').pop();
    const total = Number(lastLine.match(/of (\d+) backup/)?.[1]);
    if (!(total >= BACKUPS)) throw new Error(`list-backups printed "${lastLine}", expected ≥ ${BACKUPS} backups`);
    samples.push(ms / 1000);
    log(`  list-backups #${i + 1}: ${(ms / 1000).toFixed(3)} s`);
  }
  return { runs: CLI_RUNS, medianS: round(median(samples), 3), minS: round(Math.min(...samples), 3), samplesS: samples.map((s) => round(s, 3)), lastLine };
}

function table(res) {
  const t = res.throughput ?? {};
  const c = res.cli ?? {};
  const mark = (ok) => (ok === undefined ? '—' : ok ? 'met' : 'MISSED');
  const fmt = (x, unit, digits = 0) => (Number.isFinite(x) ? `${x.toFixed(digits)}${unit}` : 'failed');
  return [
    `| Measurement (SQLite, ${res.machine.cpus} CPUs, Node ${res.machine.node}) | Result | Goal | |`,
    '|---|---|---|---|',
    `| GET ${LIST_PATH}, ${t.catalogTotal ?? '?'} backups, wrk -t2 -c${CONNECTIONS} ${WRK_SECONDS}s: requests/s | ${fmt(t.requestsPerSec, '')} | ≥ ${GOALS.rps} | ${mark(res.goals.rps)} |`,
    `| same: p99 latency | ${fmt(t.p99Ms, ' ms', 1)} | ≤ ${GOALS.p99Ms} ms | ${mark(res.goals.p99)} |`,
    `| same: non-2xx / socket timeouts (> 2 s, not in p99) / server peak RSS | ${t.non2xx ?? '?'} / ${t.socketErrors?.timeout ?? 0} / ${fmt(t.peakRssMiB, ' MiB')} | 0 / — / — | |`,
    `| blockshelf list-backups wall time, median (min) of ${CLI_RUNS} | ${fmt(c.medianS, ' s', 3)} (${fmt(c.minS, ' s', 3)}) | ≤ ${GOALS.cliS} s | ${mark(res.goals.cli)} |`,
  ].join('\n');
}

async function main() {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'blockshelf-api-'));
  const d = new SqliteBench(work);
  const mediaRoot = join(work, 'media');
  const res = {
    machine: { date: new Date().toISOString(), cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadBefore: loads() },
    dist: env.BENCH_DIST ?? 'dist',
    goals: {},
  };
  log(`API throughput bench in ${work} (dist: ${res.dist})`);
  try {
    await d.create();
    await mkdir(mediaRoot, { recursive: true });
    await migrate(d, mediaRoot);
    const server = await startServer(d, mediaRoot);
    try {
      const [ms, seeded] = await timed(() => seed(server));
      res.seed = { ...seeded, seconds: round(ms / 1000, 1) };
      log(`  seeded ${seeded.backups} backups (${seeded.allUsersRuns} all-users runs, ${seeded.users} users) in ${(ms / 1000).toFixed(1)} s`);
    } finally {
      await server.stop();
    }
    for (const [key, fn] of [
      ['throughput', throughput],
      ['cli', cliStartup],
    ]) {
      try {
        res[key] = await fn(d, mediaRoot);
      } catch (error) {
        log(`!!! ${key} FAILED: ${error.stack ?? error}`);
        res[key] = { ...(error.result ?? {}), error: error.message.slice(0, 2000) };
      }
    }
  } catch (error) {
    log(`!!! FAILED: ${error.stack ?? error}`);
    res.error = error.message.slice(0, 2000);
  } finally {
    res.machine.loadAfter = loads();
    res.durationS = round((Date.now() - started) / 1000, 1);
    if (KEEP) log(`Kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  const t = res.throughput;
  const ok = (part) => part && !part.error;
  if (ok(t)) Object.assign(res.goals, { rps: t.requestsPerSec >= GOALS.rps, p99: t.p99Ms <= GOALS.p99Ms });
  if (ok(res.cli)) res.goals.cli = res.cli.medianS <= GOALS.cliS;
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(join(OUT_DIR, 'api-throughput.json'), JSON.stringify(res, null, 2));
  console.log(table(res));
  log(`Done in ${res.durationS} s; results in ${join(OUT_DIR, 'api-throughput.json')}`);
  // A missed goal is not a failure; a measurement that did not run is.
  process.exitCode = res.error || !ok(t) || !ok(res.cli) ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
