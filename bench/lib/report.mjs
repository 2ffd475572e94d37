// Turns the measured figures into the markdown tables of docs/benchmarks.md.
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ms1 = (ms) => `${ms.toFixed(1)} ms`;
const k = (perSecond) => `${(perSecond / 1000).toFixed(1)}k/s`;
const x = (ratio) => `${ratio.toFixed(2)}×`;
const mib = (v) => `${v.toFixed(0)} MiB`;
const met = (ok) => (ok ? 'met' : '**not met**');

function table(header, rows) {
  // A | inside a cell (a shell pipeline) would split it.
  const cells = (r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [cells(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(cells)].join('\n');
}

/** Evaluates every goal; returns { markdown, goals: [{ dialect, goal, ok }] }. */
export function render(results) {
  const runs = results.dialects.filter((r) => !r.skipped && !r.error);
  const goals = [];
  const goal = (dialect, name, ok) => {
    goals.push({ dialect, goal: name, ok });
    return met(ok);
  };
  const out = [];

  const full = runs.filter((r) => r.fullDb);
  if (full.length) {
    out.push(
      '### Full database backup (issues 3, 15): ≤ 1.10× the raw command (SQLite, dump + digest: ≤ 1.30× `sqlite3 .backup`), verification reported separately',
    );
    out.push(
      table(
        [
          'dialect',
          'raw command',
          'raw',
          'ours: dump',
          'digest alone',
          'ours: createFullDb − verify (the digest runs on another thread during verify)',
          'dump + digest, one after the other',
          'ratio',
          'goal',
          '',
          'verify (separate)',
          'createFullDb total',
          'size raw / ours',
        ],
        full.map(({ dialect, fullDb: f }) => {
          const ours = f.createFullDbMs - f.verifyMs;
          return [
            dialect,
            `\`${f.rawLabel}\``,
            s(f.rawMs),
            `${s(f.dumpMs)} (${x(f.dumpMs / f.rawMs)})`,
            f.digestMs === undefined ? '—' : s(f.digestMs),
            s(ours),
            f.digestMs === undefined ? '—' : `${s(f.dumpMs + f.digestMs)} (${x((f.dumpMs + f.digestMs) / f.rawMs)})`,
            x(ours / f.rawMs),
            dialect === 'SQLite' ? '≤ 1.30×' : '≤ 1.10×',
            goal(
              dialect,
              dialect === 'SQLite' ? 'full-db backup ≤ 1.30× sqlite3 .backup' : 'full-db backup ≤ 1.10× raw',
              ours / f.rawMs <= (dialect === 'SQLite' ? 1.3 : 1.1),
            ),
            s(f.verifyMs),
            s(f.createFullDbMs),
            `${(f.rawBytes / 2 ** 20).toFixed(0)} / ${(f.ourBytes / 2 ** 20).toFixed(0)} MiB`,
          ];
        }),
      ),
    );
  }

  const user = runs.filter((r) => r.userBackup);
  if (user.length) {
    out.push(`### One user's inventory backup (issue 3): ≥ 50% of the raw JSON export rate`);
    out.push(
      table(
        [
          'dialect',
          'items',
          'raw export',
          'raw',
          'ours: createUserBackup (export + verify + record)',
          'ratio',
          'goal',
          '',
          'ours: export alone',
          'verify alone',
        ],
        user.map(({ dialect, userBackup: u }) => [
          dialect,
          u.items.toLocaleString('en'),
          `\`${u.rawLabel}\``,
          `${k(u.rawRate)} (${s(u.rawMs)})`,
          `${k(u.backupRate)} (${s(u.backupMs)})`,
          `${(100 * (u.backupRate / u.rawRate)).toFixed(0)}%`,
          '≥ 50%',
          goal(dialect, 'user backup ≥ 50% of raw export rate', u.backupRate / u.rawRate >= 0.5),
          `${k(u.exportRate)} (${(100 * (u.exportRate / u.rawRate)).toFixed(0)}%)`,
          s(u.verifyMs),
        ]),
      ),
    );
  }

  const all = runs.filter((r) => r.allUsers);
  if (all.length) {
    out.push(
      `### All-users backup through the server (issues 3, 15), ${results.settings.users.toLocaleString('en-US')} users / ${results.settings.items.toLocaleString('en-US')} items: ≤ 2× the raw export, peak RSS ≤ idle + 30 MB, GET /health p99 ≤ 100 ms`,
    );
    out.push(
      table(
        [
          'dialect',
          'files',
          'raw export of all items',
          'ours: POST /api/backups/all-users',
          'ratio',
          'goal ≤ 2×',
          'server peak RSS (VmHWM)',
          'growth over idle',
          'goal ≤ +30 MB',
          '/health p99, corrected for coordinated omission (p50; slowest; requests)',
          'goal ≤ 100 ms',
          'idle: RSS, /health p99',
        ],
        all.map(({ dialect, allUsers: a }) => [
          dialect,
          `${a.files}`,
          s(a.rawMs),
          s(a.ms),
          x(a.ms / a.rawMs),
          goal(dialect, 'all-users ≤ 2× raw', a.ms / a.rawMs <= 2),
          mib(a.peakRssMiB),
          `+${mib(a.peakRssMiB - a.idleRssMiB)}`,
          goal(dialect, 'all-users peak RSS ≤ idle + 30 MB', (a.peakRssMiB - a.idleRssMiB) * 2 ** 20 <= 30e6),
          `${ms1(a.health.p99)} (${ms1(a.health.p50)}; ${ms1(a.health.max)}; ${a.health.samples}${a.health.failures ? `, ${a.health.failures} failed` : ''})`,
          goal(dialect, 'health p99 ≤ 100 ms during all-users', a.health.p99 <= 100 && a.health.failures === 0),
          `${mib(a.idleRssMiB)}, ${ms1(a.idleHealth.p99)}`,
        ]),
      ),
    );
  }

  const imp = runs.filter((r) => r.import);
  if (imp.length) {
    out.push('### Import through POST /api/inventory/import (issue 4): ≥ 50% of the raw bulk load, ≥ 20× the row-per-INSERT loop');
    out.push(
      table(
        ['dialect', 'raw bulk load', 'raw rate', 'row loop (autocommit)', 'ours: import', 'vs bulk', 'goal ≥ 50%', '', 'vs row loop', 'goal ≥ 20×', ''],
        imp.map(({ dialect, import: i }) => {
          const big = i.large;
          return [
            dialect,
            `${i.raw.bulkLabel}, ${i.raw.bulkRows.toLocaleString('en')} rows`,
            k(i.raw.bulkRate),
            `${k(i.raw.loopRate)} (${i.raw.loopRows.toLocaleString('en')} rows${i.raw.appDbLoopRate ? `, rollback journal; on the app's WAL database ${k(i.raw.appDbLoopRate)}` : ''})`,
            `${k(big.rate)} (${big.items.toLocaleString('en')} items, ${s(big.ms)})`,
            `${(100 * (big.rate / i.raw.bulkRate)).toFixed(0)}%`,
            '≥ 50%',
            goal(dialect, 'import ≥ 50% of raw bulk load', big.rate / i.raw.bulkRate >= 0.5),
            x(big.rate / i.raw.loopRate),
            '≥ 20×',
            goal(dialect, 'import ≥ 20× row loop', big.rate / i.raw.loopRate >= 20),
          ];
        }),
      ),
    );
    out.push('### Server memory during the import (issue 4): peak RSS ≤ 250 MB, flat between 10k and 100k items');
    out.push(
      table(
        ['dialect', 'idle RSS after boot', 'peak RSS, small import', 'peak RSS, large import', 'growth', 'goal ≤ 250 MB', '', 'flat (growth < 32 MiB)', ''],
        imp.map(({ dialect, import: i }) => {
          const growth = i.large.peakRssMiB - i.small.peakRssMiB;
          return [
            dialect,
            mib(i.large.idleRssMiB),
            `${mib(i.small.peakRssMiB)} (${i.small.items.toLocaleString('en')} items)`,
            `${mib(i.large.peakRssMiB)} (${i.large.items.toLocaleString('en')} items, ${(i.large.fileBytes / 2 ** 20).toFixed(0)} MiB file)`,
            `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB`,
            '≤ 250 MB',
            goal(dialect, 'import peak RSS ≤ 250 MB', i.large.peakRssMiB * 2 ** 20 <= 250e6),
            'growth < 32 MiB',
            goal(dialect, 'import memory flat 10k → 100k', growth < 32),
          ];
        }),
      ),
    );
  }

  const restore = runs.filter((r) => r.restore);
  if (restore.length) {
    out.push('### Full database restore (issue 4): ≤ 1.10× the raw tool, the safety backup reported separately');
    out.push(
      table(
        [
          'dialect',
          'raw tool',
          'raw',
          'ours: `blockshelf restore-backup --yes --no-safety-backup` (whole CLI process)',
          'ratio',
          'goal',
          '',
          'inside the CLI: FullRestoreService.restore',
          'safety backup (separate)',
        ],
        restore.map(({ dialect, restore: r }) => [
          dialect,
          `\`${r.rawLabel}\``,
          s(r.rawMs),
          s(r.cliMs),
          x(r.cliMs / r.rawMs),
          '≤ 1.10×',
          goal(dialect, 'full-db restore ≤ 1.10× raw', r.cliMs / r.rawMs <= 1.1),
          `${s(r.serviceMs)} (${x(r.serviceMs / r.rawMs)})`,
          `+${s(r.safetyMs)}`,
        ]),
      ),
    );
  }

  const failed = results.dialects.filter((r) => r.skipped || r.error);
  for (const f of failed) out.push(`- **${f.dialect}**: ${f.skipped ? `skipped (${f.skipped})` : `failed: ${f.error}`}`);
  return { markdown: out.join('\n\n') + '\n', goals };
}
