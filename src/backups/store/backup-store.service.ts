import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { QueryFailedError, Repository } from 'typeorm';
import { APP_VERSION } from '../../common/app-version.js';
import { AppConfig } from '../../config/app-config.js';
import { MIGRATIONS } from '../../database/data-source-options.js';
import { OffsiteCopyService } from '../offsite/offsite-copy.service.js';
import { BackupFilesService } from '../backup-files.service.js';
import type { ProducedFile } from '../backup-files.service.js';
import { Backup } from '../backup.entity.js';
import { fsyncAll, manifestPathOf, writeManifest } from './backup-manifest.js';
import type { BackupManifest } from './backup-manifest.js';

export interface NewBackup {
  type: Backup['type'];
  userId: number | null;
  username?: string | null;
  format: string;
  dialect: string;
  createdAt: Date;
  createdBy: number | null;
  isScheduled: boolean;
  runId: number | null;
  counts: Record<string, number>;
  toolVersion?: string | null;
  label?: string | null;
}

/** Test seam: pauses at the moments a kill is worst (DI override in the fault tests). */
export class BackupStoreHooks {
  async afterManifest(): Promise<void> {}
  async afterLink(): Promise<void> {}
}

/**
 * Owns backup files, their manifests and their rows together. Publishing a
 * backup: a 'pending' row claims the id and the name (file_path is unique),
 * the manifest is written beside the final name, the file is linked into
 * place (never over another), and only then is the row 'ok' (listed).
 * A kill at any step leaves something reconcile() resolves: pending row
 * without manifest → dropped; manifest without file → dropped; file with
 * manifest → listed with the manifest's id.
 */
@Injectable()
export class BackupStore {
  private readonly logger = new Logger(BackupStore.name);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly files: BackupFilesService,
    private readonly offsite: OffsiteCopyService,
    private readonly config: AppConfig,
    private readonly hooks: BackupStoreHooks,
  ) {}

  async publish(produced: ProducedFile, meta: NewBackup): Promise<Backup> {
    try {
      if (!produced.synced) throw new Error('A backup is published only once its bytes are fsynced');
      for (let n = 1; n < 1000; n++) {
        const name = `${n === 1 ? produced.stem : `${produced.stem}_${n}`}.${produced.extension}`;
        const relativePath = `${produced.folder}/${name}`;
        const absolute = join(this.config.mediaRoot, produced.folder, name);
        if (await exists(absolute)) continue;
        const row = await this.claim(relativePath, produced, meta);
        if (!row) continue;
        let linked = false;
        try {
          await writeManifest(absolute, this.manifestOf(row, meta), this.files.tempTag);
          await this.hooks.afterManifest();
          try {
            await link(produced.tempPath, absolute);
            linked = true;
          } catch (error) {
            // A file the table does not know took the name: never overwrite it, try the next name.
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            await rm(manifestPathOf(absolute), { force: true });
            await this.backups.delete(row.id);
            continue;
          }
          // The folder's parent too: a user's first backup made the folder, whose entry is there.
          await fsyncAll([join(this.config.mediaRoot, produced.folder), dirname(join(this.config.mediaRoot, produced.folder))]);
          await this.hooks.afterLink();
          await this.backups.update(row.id, { status: 'ok' });
          row.status = 'ok';
          return row;
        } catch (error) {
          // Nothing half-made is left: no file, no manifest, no row.
          if (linked) await rm(absolute, { force: true }).catch(() => undefined);
          await rm(manifestPathOf(absolute), { force: true }).catch(() => undefined);
          await this.backups.delete(row.id).catch(() => undefined);
          throw error;
        }
      }
      throw new Error(`No free backup name for ${produced.folder}/${produced.stem}`);
    } finally {
      await rm(produced.tempPath, { force: true }).catch(() => undefined);
    }
  }

  /** The pending row that reserves `relativePath`; null when another run has the name. */
  private async claim(relativePath: string, produced: ProducedFile, meta: NewBackup): Promise<Backup | null> {
    try {
      return await this.backups.save(this.backups.create(this.pendingRow(relativePath, produced, meta)));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The row a backup is claimed with: 'pending' (not listed) until its file and manifest are durable. */
  pendingRow(relativePath: string, produced: ProducedFile, meta: NewBackup): Partial<Backup> & { filePath: string } {
    return {
      type: meta.type,
      userId: meta.userId,
      filePath: relativePath,
      sizeBytes: produced.sizeBytes,
      sha256: produced.sha256,
      format: meta.format,
      dialect: meta.dialect,
      createdAt: meta.createdAt,
      createdBy: meta.createdBy,
      isScheduled: meta.isScheduled,
      verifiedAt: new Date(),
      runId: meta.runId,
      encryptionKeyId: produced.encryptionKeyId,
      status: 'pending',
      label: meta.label ?? null,
      // What the shrink guard compares: items of an inventory, rows of a full database.
      itemCount: Object.keys(meta.counts).length ? Object.values(meta.counts).reduce((a, b) => a + b, 0) : null,
    };
  }

  manifestOf(row: Backup, extra: Pick<NewBackup, 'username' | 'counts' | 'toolVersion'>): BackupManifest {
    return {
      manifest_version: 1,
      id: row.id,
      type: row.type,
      user_id: row.userId,
      username: extra.username ?? null,
      file: row.filePath.split('/').pop()!,
      created_at: new Date(row.createdAt).toISOString(),
      created_by: row.createdBy,
      is_scheduled: row.isScheduled,
      run_id: row.runId,
      sha256: row.sha256,
      size_bytes: row.sizeBytes,
      format: row.format,
      dialect: row.dialect,
      counts: extra.counts,
      app_version: APP_VERSION,
      latest_migration: MIGRATIONS[MIGRATIONS.length - 1].name,
      tool_version: extra.toolVersion ?? null,
      encryption_key_id: row.encryptionKeyId,
      label: row.label,
    };
  }

  /**
   * Deletes a backup: row first, then file, then manifest. A kill in between
   * leaves a file with its manifest (listed again, nothing lost) or a lone
   * manifest (dropped by reconcile), never a row that names nothing.
   */
  async remove(backup: Pick<Backup, 'id' | 'filePath'>): Promise<void> {
    await this.offsite.removeCopies(backup.id);
    await this.backups.delete(backup.id);
    await this.files.remove(backup.filePath);
    await rm(manifestPathOf(this.files.resolveStored(backup.filePath)), { force: true });
  }

  /** Moves a file that fails its checks out of the backup folders (with its manifest), for a human to look at. */
  async quarantine(relativePath: string): Promise<string> {
    const source = this.files.resolveStored(relativePath);
    const dir = join(this.files.backupsRoot, 'quarantine');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const target = join(dir, `${Date.now()}-${relativePath.split('/').pop()}`);
    await rename(source, target);
    await rename(manifestPathOf(source), manifestPathOf(target)).catch(() => undefined);
    return target;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A unique-key violation on any of the three dialects. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  const code = driverError?.code ?? '';
  return code === '23505' || code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
