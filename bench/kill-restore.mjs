#!/usr/bin/env node
// Fault injection: SIGKILL `blockshelf restore-backup` at random and at the
// worst moments, then check the database is wholly the old or wholly the new
// state, no tool outlived the CLI, and nothing was left behind.
//
// Build a private copy first (others may be rebuilding dist/):
//   rm -rf dist-kill && npx tsc -p tsconfig.build.json --outDir dist-kill
//   node bench/kill-restore.mjs --dialect postgres --kills 20 --dist dist-kill
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as K from './lib/kill-util.mjs';

const USAGE = `usage: node bench/kill-restore.mjs --dialect sqlite|postgres|mysql [--kills N (20)] [--dist DIR (dist)] [--items N (sqlite 100000, else 20000)] [--keep-work] [--verbose]`;
const argv = process.argv.slice(2);
const dialectArg = argv[argv.indexOf('--dialect') + 1];
const opts = K.parseArgs(argv, { kills: 20, items: dialectArg === 'sqlite' ? 100_000 : 20_000 }, USAGE);

/** How the restore is killed, in turn; `how` flips every other round. */
const MODES = [
  { moment: 'random', how: 'group' },
  { moment: 'random', how: 'pid' },
  { moment: 'tool-start', how: 'group' },
  { moment: 'tool-mid', how: 'pid' },
  { moment: 'tool-end', how: 'pid' },
  { moment: 'carry-over', how: 'group' },
];
const RESTORE_TOOLS = new Set(['pg_restore', 'mariadb', 'mysql']);

const ctx = await K.setupRun('restore', opts);
const carryOverPath = join(ctx.backupsRoot, '.restore-carry-over.json');
const restoreArgs = (id, force = true) => ['restore-backup', String(id), '--yes', '--no-safety-backup', ...(force ? ['--force'] : [])];

/** The restore's own tool is running (pg_restore / mariadb into the scratch db), or for SQLite its copy beside the live file exists. */
function toolRunning(v) {
  // SQLite: a new .restore-*.partial (one a killed run left does not count).
  if (opts.dialect === 'sqlite') return sqliteRestoreTemps().some((n) => !v.tempsBefore.has(n));
  return K.liveKids(v)
    .filter((k) => !k.argv.includes('--list'))
    .some((k) => K.toolOf(k.argv, RESTORE_TOOLS));
}

const sqliteRestoreTemps = () => (ctx.sqlitePath ? readdirSync(dirname(ctx.sqlitePath)).filter((n) => /^\.restore-.*\.partial$/.test(n)) : []);
/** Spawns the restore of `id` as a victim, remembering the temp copies already there. */
function spawnRestore(id) {
  const tempsBefore = new Set(sqliteRestoreTemps());
  const v = K.spawnVictim(ctx, restoreArgs(id));
  v.tempsBefore = tempsBefore;
  K.startKidSampler(v);
  return v;
}

const results = [];
const bugs = [];
let refusedWithoutForce = null;

