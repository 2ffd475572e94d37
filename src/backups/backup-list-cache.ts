import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../scheduling/clock.js';

/** How long a page may be served again at most: `pinned` depends on the time (a pin with an end date lapses). */
const MAX_AGE_MS = 1000;
/** Pages kept (viewers × filters × pages); the oldest goes first. */
const MAX_PAGES = 200;

interface SqliteConnection {
  prepare(sql: string): { pluck(): { get(): unknown } };
}

/**
 * Pages of GET /api/backups served again while the database has not changed
 * (measured: the page's three queries, their hydration and the DTOs were most
 * of a listing request). SQLite only, where two counters tell for certain:
 * `PRAGMA data_version` moves when another connection (the CLI, another
 * instance) commits, `total_changes()` when this one writes. Any write, to
 * any table, makes every page stale. Other dialects are not cached.
 */
@Injectable()
export class BackupListCache<T = unknown> {
  private readonly pages = new Map<string, { version: string; at: number; page: T }>();
  private readonly versionQuery?: { get(): unknown };

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    if (dataSource.options.type !== 'better-sqlite3') return;
    const db = (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    this.versionQuery = db.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()").pluck();
  }

  /** The page under `key` if nothing changed since it was built, else a new one from `build`. */
  async get(key: string, build: () => Promise<T>): Promise<T> {
    if (!this.versionQuery) return build();
    // Read before the page is built: a write while it is built leaves it under the older version, so it is not reused.
    const version = String(this.versionQuery.get());
    const now = this.clock.now().getTime();
    const cached = this.pages.get(key);
    if (cached && cached.version === version && now - cached.at < MAX_AGE_MS) return cached.page;
    const page = await build();
    this.pages.delete(key);
    this.pages.set(key, { version, at: now, page });
    if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }
}

/** A response body as sent, with its ETag (Express's weak form), so a cached page is neither serialised nor hashed again. */
export interface JsonBody {
  text: string;
  etag: string;
}

export function jsonBody(value: unknown): JsonBody {
  const text = JSON.stringify(value);
  const hash = createHash('sha1').update(text).digest('base64').slice(0, 27);
  return { text, etag: `W/"${Buffer.byteLength(text).toString(16)}-${hash}"` };
}
