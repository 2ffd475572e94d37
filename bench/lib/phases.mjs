// The measurements, one function per goal of issues 3 and 4. Each runs the raw
// tool and our code side by side on the same database, so every figure is a ratio.
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ADMIN, openInProcess, request, runCli, startServer, withHealthPolling } from './app.mjs';
import { userRow } from './dataset.mjs';
import { log, median, medianOf, timed } from './util.mjs';

const size = async (path) => (await stat(path)).size;
const rate = (items, ms) => (items / ms) * 1000;

/** Issue 3: full database backup, raw command vs DatabaseDumper.dump / verify and BackupsService.createFullDb. */
export async function fullDbBackup(d, app, { repeat, workDir }) {
  const raw = [];
  const dump = [];
  const verify = [];
  const digest = [];
  const total = [];
  let rawBytes = 0;
  let ourBytes = 0;
  let backup;
  for (let i = 0; i < repeat; i++) {
    const rawOut = join(workDir, `raw-full.${app.dumper.extension}`);
    await rm(rawOut, { force: true });
    raw.push((await timed(() => d.rawFullBackup(rawOut)))[0]);
    rawBytes = await size(rawOut);
    await rm(rawOut, { force: true });

    // Named as the app names its temp files (the dumpers derive sibling names from the .partial suffix).
    const temp = join(workDir, `.ours-full.${app.dumper.extension}.partial`);
    await rm(temp, { force: true });
    dump.push((await timed(() => app.dumper.dump(temp)))[0]);
    ourBytes = await size(temp);
    verify.push((await timed(() => app.dumper.verify(temp)))[0]);
    // The digest alone, on this thread: createFullDb runs it on another one while it verifies.
    digest.push((await timed(() => app.files.digestOf(temp)))[0]);
    await rm(temp, { force: true });

    const [ms, result] = await timed(() => app.backups.createFullDb({ trigger: 'cli', createdBy: null, keep: 1000 }));
    total.push(ms);
    backup = result.backup;
    log(
      `  full-db #${i + 1}: raw ${(raw[i] / 1000).toFixed(2)} s, dump ${(dump[i] / 1000).toFixed(2)} s, verify ${(verify[i] / 1000).toFixed(2)} s, createFullDb ${(ms / 1000).toFixed(2)} s`,
    );
  }
  return {
    rawLabel: d.rawFullBackupLabel,
    rawMs: median(raw),
    dumpMs: median(dump),
    verifyMs: median(verify),
    digestMs: median(digest),
    createFullDbMs: median(total),
    rawBytes,
    ourBytes,
    samples: { raw, dump, verify, digest, total },
    backup: { id: backup.id, path: app.files.resolveStored(backup.filePath), sizeBytes: backup.sizeBytes },
  };
}

/** Issue 3: one user's inventory backup (the largest user), items/s vs the database's own JSON export. */
export async function userBackup(d, app, { repeat, workDir, user }) {
  const owner = { id: user.id, username: user.username };
  const rawOut = join(workDir, 'raw-user.json');
  const exportOut = join(workDir, 'ours-user-export.json');
  const raw = [];
  const exportOnly = [];
  const verify = [];
  const total = [];
  let rawCount = 0;
  let exportBytes = 0;
  for (let i = 0; i < repeat; i++) {
    const [rawMs, count] = await timed(() => d.rawUserExport(user.id, rawOut));
    raw.push(rawMs);
    rawCount = count;
    if (count !== user.items) throw new Error(`${d.rawUserExportLabel} returned ${count} items, expected ${user.items}`);

    await rm(exportOut, { force: true });
    exportOnly.push((await timed(() => app.files.streamToFile(Readable.from(app.exporter.stream(owner)), exportOut)))[0]);
    exportBytes = await size(exportOut);
    const [verifyMs, { itemCount }] = await timed(() => app.verifyInventoryJson(exportOut, user.id));
    verify.push(verifyMs);
    if (itemCount !== user.items) throw new Error(`The export has ${itemCount} items, expected ${user.items}`);

    total.push((await timed(() => app.backups.createUserBackup(owner, { trigger: 'cli', createdBy: null, keep: 1000 })))[0]);
    log(
      `  user backup #${i + 1}: raw ${(raw[i] / 1000).toFixed(2)} s, export ${(exportOnly[i] / 1000).toFixed(2)} s, verify ${(verify[i] / 1000).toFixed(2)} s, createUserBackup ${(total[i] / 1000).toFixed(2)} s`,
    );
  }
  await rm(rawOut, { force: true });
  await rm(exportOut, { force: true });
  return {
    items: user.items,
    rawLabel: d.rawUserExportLabel,
    rawMs: median(raw),
    rawRate: rate(rawCount, median(raw)),
    exportMs: median(exportOnly),
    exportRate: rate(user.items, median(exportOnly)),
    verifyMs: median(verify),
    backupMs: median(total),
    backupRate: rate(user.items, median(total)),
    exportBytes,
    samples: { raw, exportOnly, verify, total },
  };
}

