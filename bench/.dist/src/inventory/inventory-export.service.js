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
import { InventoryItem } from './inventory-item.entity.js';
export const INVENTORY_FORMAT = 'blockshelf-inventory';
export const INVENTORY_FORMAT_VERSION = 1;
const BATCH_SIZE = 2000;
/** SQLite hands back 'YYYY-MM-DD HH:MM:SS[.sss]' text in UTC; the others give Date objects. */
function isoDate(value) {
    if (value instanceof Date)
        return value.toISOString();
    return new Date(value.includes('T') ? value : value.replace(' ', 'T') + 'Z').toISOString();
}
function exportedItem(row) {
    return {
        name: row.name,
        part_id: row.part_id,
        color: row.color,
        quantity_total: Number(row.quantity_total),
        quantity_used: Number(row.quantity_used),
        storage_location: row.storage_location,
        image_url: row.image_url,
        notes: row.notes,
        created_at: isoDate(row.created_at),
        updated_at: isoDate(row.updated_at),
    };
}
const COLUMNS = [
    ['id', 'id'],
    ['name', 'name'],
    ['partId', 'part_id'],
    ['color', 'color'],
    ['quantityTotal', 'quantity_total'],
    ['quantityUsed', 'quantity_used'],
    ['storageLocation', 'storage_location'],
    ['imageUrl', 'image_url'],
    ['notes', 'notes'],
    ['createdAt', 'created_at'],
    ['updatedAt', 'updated_at'],
];
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
        const runner = this.dataSource.createQueryRunner();
        const type = this.dataSource.options.type;
        // PostgreSQL/MariaDB: one REPEATABLE READ snapshot, so every batch sees the same inventory.
        // SQLite has a single shared connection; a long read transaction there would stall writers.
        const snapshot = type !== 'better-sqlite3';
        try {
            if (snapshot)
                await runner.startTransaction('REPEATABLE READ');
            const header = { format: INVENTORY_FORMAT, version: INVENTORY_FORMAT_VERSION, exported_at: now.toISOString(), user: { id: owner.id, username: owner.username } };
            yield JSON.stringify(header).slice(0, -1) + ',"items":[';
            // Ordered by the item's key (part_id, color), which the unique index serves: identical
            // inventories give identical files, whatever order the rows were inserted in.
            let after;
            let count = 0;
            for (;;) {
                // Raw rows, not entities: hydration would cost more than the JSON encoding itself.
                const qb = runner.manager.createQueryBuilder(InventoryItem, 'i');
                COLUMNS.forEach(([property, alias], n) => (n === 0 ? qb.select(`i.${property}`, alias) : qb.addSelect(`i.${property}`, alias)));
                qb.where('i.userId = :userId', { userId: owner.id });
                if (after)
                    qb.andWhere('(i.partId > :partId OR (i.partId = :partId AND i.color > :color))', after);
                const batch = await qb.orderBy('i.partId', 'ASC').addOrderBy('i.color', 'ASC').limit(BATCH_SIZE).getRawMany();
                if (batch.length === 0)
                    break;
                const chunk = batch.map((item) => JSON.stringify(exportedItem(item))).join(',');
                yield (count > 0 ? ',' : '') + chunk;
                count += batch.length;
                const last = batch[batch.length - 1];
                after = { partId: last.part_id, color: last.color };
                // better-sqlite3 is synchronous: give the event loop a turn between batches.
                await new Promise((resolve) => setImmediate(resolve));
            }
            // item_count last: it is then always the number of items actually written.
            yield `],"item_count":${count}}`;
            if (snapshot)
                await runner.commitTransaction();
        }
        finally {
            if (runner.isTransactionActive)
                await runner.rollbackTransaction().catch(() => undefined);
            await runner.release();
        }
    }
};
InventoryExportService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [DataSource])
], InventoryExportService);
export { InventoryExportService };
//# sourceMappingURL=inventory-export.service.js.map