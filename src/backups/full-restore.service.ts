import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
import { BackupsService } from './backups.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';

export class RestoreRefusedError extends Error {}

export interface RestorePlan {
  path: string;
  /** Relative to MEDIA_ROOT when the file is one of ours. */
  relativePath?: string;
  expectedSha256?: string;
  sizeBytes: number;
}

export interface RestoreResult {
  plan: RestorePlan;
  checksumChecked: boolean;
  safetyBackup?: Backup;
  reconciled: { added: number; removed: number };
  durationMs: number;
}

const EXTENSION_DIALECT: [string, string][] = [
  ['.sqlite3', 'sqlite'],
  ['.dump', 'postgres'],
  ['.sql.gz', 'mysql'],
];

/**
 * Full database restore, for the CLI (the app must be stopped): checksum first,
 * a safety backup of the current database, the dialect's own restore, then the
 * backups table reconciled with the files so newer backups are not forgotten.
 */
@Injectable()
export class FullRestoreService {
  private readonly logger = new Logger(FullRestoreService.name);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly backupsService: BackupsService,
    private readonly files: BackupFilesService,
    private readonly catalog: BackupCatalogService,
    private readonly dumper: DatabaseDumper,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Finds the file and its recorded checksum from a backup id or a path; checks it fits this database. */
  async plan(target: string): Promise<RestorePlan> {
    let path: string;
    let relativePath: string | undefined;
    let expectedSha256: string | undefined;
    if (/^\d+$/.test(target)) {
      const row = await this.backups.findOneBy({ id: Number(target) });
      if (!row) throw new RestoreRefusedError(`No backup with id ${target}`);
      if (row.type !== 'full_db') throw new RestoreRefusedError(`Backup ${target} is a user inventory backup: restore it with POST /api/backups/${target}/restore or import-inventory`);
      path = this.files.resolveStored(row.filePath);
      relativePath = row.filePath;
      expectedSha256 = row.sha256;
    } else {
      path = resolve(target);
      const rel = relative(this.config.mediaRoot, path).split(sep).join('/');
      if (this.files.isBackupPath(rel)) {
        relativePath = rel;
        expectedSha256 = (await this.backups.findOneBy({ filePath: rel }))?.sha256 ?? (await this.catalog.recordedChecksum(rel));
      }
    }
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new RestoreRefusedError(`Backup file not found: ${path}`);
    const dialect = EXTENSION_DIALECT.find(([ext]) => path.replace(/\.enc$/, '').endsWith(ext))?.[1];
    if (dialect !== this.dumper.dialect) {
      throw new RestoreRefusedError(`${path} is not a ${this.dumper.dialect} backup (this server's DATABASE_URL is ${this.dumper.dialect})`);
    }
    return { path, relativePath, expectedSha256, sizeBytes: info.size };
  }

  async restore(plan: RestorePlan, options: { safetyBackup: boolean }): Promise<RestoreResult> {
    const started = Date.now();
    if (plan.expectedSha256) {
      const { sha256 } = await this.files.digestOf(plan.path);
      if (sha256 !== plan.expectedSha256) {
        throw new RestoreRefusedError(`Checksum mismatch: the backup should have sha256 ${plan.expectedSha256} but has ${sha256}. It is damaged; nothing was changed.`);
      }
    }
    await this.dumper.verify(plan.path);

    let safetyBackup: Backup | undefined;
    if (options.safetyBackup) {
      // keep: no limit, so the safety backup never rotates away the backup being restored.
      safetyBackup = (await this.backupsService.createFullDb({ trigger: 'cli', createdBy: null, keep: Number.MAX_SAFE_INTEGER })).backup;
    }

    this.logger.log(`Started restore of ${plan.path}`);
    if (this.dumper.dialect === 'sqlite') {
      // The file is swapped underneath: no connection may stay open across it.
      await this.dataSource.destroy();
      try {
        await this.dumper.restore(plan.path);
      } finally {
        await this.dataSource.initialize();
      }
    } else {
      await this.dumper.restore(plan.path);
      // The restored schema may predate this version: bring it up to date before touching the catalog.
      await this.dataSource.runMigrations({ transaction: 'each' });
    }
    const reconciled = await this.catalog.reconcile();
    // The safety backup's row was re-added by the reconciliation under a new id.
    if (safetyBackup) safetyBackup = (await this.backups.findOneBy({ filePath: safetyBackup.filePath })) ?? safetyBackup;
    const durationMs = Date.now() - started;
    this.logger.log(`Success: restored ${plan.path} in ${durationMs} ms (catalog: +${reconciled.added} -${reconciled.removed})`);
    return { plan, checksumChecked: Boolean(plan.expectedSha256), safetyBackup, reconciled, durationMs };
  }
}