/**
 * Issue 3: all-users backup through the real server (POST /api/backups/all-users),
 * with GET /health polled every 20 ms meanwhile and the server's peak RSS read
 * from /proc; vs the database's JSON export of every item, grouped per user.
 */
export async function allUsersBackup(d, { workDir, mediaRoot, items, users, pollMs }) {
  const rawOut = join(workDir, 'raw-all.json');
  const [rawMs, rawCount] = await timed(() => d.rawAllExport(rawOut));
  await rm(rawOut, { force: true });
  if (rawCount !== items) throw new Error(`The raw export of all items returned ${rawCount} items, expected ${items}`);
  log(`  raw export of all items: ${(rawMs / 1000).toFixed(2)} s`);

  const server = await startServer(d, mediaRoot);
  try {
    const idleMemory = server.memory();
    // The same poll with nothing running: what the health endpoint costs by itself.
    const idle = await withHealthPolling(server.port, pollMs, () => new Promise((r) => setTimeout(r, 3000)));
    const { result, health } = await withHealthPolling(server.port, pollMs, () =>
      timed(() => request(server.port, 'POST', '/api/backups/all-users', { token: server.token, body: {} })),
    );
    const [ms, response] = result;
    if (response.status !== 201) throw new Error(`POST /api/backups/all-users: ${response.status} ${response.text.slice(0, 500)}`);
    const results = response.json.results;
    const failed = results.filter((r) => !r.backup);
    const files = results.length - failed.length;
    const memory = server.memory();
    log(
      `  all-users: ${(ms / 1000).toFixed(2)} s, ${files} files, peak RSS ${memory.peakMiB.toFixed(0)} MiB, health p99 ${health.p99.toFixed(1)} ms (${health.samples} samples)`,
    );
    if (failed.length) throw new Error(`${failed.length} user backup(s) failed: ${failed[0].error}`);
    return {
      rawLabel: `${d.rawUserExportLabel}, all items grouped per user`,
      rawMs,
      ms,
      files,
      expectedFiles: users + 1,
      runStatus: response.json.run.status,
      idleRssMiB: idleMemory.rssMiB,
      peakRssMiB: memory.peakMiB,
      health,
      idleHealth: idle.health,
    };
  } finally {
    await server.stop();
  }
}

