import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';

export const INVENTORY_FORMAT = 'blockshelf-inventory';
export const INVENTORY_FORMAT_VERSION = 1;
/**
 * Rows per query of one inventory. 2,000 by default: a page is held while its
 * parts are written, and with 5,000 an all-users run's peak RSS grew by half
 * again (+110 against +56 MiB on SQLite, measured). One backup on its own may
 * ask for 5,000: 10 round trips for 50,000 items instead of 25 (72% against
 * 50% of psql's rate).
 */
export const EXPORT_PAGE_ROWS = 2000;
export const EXPORT_PAGE_ROWS_ALONE = 5000;

export interface ExportOwner {
  id: number;
  username: string;
}

/** An item's exported columns, in ITEM_COLUMNS order (raw driver values). */
type RawItem = [
  name: string,
  partId: string,
  color: string,
  quantityTotal: number | string,
  quantityUsed: number | string,
  storageLocation: string,
  imageUrl: string,
  notes: string,
  createdAt: Date | string,
  updatedAt: Date | string,
];

const SQLITE_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * SQLite hands back 'YYYY-MM-DD HH:MM:SS[.sss]' text in UTC, and so does PostgreSQL
 * when this process runs in UTC (pgTimestampParsers); otherwise the drivers give Date
 * objects. A well-formed value is rewritten as text (it is already UTC): parsing it into
 * a Date only to print it again cost more than the rest of the export. Anything unusual
 * takes the Date path, so the output is the same either way.
 */
export function isoDate(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return plainIso(value) ?? sqliteIso(value);
}

const DIGITS_19 = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const isDigit = (s: string, i: number) => digit(s, i) >= 0 && digit(s, i) <= 9;

/**
 * The common shapes, 'YYYY-MM-DD HH:MM:SS' with no fraction or one of 1 to 6
 * digits, read by character codes: four times faster than the regular
 * expression below, two of them per item (measured). Milliseconds are the
 * fraction's first three digits, as a Date keeps them. Anything else is left
 * to sqliteIso (null).
 */
function plainIso(v: string): string | null {
  const n = v.length;
  if (n !== 19 && (n < 21 || n > 26)) return null;
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== ' ' || v[13] !== ':' || v[16] !== ':' || (n > 19 && v[19] !== '.')) return null;
  for (const i of DIGITS_19) if (!isDigit(v, i)) return null;
  for (let i = 20; i < n; i++) if (!isDigit(v, i)) return null;
  const year = digit(v, 0) * 1000 + digit(v, 1) * 100 + digit(v, 2) * 10 + digit(v, 3);
  const month = digit(v, 5) * 10 + digit(v, 6);
  const day = digit(v, 8) * 10 + digit(v, 9);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > days || digit(v, 11) * 10 + digit(v, 12) > 23 || digit(v, 14) > 5 || digit(v, 17) > 5) return null;
  const ms = n === 19 ? '000' : n >= 23 ? v.slice(20, 23) : v.slice(20).padEnd(3, '0');
  return `${v.slice(0, 10)}T${v.slice(11, 19)}.${ms}Z`;
}

/** Zone names under which a PostgreSQL `timestamp` read as local time is UTC. */
const UTC_ZONES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'Etc/Universal',
  'Etc/Zulu',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'GMT',
  'UCT',
  'Universal',
  'Zulu',
]);

/**
 * pg's type parsers for an export query: `timestamp` columns (oid 1114) as their
 * text when this process runs in UTC, where that text is the UTC time isoDate
 * prints without a Date (pg's own parser and toISOString were 1.6 µs a value,
 * measured); pg's defaults otherwise, and for anything but the plain shape.
 */
export function pgTimestampParsers(pgTypes: PgTypes, zone = Intl.DateTimeFormat().resolvedOptions().timeZone): PgTypes | undefined {
  if (!UTC_ZONES.has(zone)) return undefined;
  const parseDate = pgTypes.getTypeParser(1114, 'text');
  const timestamp = (text: string) => (plainIso(text) === null ? parseDate(text) : text);
  return { getTypeParser: (oid, format) => (oid === 1114 && format !== 'binary' ? timestamp : pgTypes.getTypeParser(oid, format)) };
}

