import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Clock } from '../scheduling/clock.js';
import { BackupListCache } from './backup-list-cache.js';

describe('BackupListCache: a page again only while the database has not changed', () => {
  let dir: string;
  let app: Database.Database;
  let other: Database.Database;
  let now: number;
  const clock = { now: () => new Date(now) } as Clock;
  let builds: number;
  const build = async () => ({ page: ++builds });

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
    expect(await cache.get('a', build)).toEqual({ page: 1 });
    expect(await cache.get('a', build)).toEqual({ page: 1 });
    expect(await cache.get('b', build)).toEqual({ page: 2 });
    expect(builds).toBe(2);
  });

  it('builds again after a write by this connection, by another connection, and after a second', async () => {
    const cache = sqliteCache();
    await cache.get('a', build);
    app.prepare("INSERT INTO backups (label) VALUES ('mine')").run();
    expect(await cache.get('a', build)).toEqual({ page: 2 });
    other.prepare("UPDATE backups SET label = 'theirs'").run();
    expect(await cache.get('a', build)).toEqual({ page: 3 });
    expect(await cache.get('a', build)).toEqual({ page: 3 });
    now += 1000;
    expect(await cache.get('a', build)).toEqual({ page: 4 });
  });

  it('keeps a page built while a write happened under the older version, so it is not served again', async () => {
    const cache = sqliteCache();
    await cache.get('a', async () => {
      other.prepare("INSERT INTO backups (label) VALUES ('during')").run();
      return build();
    });
    expect(await cache.get('a', build)).toEqual({ page: 2 });
  });

  it('caches nothing on the other dialects', async () => {
    const cache = new BackupListCache({ options: { type: 'postgres' } } as unknown as DataSource, clock);
    await cache.get('a', build);
    await cache.get('a', build);
    expect(builds).toBe(2);
  });
});