/** Issue 4: the raw bulk load and the one-INSERT-per-row loop, on the same table. */
export async function rawLoads(d, { rawLoad, rowLoop, loopUser }) {
  const before = await d.count(`SELECT COUNT(*) FROM inventory_items WHERE user_id = ${rawLoad.userId}`);
  if (before !== 0) throw new Error('The raw-load user already has items');
  const [bulkMs] = await timed(() => d.bulkLoad({ tsv: rawLoad.tsv, rows: rawLoad.rows }));
  const loaded = await d.count(`SELECT COUNT(*) FROM inventory_items WHERE user_id = ${rawLoad.userId}`);
  if (loaded !== rawLoad.rows.length) throw new Error(`The raw bulk load wrote ${loaded} rows, expected ${rawLoad.rows.length}`);
  let [loopMs] = await timed(() => d.rowLoop(rowLoop.rows));
  let loopLabel = "one INSERT per row, autocommit, on the app's database";
  let appDbLoopMs;
  if (d.rowLoopRollbackJournal) {
    // What the goal compares with is the original app's loop: Django's SQLite runs in rollback-journal mode.
    appDbLoopMs = loopMs;
    loopMs = await d.rowLoopRollbackJournal(rowLoop.rows, userRow(loopUser));
    loopLabel = 'one INSERT per row, autocommit, rollback journal (Django default)';
  }
  log(
    `  raw bulk load: ${rawLoad.rows.length} rows in ${(bulkMs / 1000).toFixed(2)} s; row loop: ${rowLoop.rows.length} rows in ${(loopMs / 1000).toFixed(2)} s${appDbLoopMs ? ` (on the app's WAL database: ${(appDbLoopMs / 1000).toFixed(2)} s)` : ''}`,
  );
  return {
    loopLabel,
    appDbLoopRate: appDbLoopMs ? rate(rowLoop.rows.length, appDbLoopMs) : undefined,
    bulkLabel: d.rawBulkLoadLabel,
    bulkRows: rawLoad.rows.length,
    bulkMs,
    bulkRate: rate(rawLoad.rows.length, bulkMs),
    loopRows: rowLoop.rows.length,
    loopMs,
    loopRate: rate(rowLoop.rows.length, loopMs),
  };
}

/** Issue 4: POST /api/inventory/import of a whole file into a new user, on a freshly started server (so its peak RSS is this import's). */
export async function importThroughApi(d, { mediaRoot, file, items, username }) {
  const server = await startServer(d, mediaRoot);
  try {
    const created = await request(server.port, 'POST', '/api/users', { token: server.token, body: { username, password: 'bench-user-password' } });
    if (created.status !== 201) throw new Error(`POST /api/users: ${created.status} ${created.text}`);
    const idle = server.memory();
    const [ms, response] = await timed(() =>
      request(server.port, 'POST', `/api/inventory/import?userId=${created.json.id}&mode=merge`, {
        token: server.token,
        body: { file },
        contentType: 'application/json',
      }),
    );
    if (response.status !== 200) throw new Error(`POST /api/inventory/import: ${response.status} ${response.text.slice(0, 1000)}`);
    if (response.json.created !== items) throw new Error(`The import created ${response.json.created} items, expected ${items}`);
    const memory = server.memory();
    log(`  import ${items}: ${(ms / 1000).toFixed(2)} s (${Math.round(rate(items, ms))} items/s), peak RSS ${memory.peakMiB.toFixed(0)} MiB`);
    return { items, ms, rate: rate(items, ms), fileBytes: (await stat(file)).size, idleRssMiB: idle.rssMiB, peakRssMiB: memory.peakMiB, report: response.json };
  } finally {
    await server.stop();
  }
}

/** Issue 4: full database restore, the raw tool vs `blockshelf restore-backup` (the safety backup timed separately). */
export async function fullRestore(d, { mediaRoot, backupPath, repeat, expectItems }) {
  const raw = [];
  const cli = [];
  const reported = [];
  const check = async (what) => {
    const n = await d.count('SELECT COUNT(*) FROM inventory_items');
    if (n !== expectItems) throw new Error(`After ${what} the database has ${n} items, expected ${expectItems}`);
  };
  for (let i = 0; i < repeat; i++) {
    raw.push((await timed(() => d.rawRestore(backupPath)))[0]);
    await check(d.rawRestoreLabel);
    // The raw restore brought back the dump's app_instances rows, among them this process's in-process app of a
    // moment ago (its pid is alive): the app's own restore forgets them after its swap; here the bench does.
    await d.exec('DELETE FROM app_instances');
    // By file path: the restored catalog predates its own backup row (the dump ran before the row was written).
    const [ms, out] = await timed(() => runCli(d, mediaRoot, ['restore-backup', backupPath, '--yes', '--no-safety-backup']));
    cli.push(ms);
    reported.push(Number(out.match(/Restored .* in ([\d.]+) s/)?.[1]) * 1000);
    await check('restore-backup');
    log(`  restore #${i + 1}: raw ${(raw[i] / 1000).toFixed(2)} s, CLI ${(ms / 1000).toFixed(2)} s (service ${(reported[i] / 1000).toFixed(2)} s)`);
  }
  const [withSafetyMs, out] = await timed(() => runCli(d, mediaRoot, ['restore-backup', backupPath, '--yes']));
  await check('restore-backup with a safety backup');
  const safetyLine = out.match(/Safety backup of the previous database: (.*)/)?.[1];
  log(`  restore with safety backup: ${(withSafetyMs / 1000).toFixed(2)} s (${safetyLine})`);
  return {
    rawLabel: d.rawRestoreLabel,
    rawMs: median(raw),
    cliMs: median(cli),
    serviceMs: median(reported),
    withSafetyMs,
    safetyMs: withSafetyMs - median(cli),
    safetyLine,
    samples: { raw, cli, reported },
  };
}

export { ADMIN, openInProcess, medianOf };
