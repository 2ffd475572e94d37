import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { compactTimestamp } from '../common/timestamps.js';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import type { BackupPipelineProducer } from './backup-pipeline.js';
import { BackupFilesService } from './backup-files.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { verifyInventoryJson } from './inventory-json.verifier.js';

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

  userInventory(owner: BackupOwner, label: string | null = null): BackupPipelineProducer {
    let itemCount = 0;
    return {
      describe: `inventory backup of ${owner.username}`,
      set: { type: 'user_inventory', userId: owner.id },
      produce: (now) =>
        this.files.produce(
          `backups/user_inventory/${owner.id}`,
          `${owner.username}_inventory_${compactTimestamp(now)}`,
          'json',
          (temp) => this.files.streamToFile(Readable.from(this.exporter.stream(owner, now)), temp),
          async (temp) => void ({ itemCount } = await verifyInventoryJson(await this.files.openPlain(temp), owner.id)),
        ),
      meta: async () => ({
        type: 'user_inventory',
        userId: owner.id,
        username: owner.username,
        format: 'inventory-json',
        dialect: 'json',
        counts: { items: itemCount },
        label,
      }),
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
