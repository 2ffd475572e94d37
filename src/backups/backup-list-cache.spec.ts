import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { BackupListCache, jsonBody } from './backup-list-cache.js';

describe('BackupListCache: a page again only while the database has not changed', () => {
  let dir: string;
  let app: Database.Database;
  let other: Database.Database;
  let now: number;
  const clock = { now: () => new Date(now) } as Clock;
  let builds: number;
  const build = async () => jsonBody({ page: ++builds });
  /** The page number of what the cache serves under `key`. */
  const served = async (cache: BackupListCache, key: string, from = build) => (JSON.parse((await cache.get(key, from)).text) as { page: number }).page;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'list-cache-'));
    app = new Database(join(dir, 'db.sqlite3'));
    app.pragma('journal_mode = WAL');
    app.exec('CREATE TABLE backups (id INTEGER PRIMARY KEY, label TEXT)');
    other = new Database(join(dir, 'db.sqlite3'));
    now = Date.UTC(2026, 11, 2);
    builds = 0;
  });
  afterEach(() => {
    app.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const sqliteCache = () => new BackupListCache({ options: { type: 'better-sqlite3' }, driver: { databaseConnection: app } } as unknown as DataSource, clock);

  it('serves the same page while nothing changed, per key', async () => {
    const cache = sqliteCache();
    expect(await served(cache, 'a')).toBe(1);
    expect(await served(cache, 'a')).toBe(1);
    expect(await served(cache, 'b')).toBe(2);
    expect(builds).toBe(2);
  });

  it('builds again after a write by this connection, by another connection, and after a second', async () => {
    const cache = sqliteCache();
    await cache.get('a', build);
    app.prepare("INSERT INTO backups (label) VALUES ('mine')").run();
    expect(await served(cache, 'a')).toBe(2);
    other.prepare("UPDATE backups SET label = 'theirs'").run();
    expect(await served(cache, 'a')).toBe(3);
    expect(await served(cache, 'a')).toBe(3);
    now += 1000;
    expect(await served(cache, 'a')).toBe(4);
  });

  it('keeps a page built while a write happened under the older version, so it is not served again', async () => {
    const cache = sqliteCache();
    await cache.get('a', async () => {
      other.prepare("INSERT INTO backups (label) VALUES ('during')").run();
      return build();
    });
    expect(await served(cache, 'a')).toBe(2);
  });

  it('caches nothing read inside a transaction of its connection: after a rollback, the page is as before it', async () => {
    const cache = sqliteCache();
    const rows = async () => jsonBody({ page: app.prepare('SELECT count(*) FROM backups').pluck().get() as number });
    expect(await served(cache, 'a', rows)).toBe(0);
    app.exec('BEGIN');
    app.prepare("INSERT INTO backups (label) VALUES ('undone')").run();
    expect(await served(cache, 'a', rows)).toBe(1);
    app.exec('ROLLBACK');
    expect(await served(cache, 'a', rows)).toBe(0);
  });

  it('builds a page at the time of its clock (a pin that has ended shows so)', async () => {
    const cache = sqliteCache();
    let builtAt: Date | undefined;
    await cache.get('t', async (at) => ((builtAt = at), build()));
    expect(builtAt).toEqual(new Date(now));
  });

  it('keeps at most 8 Mi characters of pages, the oldest out first, none larger than that, and no expired one', async () => {
    const cache = sqliteCache();
    const page = (label: string, chars: number) => async () => ({ text: label.padEnd(chars, ' '), etag: label });
    const served = async (key: string, label: string, chars = 3 << 20) => (await cache.get(key, page(label, chars))).etag;
    for (const key of ['a', 'b', 'c']) await served(key, `${key}1`);
    expect(cache.size).toEqual({ pages: 2, chars: 6 << 20 });
    expect([await served('b', 'b2'), await served('c', 'c2')]).toEqual(['b1', 'c1']); // kept
    expect(await served('a', 'a2')).toBe('a2'); // went first: built again (and b, the oldest now, makes room)
    expect(await served('huge', 'h1', 9 << 20)).toBe('h1');
    expect(cache.size.pages).toBe(2); // a page over the cap is served, not kept, and evicts nothing
    now += 1000;
    await served('d', 'd1', 10);
    expect(cache.size).toEqual({ pages: 1, chars: 10 }); // the expired ones went
  });

  it('caches nothing on the other dialects', async () => {
    const cache = new BackupListCache({ options: { type: 'postgres' } } as unknown as DataSource, clock);
    await cache.get('a', build);
    await cache.get('a', build);
    expect(builds).toBe(2);
  });
});
