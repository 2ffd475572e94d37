import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { compactTimestamp } from '../common/timestamps.js';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import type { BackupPipelineProducer } from './backup-pipeline.js';
import { BackupFilesService } from './backup-files.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { InventoryJsonCheck } from './inventory-json.verifier.js';
import type { InventoryJsonPart } from '../inventory/inventory-export.service.js';
import type { NewBackup } from './store/backup-store.service.js';

export interface BackupOwner {
  id: number;
  username: string;
}

/** The two kinds of backup, as producers for the one pipeline in BackupsService. */
@Injectable()
export class BackupProducers {
  constructor(
    private readonly files: BackupFilesService,
    private readonly dumper: DatabaseDumper,
    private readonly exporter: InventoryExportService,
    private readonly dataSource: DataSource,
  ) {}

  fullDb(label: string | null): BackupPipelineProducer {
    let counts: Record<string, number> = {};
    return {
      describe: `full database backup (${this.dumper.dialect})`,
      set: { type: 'full_db', userId: null },
      produce: async (now) => {
        // Counted just before the dump: what the shrink guard and the manifest compare.
        counts = await this.rowCounts();
        return this.files.produce(
          'backups/full_db',
          `db_backup_${compactTimestamp(now)}`,
          this.dumper.extension,
          (temp) => this.dumper.dump(temp),
          (temp) => this.dumper.verify(temp),
        );
      },
      meta: async () => ({
        type: 'full_db',
        userId: null,
        format: this.dumper.format,
        dialect: this.dumper.dialect,
        counts,
        toolVersion: this.dumper.toolVersion ?? null,
        label,
      }),
    };
  }

  /** `pageRows`: rows per export query (a backup made on its own may read larger pages, see EXPORT_PAGE_ROWS). */
  userInventory(owner: BackupOwner, label: string | null = null, pageRows?: number): BackupPipelineProducer {
    let check = new InventoryJsonCheck(owner.id);
    return {
      describe: `inventory backup of ${owner.username}`,
      set: { type: 'user_inventory', userId: owner.id },
      produce: (now) => {
        check = new InventoryJsonCheck(owner.id);
        const { folder, stem } = inventoryFileName(owner, now);
        return this.files.produce(
          folder,
          stem,
          'json',
          // Verified as it is written (each part parsed on its way to the file), hashed in the same pass.
          (temp) => this.files.streamToFile(Readable.from(checked(this.exporter.parts(owner, now, pageRows), check)), temp),
          async () => void check.itemCount,
        );
      },
      meta: async () => userInventoryMeta(owner, check.itemCount, label),
    };
  }

  private async rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['users', 'inventory_items']) {
      const [{ n }] = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: number | string }>;
      counts[table] = Number(n);
    }
    return counts;
  }
}

/** The parts' text, each checked on its way through. */
async function* checked(parts: AsyncIterable<InventoryJsonPart>, check: InventoryJsonCheck): AsyncGenerator<string> {
  for await (const part of parts) {
    check.push(part);
    yield part.text;
  }
}

export function userInventoryMeta(
  owner: BackupOwner,
  itemCount: number,
  label: string | null = null,
): Omit<NewBackup, 'createdAt' | 'runId' | 'createdBy' | 'isScheduled'> {
  return { type: 'user_inventory', userId: owner.id, username: owner.username, format: 'inventory-json', dialect: 'json', counts: { items: itemCount }, label };
}

/** Where a user's inventory backup made at `now` goes (the extension is .json, .json.enc when encrypted). */
export function inventoryFileName(owner: BackupOwner, now: Date): { folder: string; stem: string } {
  return { folder: `backups/user_inventory/${owner.id}`, stem: `${owner.username}_inventory_${compactTimestamp(now)}` };
}