/** The part of pg's `types` an export query uses. */
export interface PgTypes {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

function sqliteIso(value: string): string {
  const m = SQLITE_DATETIME.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    if (month >= 1 && month <= 12 && day >= 1 && day <= days && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60) {
      return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '').padEnd(3, '0')}Z`;
    }
  }
  return new Date(value.includes('T') ? value : value.replace(' ', 'T') + 'Z').toISOString();
}

/** One item as exported: these keys, in this order (the file's bytes depend on it). */
function exportedItem(row: RawItem) {
  return {
    name: row[0],
    part_id: row[1],
    color: row[2],
    quantity_total: Number(row[3]),
    quantity_used: Number(row[4]),
    storage_location: row[5],
    image_url: row[6],
    notes: row[7],
    created_at: isoDate(row[8]),
    updated_at: isoDate(row[9]),
  };
}

/**
 * Items as comma-separated JSON: one JSON.stringify of the run's array (V8's
 * fast path for objects of one shape) was 0.8 µs an item against 1.3 µs for
 * writing each field with its own call (measured, same bytes).
 */
function itemsJson(rows: RawItem[]): string {
  return JSON.stringify(rows.map(exportedItem)).slice(1, -1);
}

/** The columns of an exported item, in the order exportedItem reads them. */
const ITEM_COLUMNS = 'name, part_id, color, quantity_total, quantity_used, storage_location, image_url, notes, created_at, updated_at';

/** One piece of an inventory JSON as it is written: the header, a run of items, or the closing part with item_count. */
export type InventoryJsonPart =
  { kind: 'header'; text: string } | { kind: 'items'; text: string; count: number } | { kind: 'footer'; text: string; count: number };

export function inventoryHeaderJson(owner: ExportOwner, now: Date): string {
  const header = {
    format: INVENTORY_FORMAT,
    version: INVENTORY_FORMAT_VERSION,
    exported_at: now.toISOString(),
    user: { id: owner.id, username: owner.username },
  };
  return JSON.stringify(header).slice(0, -1) + ',"items":[';
}

/** item_count last: it is then always the number of items actually written. */
export function inventoryFooterJson(count: number): string {
  return `],"item_count":${count}}`;
}

/**
 * Items per part. A part's text stays under V8's large-object size (128 KiB,
 * two bytes a character once any is non-ASCII), so it is born and dies in the
 * young generation: a page-sized string went straight to the old one, and the
 * server's RSS grew with the export (measured, docs/benchmarks.md).
 */
const ITEMS_PER_PART = 100;

/** Items as exported JSON parts, comma-separated (no brackets); `after` items come before them in the file. */
export function* itemParts(rows: RawItem[], after: number): Generator<InventoryJsonPart> {
  for (let at = 0; at < rows.length; at += ITEMS_PER_PART) {
    const slice = rows.slice(at, at + ITEMS_PER_PART);
    yield { kind: 'items', text: (after + at > 0 ? ',' : '') + itemsJson(slice), count: slice.length };
  }
}

/**
 * Streams a user's inventory as the inventory JSON, a batch of rows at a time,
 * so memory stays flat whatever the inventory size. The same bytes serve the
 * export endpoint and per-user backups.
 */
@Injectable()
export class InventoryExportService {
  private pgTypesMade?: PgTypes | null;

  constructor(private readonly dataSource: DataSource) {}

  async *stream(owner: ExportOwner, now: Date = new Date()): AsyncGenerator<string> {
    for await (const part of this.parts(owner, now)) yield part.text;
  }

  /** The same bytes as stream(), as parts: what a backup checks while it writes them. */
  async *parts(owner: ExportOwner, now: Date = new Date(), pageRows = EXPORT_PAGE_ROWS): AsyncGenerator<InventoryJsonPart> {
    const runner = this.dataSource.createQueryRunner();
    // PostgreSQL/MariaDB: one REPEATABLE READ snapshot, so every batch sees the same inventory.
    // SQLite has a single shared connection; a long read transaction there would stall writers.
    const snapshot = this.dataSource.options.type !== 'better-sqlite3';
    const p = placeholders(this.dataSource);
    // Plain SQL, raw rows: the query builder and entity hydration cost more than the JSON encoding itself.
    const first = `SELECT ${ITEM_COLUMNS} FROM inventory_items WHERE user_id = ${p(1)} ORDER BY part_id, color LIMIT ${pageRows}`;
    const next =
      `SELECT ${ITEM_COLUMNS} FROM inventory_items WHERE user_id = ${p(1)} AND (part_id > ${p(2)} OR (part_id = ${p(3)} AND color > ${p(4)}))` +
      ` ORDER BY part_id, color LIMIT ${pageRows}`;
    try {
      if (snapshot) await runner.startTransaction('REPEATABLE READ');
      yield { kind: 'header', text: inventoryHeaderJson(owner, now) };
      // Ordered by the item's key (part_id, color), which the unique index serves: identical
      // inventories give identical files, whatever order the rows were inserted in.
      let count = 0;
      let batch = (await this.rows(runner, first, [owner.id])) as RawItem[];
      while (batch.length) {
        yield* itemParts(batch, count);
        count += batch.length;
        // A short page is the last one: no need to ask for an empty one.
        if (batch.length < pageRows) break;
        const last = batch[batch.length - 1];
        // better-sqlite3 is synchronous: give the event loop a turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
        batch = (await this.rows(runner, next, [owner.id, last[1], last[1], last[2]])) as RawItem[];
      }
      yield { kind: 'footer', text: inventoryFooterJson(count), count };
      if (snapshot) await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Rows as arrays in select order, the drivers' own values. On SQLite straight
   * from better-sqlite3's raw mode (a row object per item cost a third of the
   * query), on PostgreSQL from pg's array mode (docs/benchmarks.md).
   */
  private async rows(runner: QueryRunner | undefined, sql: string, params: unknown[]): Promise<unknown[][]> {
    if (this.dataSource.options.type === 'better-sqlite3') {
      const db = (
        this.dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { raw(on: boolean): { all(...p: unknown[]): unknown[][] } } } }
      ).databaseConnection;
      return db
        .prepare(sql)
        .raw(true)
        .all(...params);
    }
    if (this.dataSource.options.type === 'postgres') {
      // pg's array row mode: a row object per item, then an array from it, was most of what an export kept alive.
      const own = runner ? undefined : this.dataSource.createQueryRunner();
      try {
        const client = (await (runner ?? own)!.connect()) as {
          query(q: { text: string; values: unknown[]; rowMode: 'array'; types?: PgTypes }): Promise<{ rows: unknown[][] }>;
        };
        return (await client.query({ text: sql, values: params, rowMode: 'array', types: this.pgTypes() })).rows;
      } finally {
        await own?.release();
      }
    }
    const objects = (await (runner ?? this.dataSource).query(sql, params)) as Array<Record<string, unknown>>;
    return objects.map((row) => Object.values(row));
  }

  /** pgTimestampParsers for this connection's pg module, made once. */
  private pgTypes(): PgTypes | undefined {
    if (this.pgTypesMade === undefined) {
      this.pgTypesMade = pgTimestampParsers((this.dataSource.driver as unknown as { postgres: { types: PgTypes } }).postgres.types) ?? null;
    }
    return this.pgTypesMade ?? undefined;
  }

  /** Items per user, for the users given (users without items are left out). One query. */
  async itemCounts(userIds: number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    if (!userIds.length) return counts;
    const p = placeholders(this.dataSource);
    const rows = (await this.dataSource.query(
      `SELECT user_id, COUNT(*) AS n FROM inventory_items WHERE user_id IN (${userIds.map((_, i) => p(i + 1)).join(', ')}) GROUP BY user_id`,
      userIds,
    )) as Array<{ user_id: number | string; n: number | string }>;
    for (const row of rows) counts.set(Number(row.user_id), Number(row.n));
    return counts;
  }

  /**
   * The whole inventory JSON of several users from one query (one snapshot on
   * every dialect): for many small inventories, where a query per user would
   * cost more than the rows. Keep the total small; large inventories go through parts().
   */
  async many(owners: ExportOwner[], now: Date = new Date()): Promise<Map<number, { parts: InventoryJsonPart[] }>> {
    const p = placeholders(this.dataSource);
    const rows = await this.rows(
      undefined,
      `SELECT ${ITEM_COLUMNS}, user_id FROM inventory_items WHERE user_id IN (${owners.map((_, i) => p(i + 1)).join(', ')}) ORDER BY user_id, part_id, color`,
      owners.map((o) => o.id),
    );
    // Rows come grouped by user (user_id is the last column): cut them into one document per user.
    const itemsOf = new Map<number, RawItem[]>(owners.map((o) => [o.id, []]));
    for (const row of rows) itemsOf.get(Number(row[10]))?.push(row as unknown as RawItem);
    return new Map(owners.map((owner) => [owner.id, { parts: documentParts(owner, now, itemsOf.get(owner.id)!) }]));
  }
}

function documentParts(owner: ExportOwner, now: Date, items: RawItem[]): InventoryJsonPart[] {
  const parts: InventoryJsonPart[] = [{ kind: 'header', text: inventoryHeaderJson(owner, now) }];
  parts.push(...itemParts(items, 0));
  parts.push({ kind: 'footer', text: inventoryFooterJson(items.length), count: items.length });
  return parts;
}

/** The n-th bind parameter in the dialect's syntax. */
function placeholders(dataSource: DataSource): (n: number) => string {
  return dataSource.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}