try {
  // ---- seed: migrations + admin, 20k items (state A), backup A, delete half (state B), backup B
  await K.cliOk(ctx, ['list-backups']);
  const [{ id: adminId }] = await K.sql(ctx, "SELECT id FROM users WHERE username = 'admin'");
  await K.seedItems(ctx, adminId, opts.items);
  const countA = await K.countItems(ctx);
  await K.cliOk(ctx, ['create-backups', '--full-db']);
  const idA = Number((await K.sql(ctx, "SELECT MAX(id) AS id FROM backups WHERE type = 'full_db'"))[0].id);
  await K.sql(ctx, 'DELETE FROM inventory_items WHERE MOD(id, 2) = 0'.replace('MOD(id, 2)', opts.dialect === 'sqlite' ? '(id % 2)' : 'MOD(id, 2)'));
  const countB = await K.countItems(ctx);
  await K.sleep(1100); // a distinct file name (timestamps have 1 s resolution; _2 would do too)
  await K.cliOk(ctx, ['create-backups', '--full-db']);
  const idB = Number((await K.sql(ctx, "SELECT MAX(id) AS id FROM backups WHERE type = 'full_db'"))[0].id);
  console.error(`[${opts.dialect}] seeded: A = backup ${idA} (${countA} items), B = backup ${idB} (${countB} items)`);

  // ---- baseline: an unkilled restore of A (timing of its phases), then back to B
  const base = spawnRestore(idA);
  let tTool = null;
  let tToolEnd = null;
  let tCarry = null;
  while (!base.exited) {
    const t = Date.now() - base.started;
    if (tCarry === null && existsSync(carryOverPath)) tCarry = t;
    const running = toolRunning(base);
    if (running && tTool === null) tTool = t;
    if (!running && tTool !== null && tToolEnd === null) tToolEnd = t;
    await K.sleep(2);
  }
  await base.done;
  if (base.code !== 0) throw new Error(`baseline restore failed: ${base.out}\n${base.err}`);
  if ((await K.countItems(ctx)) !== countA) throw new Error('baseline restore of A did not give A');
  let total = base.ms;
  console.error(`[${opts.dialect}] baseline restore: ${total} ms; carry-over at ${tCarry} ms, tool ${tTool}–${tToolEnd ?? '?'} ms`);
  const toolMs = tTool !== null && tToolEnd !== null ? Math.max(5, tToolEnd - tTool) : 50;
  await resetToB();

  async function resetToB() {
    const r = await K.cli(ctx, restoreArgs(idB));
    const n = await K.countItems(ctx);
    if (r.code !== 0 || n !== countB) throw new Error(`could not go back to B (exit ${r.code}, ${n} items): ${r.out}\n${r.err}`);
  }

  // ---- the kills
  for (let i = 0; i < opts.kills; i++) {
    const mode = MODES[i % MODES.length];
    const how = Math.floor(i / MODES.length) % 2 ? (mode.how === 'group' ? 'pid' : 'group') : mode.how;
    const v = spawnRestore(idA);
    let trigger = mode.moment;
    if (mode.moment === 'random') {
      // From late start-up to the end: start-up (Nest, migrations check) is most of a CLI's life.
      const lo = Math.floor((tCarry ?? total / 2) * 0.7);
      const delay = K.randInt(lo, total);
      trigger = `random ${delay} ms`;
      await Promise.race([K.sleep(delay), v.done]);
    } else if (mode.moment === 'tool-start') {
      await K.pollUntil(v, () => toolRunning(v));
    } else if (mode.moment === 'tool-mid') {
      if (await K.pollUntil(v, () => toolRunning(v))) {
        const d = K.randInt(1, toolMs);
        trigger = `tool + ${d} ms`;
        await Promise.race([K.sleep(d), v.done]);
      }
    } else if (mode.moment === 'tool-end') {
      if (await K.pollUntil(v, () => toolRunning(v))) await K.pollUntil(v, () => !toolRunning(v));
    } else if (mode.moment === 'carry-over') {
      await K.pollUntil(v, () => existsSync(carryOverPath));
    }
    const killed = K.killVictim(v, how);
    await v.done;
    // A run that ended before its random moment: aim earlier next time (start-up time varies with the machine's load).
    if (!killed && v.code === 0) total = Math.min(total, v.ms);
    await K.sleep(1500);
    const orphans = [
      ...K.survivingKids(v),
      ...K.toolsOf(ctx)
        .filter((p) => !(v.kids ?? new Map()).has(p.pid))
        .map((p) => ({ pid: p.pid, argv: p.argv.join(' ') })),
    ];
    for (const o of orphans) {
      try {
        process.kill(o.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    const beforeReconcile = { dataTmp: K.dataTmpEntries(ctx), carryOver: existsSync(carryOverPath) };

    // The app's start-up (carry-over, interrupted runs, temp sweep, reconcile) via `blockshelf reconcile`.
    const rec = await K.cli(ctx, ['reconcile']);
    const n = await K.countItems(ctx);
    const state = n === countB ? 'old' : n === countA ? 'new' : 'mixed';
    const { rows, bad } = await K.checkBackupRows(ctx).catch((e) => ({ rows: [], bad: [{ why: `backups unreadable: ${e.message}` }] }));
    const leftovers = [];
    if (opts.dialect === 'mysql') {
      const dbs = await K.mysqlServer('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
      for (const { name } of dbs) if (name.startsWith(`${ctx.dbName}__bsr_`)) leftovers.push(`scratch database ${name}`);
    }
    for (const e of K.dataTmpEntries(ctx)) leftovers.push(`DATA_DIR/tmp/${e}`);
    if (opts.dialect === 'sqlite')
      for (const e of readdirSync(dirname(ctx.sqlitePath))) if (/^\.restore-.*\.partial$/.test(e)) leftovers.push(`${e} beside the SQLite file`);
    for (const f of K.backupTempFiles(ctx)) leftovers.push(f);
    if (existsSync(carryOverPath)) leftovers.push('backups/.restore-carry-over.json (not applied)');
    for (const f of K.tmpCnfFiles()) if (!ctx.tmpCnfBefore.has(f)) leftovers.push(`/tmp/${f}`);
    const running = (await K.sql(ctx, "SELECT id, target FROM backup_runs WHERE status = 'running'").catch(() => [])).map((r) => `${r.target} run ${r.id}`);

    const rec0 = {
      i: i + 1,
      moment: trigger,
      how,
      killed,
      atMs: v.killedAt ? v.killedAt - v.started : null,
      exit: killed ? 'SIGKILL' : `exit ${v.code}`,
      state,
      items: n,
      orphans,
      leftovers,
      bad,
      running,
      reconcileExit: rec.code,
      beforeReconcile,
      backupRows: rows.length,
    };
    results.push(rec0);
    const flag = state === 'mixed' || orphans.length || leftovers.length || bad.length || rec.code !== 0 ? '  <-- ' : '';
    console.error(
      `[${opts.dialect}] #${i + 1} ${trigger}/${how} at ${rec0.atMs ?? '-'} ms (${killed ? 'killed' : `not killed: ${rec0.exit}`}): ${state} (${n})` +
        `${orphans.length ? `, orphans: ${orphans.map((o) => o.argv).join('; ')}` : ''}${leftovers.length ? `, leftovers: ${leftovers.join(', ')}` : ''}` +
        `${bad.length ? `, bad rows: ${bad.map((b) => `${b.id} ${b.why}`).join('; ')}` : ''}${running.length ? `, running: ${running.join(', ')}` : ''}${rec.code !== 0 ? `, reconcile exit ${rec.code}: ${(rec.out + rec.err).trim().split('\n').slice(-3).join(' | ')}` : ''}${flag}`,
    );
    if (opts.verbose && !killed) console.error(v.out, v.err);

    // Once: is the restore refused without --force right after a kill (the dead CLI still looks alive)?
    if (refusedWithoutForce === null && killed && mode.moment !== 'random') {
      const probe = await K.cli(ctx, restoreArgs(state === 'old' ? idB : idA, false));
      refusedWithoutForce = /Refusing to restore/.test(probe.out) ? `refused (${probe.out.trim().split('\n')[0]})` : `not refused (exit ${probe.code})`;
    }
    if (state !== 'old' || (await K.countItems(ctx)) !== countB) await resetToB();
  }

  // ---- after the 30 s liveness window: does a start-up clean what the dead processes left?
  await K.sleep(31_000);
  const late = await K.cli(ctx, ['reconcile']);
  const lateLeft = [...K.dataTmpEntries(ctx).map((e) => `DATA_DIR/tmp/${e}`), ...K.backupTempFiles(ctx)];
  if (opts.dialect === 'sqlite')
    for (const e of readdirSync(dirname(ctx.sqlitePath))) if (/^\.restore-.*\.partial$/.test(e)) lateLeft.push(`${e} beside the SQLite file`);
  if (opts.dialect === 'mysql') {
    for (const { name } of await K.mysqlServer('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA'))
      if (name.startsWith(`${ctx.dbName}__bsr_`)) lateLeft.push(`scratch database ${name}`);
  }
  const lateRunning = await K.sql(ctx, "SELECT id FROM backup_runs WHERE status = 'running'");

  // ---- report
  const sum = (f) => results.filter(f).length;
  const row = [
    opts.dialect,
    results.length,
    sum((r) => r.state === 'old'),
    sum((r) => r.state === 'new'),
    sum((r) => r.state === 'mixed'),
    results.reduce((a, r) => a + r.orphans.length, 0),
    sum((r) => r.leftovers.length > 0),
    sum((r) => r.bad.length > 0),
    sum((r) => r.running.length > 0),
    sum((r) => !r.killed),
  ];
  console.log(
    `\nkill-restore, ${opts.dialect}: A = ${countA} items, B = ${countB} items, baseline restore ${total} ms (tool ${tTool ?? '-'}–${tToolEnd ?? '-'} ms)`,
  );
  console.log(K.table(['dialect', 'tried', 'old', 'new', 'mixed', 'orphans', 'leftovers', 'bad-rows', 'stuck-running', 'not-killed'], [row]));
  const byMoment = new Map();
  for (const r of results) {
    const key = `${r.moment.startsWith('random') ? 'random' : r.moment}/${r.how}`;
    const m = byMoment.get(key) ?? { n: 0, old: 0, new: 0, mixed: 0, orphans: 0, leftovers: 0 };
    m.n++;
    m[r.state]++;
    m.orphans += r.orphans.length;
    m.leftovers += r.leftovers.length ? 1 : 0;
    byMoment.set(key, m);
  }
  console.log(
    K.table(
      ['moment/kill', 'tried', 'old', 'new', 'mixed', 'orphans', 'leftovers'],
      [...byMoment].map(([k, m]) => [k, m.n, m.old, m.new, m.mixed, m.orphans, m.leftovers]),
    ),
  );
  const kinds = new Map();
  for (const r of results)
    for (const l of r.leftovers) {
      const k = l.replace(/[0-9a-f]{6,}/g, '*').replace(/_\d{8}_\d{6}/g, '_*');
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
  const distinct = new Set(results.flatMap((r) => r.leftovers));
  if (kinds.size)
    console.log(
      `leftovers seen right after the reconcile start-up (${distinct.size} distinct; one left by a kill is seen again until it is swept):\n` +
        [...kinds].map(([k, c]) => `  ${c} × ${k}`).join('\n'),
    );
  const stuck = results.filter((r) => r.running.length).map((r) => `#${r.i}`);
  if (stuck.length) console.log(`runs still 'running' right after the reconcile start-up: iterations ${stuck.join(', ')}`);
  console.log(`restore without --force right after a kill: ${refusedWithoutForce ?? 'not probed'}`);
  console.log(
    `after 31 s more + reconcile (exit ${late.code}): ${lateLeft.length} leftovers${lateLeft.length ? ` (${lateLeft.join(', ')})` : ''}, ${lateRunning.length} running runs`,
  );
  for (const r of results.filter((r) => r.state === 'mixed' || r.orphans.length || r.bad.length)) {
    bugs.push(
      `#${r.i} ${r.moment}/${r.how} at ${r.atMs} ms: ${r.state} (${r.items} items)${r.orphans.length ? `, orphans ${r.orphans.map((o) => o.argv).join('; ')}` : ''}${r.bad.length ? `, bad rows ${JSON.stringify(r.bad)}` : ''}`,
    );
  }
  if (bugs.length) console.log('problems:\n  ' + bugs.join('\n  '));
  process.exitCode = row[4] || row[5] || row[6] || row[7] ? 1 : 0;
} catch (error) {
  console.error(error);
  process.exitCode = 2;
} finally {
  await ctx.close().catch((e) => console.error(`cleanup: ${e.message}`));
}
