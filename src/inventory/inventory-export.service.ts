import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InventoryItem } from './inventory-item.entity.js';

export const INVENTORY_FORMAT = 'blockshelf-inventory';
export const INVENTORY_FORMAT_VERSION = 1;
const BATCH_SIZE = 1000;

export interface ExportOwner {
  id: number;
  username: string;
}

function exportedItem(item: InventoryItem) {
  return {
    name: item.name,
    part_id: item.partId,
    color: item.color,
    quantity_total: item.quantityTotal,
    quantity_used: item.quantityUsed,
    storage_location: item.storageLocation,
    image_url: item.imageUrl,
    notes: item.notes,
    created_at: new Date(item.createdAt).toISOString(),
    updated_at: new Date(item.updatedAt).toISOString(),
  };
}

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
      const header = { format: INVENTORY_FORMAT, version: INVENTORY_FORMAT_VERSION, exported_at: now.toISOString(), user: { id: owner.id, username: owner.username } };
      yield JSON.stringify(header).slice(0, -1) + ',"items":[';
      let afterId = 0;
      let count = 0;
      for (;;) {
        const batch = await runner.manager
          .createQueryBuilder(InventoryItem, 'i')
          .where('i.userId = :userId AND i.id > :afterId', { userId: owner.id, afterId })
          .orderBy('i.id', 'ASC')
          .limit(BATCH_SIZE)
          .getMany();
        if (batch.length === 0) break;
        const chunk = batch.map((item) => JSON.stringify(exportedItem(item))).join(',');
        yield (count > 0 ? ',' : '') + chunk;
        count += batch.length;
        afterId = batch[batch.length - 1].id;
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
