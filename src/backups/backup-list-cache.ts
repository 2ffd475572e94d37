import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';

/** How long a page may be served again at most: `pinned` depends on the time (a pin with an end date lapses). */
const MAX_AGE_MS = 1000;
/** Characters of page text kept at most (viewers × filters × pages; JSON here is mostly ASCII: about 8 MiB); the oldest page goes first. */
const MAX_CHARS = 8 << 20;

interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): { pluck(): { get(): unknown } };
}

/** A response body as sent, with its ETag (Express's weak form), so a cached page is neither serialised nor hashed again. */
export interface JsonBody {
  text: string;
  etag: string;
}

/**
 * Pages of GET /api/backups served again while the database has not changed
 * (measured: the page's three queries, their hydration and the DTOs were most
 * of a listing request). SQLite only, where two counters tell for certain:
 * `PRAGMA data_version` moves when another connection (the CLI, another
 * instance) commits, `total_changes()` when this one writes. Any write, to
 * any table, makes every page stale. Other dialects are not cached, nor
 * pages read while this connection is inside a transaction (what they see
 * may yet be rolled back, which total_changes() does not undo).
 */
@Injectable()
export class BackupListCache {
  private readonly pages = new Map<string, { version: string; at: number; page: JsonBody }>();
  private chars = 0;
  private readonly db?: SqliteConnection;
  private readonly versionQuery?: { get(): unknown };

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    if (dataSource.options.type !== 'better-sqlite3') return;
    this.db = (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    this.versionQuery = this.db.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()").pluck();
  }

  /** The page under `key` if nothing changed since it was built, else a new one from `build`, given the time it is built at. */
  async get(key: string, build: (now: Date) => Promise<JsonBody>): Promise<JsonBody> {
    const now = this.clock.now();
    if (!this.versionQuery || this.db!.inTransaction) return build(now);
    // Read before the page is built: a write while it is built leaves it under the older version, so it is not reused.
    const version = String(this.versionQuery.get());
    const cached = this.pages.get(key);
    if (cached && cached.version === version && now.getTime() - cached.at < MAX_AGE_MS) return cached.page;
    const page = await build(now);
    this.drop(key);
    if (this.db!.inTransaction || page.text.length > MAX_CHARS) return page;
    // Pages older than MAX_AGE_MS are never served: they go, then the oldest while over MAX_CHARS.
    for (const [old, entry] of this.pages) if (now.getTime() - entry.at >= MAX_AGE_MS) this.drop(old);
    while (this.chars + page.text.length > MAX_CHARS && this.pages.size) this.drop(this.pages.keys().next().value!);
    this.pages.set(key, { version, at: now.getTime(), page });
    this.chars += page.text.length;
    return page;
  }

  /** Pages kept and their characters: for tests. */
  get size(): { pages: number; chars: number } {
    return { pages: this.pages.size, chars: this.chars };
  }

  private drop(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.chars -= entry.page.text.length;
    this.pages.delete(key);
  }
}

export function jsonBody(value: unknown): JsonBody {
  const text = JSON.stringify(value);
  const hash = createHash('sha1').update(text).digest('base64').slice(0, 27);
  return { text, etag: `W/"${Buffer.byteLength(text).toString(16)}-${hash}"` };
}
