import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InventoryItem } from './inventory-item.entity.js';

export const INVENTORY_FORMAT = 'blockshelf-inventory';
export const INVENTORY_FORMAT_VERSION = 1;
const BATCH_SIZE = 2000;

export interface ExportOwner {
  id: number;
  username: string;
}

interface RawItem {
  id: number;
  name: string;
  part_id: string;
  color: string;
  quantity_total: number | string;
  quantity_used: number | string;
  storage_location: string;
  image_url: string;
  notes: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const SQLITE_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * SQLite hands back 'YYYY-MM-DD HH:MM:SS[.sss]' text in UTC; the others give Date objects.
 * A well-formed SQLite value is rewritten as text (it is already UTC): parsing it into a
 * Date only to print it again cost more than the rest of the export. Anything unusual
 * takes the Date path, so the output is the same either way.
 */
function isoDate(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
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
function exportedItemJson(row: RawItem): string {
  return (
    `{"name":${JSON.stringify(row.name)},"part_id":${JSON.stringify(row.part_id)},"color":${JSON.stringify(row.color)}` +
    `,"quantity_total":${JSON.stringify(Number(row.quantity_total))},"quantity_used":${JSON.stringify(Number(row.quantity_used))}` +
    `,"storage_location":${JSON.stringify(row.storage_location)},"image_url":${JSON.stringify(row.image_url)},"notes":${JSON.stringify(row.notes)}` +
    `,"created_at":"${isoDate(row.created_at)}","updated_at":"${isoDate(row.updated_at)}"}`
  );
}

const COLUMNS: [keyof InventoryItem, keyof RawItem][] = [
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
@Injectable()
export class InventoryExportService {
  constructor(private readonly dataSource: DataSource) {}

  async *stream(owner: ExportOwner, now: Date = new Date()): AsyncGenerator<string> {
    const runner = this.dataSource.createQueryRunner();
    const type = this.dataSource.options.type;
    // PostgreSQL/MariaDB: one REPEATABLE READ snapshot, so every batch sees the same inventory.
    // SQLite has a single shared connection; a long read transaction there would stall writers.
    const snapshot = type !== 'better-sqlite3';
    try {
      if (snapshot) await runner.startTransaction('REPEATABLE READ');
      const header = {
        format: INVENTORY_FORMAT,
        version: INVENTORY_FORMAT_VERSION,
        exported_at: now.toISOString(),
        user: { id: owner.id, username: owner.username },
      };
      yield JSON.stringify(header).slice(0, -1) + ',"items":[';
      // Ordered by the item's key (part_id, color), which the unique index serves: identical
      // inventories give identical files, whatever order the rows were inserted in.
      let after: { partId: string; color: string } | undefined;
      let count = 0;
      for (;;) {
        // Raw rows, not entities: hydration would cost more than the JSON encoding itself.
        const qb = runner.manager.createQueryBuilder(InventoryItem, 'i');
        COLUMNS.forEach(([property, alias], n) => (n === 0 ? qb.select(`i.${property}`, alias) : qb.addSelect(`i.${property}`, alias)));
        qb.where('i.userId = :userId', { userId: owner.id });
        if (after) qb.andWhere('(i.partId > :partId OR (i.partId = :partId AND i.color > :color))', after);
        const batch = await qb.orderBy('i.partId', 'ASC').addOrderBy('i.color', 'ASC').limit(BATCH_SIZE).getRawMany<RawItem>();
        if (batch.length === 0) break;
        const chunk = batch.map(exportedItemJson).join(',');
        yield (count > 0 ? ',' : '') + chunk;
        count += batch.length;
        // A short page is the last one: no need to ask for an empty one.
        if (batch.length < BATCH_SIZE) break;
        const last = batch[batch.length - 1];
        after = { partId: last.part_id, color: last.color };
        // better-sqlite3 is synchronous: give the event loop a turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // item_count last: it is then always the number of items actually written.
      yield `],"item_count":${count}}`;
      if (snapshot) await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
