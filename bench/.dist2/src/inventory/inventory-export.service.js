var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
export const INVENTORY_FORMAT = 'blockshelf-inventory';
export const INVENTORY_FORMAT_VERSION = 1;
const BATCH_SIZE = 2000;
const SQLITE_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/**
 * SQLite hands back 'YYYY-MM-DD HH:MM:SS[.sss]' text in UTC; the others give Date objects.
 * A well-formed SQLite value is rewritten as text (it is already UTC): parsing it into a
 * Date only to print it again cost more than the rest of the export. Anything unusual
 * takes the Date path, so the output is the same either way.
 */
function isoDate(value) {
    if (value instanceof Date)
        return value.toISOString();
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
/**
 * One item as JSON text, written field by field: the same bytes as
 * JSON.stringify of the exported object (same keys, same order), without
 * building that object first.
 */
function exportedItemJson(row) {
    return (`{"name":${JSON.stringify(row[0])},"part_id":${JSON.stringify(row[1])},"color":${JSON.stringify(row[2])}` +
        `,"quantity_total":${JSON.stringify(Number(row[3]))},"quantity_used":${JSON.stringify(Number(row[4]))}` +
        `,"storage_location":${JSON.stringify(row[5])},"image_url":${JSON.stringify(row[6])},"notes":${JSON.stringify(row[7])}` +
        `,"created_at":"${isoDate(row[8])}","updated_at":"${isoDate(row[9])}"}`);
}
/** The columns of an exported item, in the order exportedItemJson reads them. */
const ITEM_COLUMNS = 'name, part_id, color, quantity_total, quantity_used, storage_location, image_url, notes, created_at, updated_at';
export function inventoryHeaderJson(owner, now) {
    const header = {
        format: INVENTORY_FORMAT,
        version: INVENTORY_FORMAT_VERSION,
        exported_at: now.toISOString(),
        user: { id: owner.id, username: owner.username },
    };
    return JSON.stringify(header).slice(0, -1) + ',"items":[';
}
/** item_count last: it is then always the number of items actually written. */
export function inventoryFooterJson(count) {
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
export function* itemParts(rows, after) {
    for (let at = 0; at < rows.length; at += ITEMS_PER_PART) {
        const slice = rows.slice(at, at + ITEMS_PER_PART);
        yield { kind: 'items', text: (after + at > 0 ? ',' : '') + slice.map(exportedItemJson).join(','), count: slice.length };
    }
}
/**
 * Streams a user's inventory as the inventory JSON, a batch of rows at a time,
 * so memory stays flat whatever the inventory size. The same bytes serve the
 * export endpoint and per-user backups.
 */
let InventoryExportService = class InventoryExportService {
    dataSource;
    constructor(dataSource) {
        this.dataSource = dataSource;
    }
    async *stream(owner, now = new Date()) {
        for await (const part of this.parts(owner, now))
            yield part.text;
    }
    /** The same bytes as stream(), as parts: what a backup checks while it writes them. */
    async *parts(owner, now = new Date()) {
        const runner = this.dataSource.createQueryRunner();
        // PostgreSQL/MariaDB: one REPEATABLE READ snapshot, so every batch sees the same inventory.
        // SQLite has a single shared connection; a long read transaction there would stall writers.
        const snapshot = this.dataSource.options.type !== 'better-sqlite3';
        const p = placeholders(this.dataSource);
        // Plain SQL, raw rows: the query builder and entity hydration cost more than the JSON encoding itself.
        const first = `SELECT ${ITEM_COLUMNS} FROM inventory_items WHERE user_id = ${p(1)} ORDER BY part_id, color LIMIT ${BATCH_SIZE}`;
        const next = `SELECT ${ITEM_COLUMNS} FROM inventory_items WHERE user_id = ${p(1)} AND (part_id > ${p(2)} OR (part_id = ${p(3)} AND color > ${p(4)}))` +
            ` ORDER BY part_id, color LIMIT ${BATCH_SIZE}`;
        try {
            if (snapshot)
                await runner.startTransaction('REPEATABLE READ');
            yield { kind: 'header', text: inventoryHeaderJson(owner, now) };
            // Ordered by the item's key (part_id, color), which the unique index serves: identical
            // inventories give identical files, whatever order the rows were inserted in.
            let count = 0;
            let batch = (await this.rows(runner, first, [owner.id]));
            while (batch.length) {
                yield* itemParts(batch, count);
                count += batch.length;
                // A short page is the last one: no need to ask for an empty one.
                if (batch.length < BATCH_SIZE)
                    break;
                const last = batch[batch.length - 1];
                // better-sqlite3 is synchronous: give the event loop a turn between batches.
                await new Promise((resolve) => setImmediate(resolve));
                batch = (await this.rows(runner, next, [owner.id, last[1], last[1], last[2]]));
            }
            yield { kind: 'footer', text: inventoryFooterJson(count), count };
            if (snapshot)
                await runner.commitTransaction();
        }
        finally {
            if (runner.isTransactionActive)
                await runner.rollbackTransaction().catch(() => undefined);
            await runner.release();
        }
    }
    /**
     * Rows as arrays in select order, the drivers' own values. On SQLite straight
     * from better-sqlite3's raw mode (a row object per item cost a third of the
     * query), on PostgreSQL from pg's array mode (docs/benchmarks.md).
     */
    async rows(runner, sql, params) {
        if (this.dataSource.options.type === 'better-sqlite3') {
            const db = this.dataSource.driver.databaseConnection;
            return db
                .prepare(sql)
                .raw(true)
                .all(...params);
        }
        if (this.dataSource.options.type === 'postgres') {
            // pg's array row mode: a row object per item, then an array from it, was most of what an export kept alive.
            const own = runner ? undefined : this.dataSource.createQueryRunner();
            try {
                const client = (await (runner ?? own).connect());
                return (await client.query({ text: sql, values: params, rowMode: 'array' })).rows;
            }
            finally {
                await own?.release();
            }
        }
        const objects = (await (runner ?? this.dataSource).query(sql, params));
        return objects.map((row) => Object.values(row));
    }
    /** Items per user, for the users given (users without items are left out). One query. */
    async itemCounts(userIds) {
        const counts = new Map();
        if (!userIds.length)
            return counts;
        const p = placeholders(this.dataSource);
        const rows = (await this.dataSource.query(`SELECT user_id, COUNT(*) AS n FROM inventory_items WHERE user_id IN (${userIds.map((_, i) => p(i + 1)).join(', ')}) GROUP BY user_id`, userIds));
        for (const row of rows)
            counts.set(Number(row.user_id), Number(row.n));
        return counts;
    }
    /**
     * The whole inventory JSON of several users from one query (one snapshot on
     * every dialect): for many small inventories, where a query per user would
     * cost more than the rows. Keep the total small; large inventories go through parts().
     */
    async many(owners, now = new Date()) {
        const p = placeholders(this.dataSource);
        const rows = await this.rows(undefined, `SELECT ${ITEM_COLUMNS}, user_id FROM inventory_items WHERE user_id IN (${owners.map((_, i) => p(i + 1)).join(', ')}) ORDER BY user_id, part_id, color`, owners.map((o) => o.id));
        // Rows come grouped by user (user_id is the last column): cut them into one document per user.
        const itemsOf = new Map(owners.map((o) => [o.id, []]));
        for (const row of rows)
            itemsOf.get(Number(row[10]))?.push(row);
        return new Map(owners.map((owner) => [owner.id, { parts: documentParts(owner, now, itemsOf.get(owner.id)) }]));
    }
};
InventoryExportService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [DataSource])
], InventoryExportService);
export { InventoryExportService };
function documentParts(owner, now, items) {
    const parts = [{ kind: 'header', text: inventoryHeaderJson(owner, now) }];
    parts.push(...itemParts(items, 0));
    parts.push({ kind: 'footer', text: inventoryFooterJson(items.length), count: items.length });
    return parts;
}
/** The n-th bind parameter in the dialect's syntax. */
function placeholders(dataSource) {
    return dataSource.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}
//# sourceMappingURL=inventory-export.service.js.map