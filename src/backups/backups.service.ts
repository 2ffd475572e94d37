import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { In, LessThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { compactTimestamp } from '../common/timestamps.js';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import { InventoryImportService } from '../inventory/import/inventory-import.service.js';
import type { ImportOptions, ImportReport } from '../inventory/import/inventory-import.service.js';
import { UsersService } from '../users/users.service.js';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import type { CopyOutcome } from './offsite/offsite-copy.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupRun } from './backup-run.entity.js';
import type { BackupRunStatus, BackupTarget, BackupTrigger } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import type { BackupType } from './backup.entity.js';
import { BackupFailedException, BackupInProgressException } from './backup.errors.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { verifyInventoryJson } from './inventory-json.verifier.js';

export interface RunOptions {
  trigger: BackupTrigger;
  /** The user who asked; null for the scheduler and the CLI. */
  createdBy: number | null;
  keep: number;
  scheduleId?: number | null;
}

export interface BackupOwner {
  id: number;
  username: string;
}

export interface UserBackupResult {
  user: BackupOwner;
  backup?: Backup;
  error?: string;
}

export interface AllUsersResult {
  run: BackupRun;
  results: UserBackupResult[];
}

export interface SingleResult {
  run: BackupRun;
  backup: Backup;
  deleted: number;
}

/** Leftover temp files older than this are swept at start (newer ones may belong to another instance). */
const SWEEP_AGE_MS = 5 * 60_000;

@Injectable()
export class BackupsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BackupsService.name);
  private readonly running = new Set<string>();

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    @InjectRepository(BackupRun) private readonly runs: Repository<BackupRun>,
    private readonly files: BackupFilesService,
    private readonly rotation: BackupRotationService,
    private readonly dumper: DatabaseDumper,
    private readonly exporter: InventoryExportService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly catalog: BackupCatalogService,
    private readonly importer: InventoryImportService,
    private readonly offsite: OffsiteCopyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.files.sweepTempFiles(SWEEP_AGE_MS);
    await this.failInterruptedRuns();
  }

  /**
   * A run still 'running' long after the longest a backup may take belongs to a
   * process that died (crash, kill, power loss): say so in the history instead
   * of leaving it running forever. Safe with several instances: no live run is that old.
   */
  async failInterruptedRuns(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.backupTimeoutMs - SWEEP_AGE_MS);
    const result = await this.runs.update(
      { status: 'running', startedAt: LessThan(cutoff) },
      { status: 'failed', finishedAt: now, error: 'Interrupted: the process running this backup stopped before it finished' },
    );
    if (result.affected) this.logger.warn(`Marked ${result.affected} interrupted backup run(s) as failed`);
    return result.affected ?? 0;
  }

  // ---- creating ------------------------------------------------------------

  /** The seed's "Create Full DB Backup". One at a time per process: a second call gets 409. */
  async createFullDb(options: RunOptions): Promise<SingleResult> {
    return this.exclusive('full_db', async () => {
      const run = await this.startRun('full_db', options);
      const started = Date.now();
      this.logger.log(`Started full database backup (run ${run.id}, ${this.dumper.dialect})`);
      try {
        await this.dumper.preflight();
        const now = new Date();
        const file = await this.files.writeAtomically(
          'backups/full_db',
          `db_backup_${compactTimestamp(now)}`,
          this.dumper.extension,
          (temp) => this.dumper.dump(temp),
          (temp) => this.dumper.verify(temp),
        );
        const backup = await this.record(file, { type: 'full_db', userId: null, format: this.dumper.format, createdAt: now, run, options });
        const deleted = await this.rotation.rotate('full_db', null, options.keep, backup.id);
        const copies = await this.offsite.copyPending();
        await this.finishRun(run, copies.failed ? 'partial' : 'succeeded', { backupsCreated: 1, bytesWritten: backup.sizeBytes, backupsDeleted: deleted, error: copyError(copies) });
        this.logger.log(`Success: full database backup ${file.relativePath} (${formatBytes(backup.sizeBytes)}, ${Date.now() - started} ms, rotated ${deleted})`);
        return { run, backup, deleted };
      } catch (error) {
        const reason = errorText(error);
        await this.finishRun(run, 'failed', { backupsFailed: 1, error: reason });
        this.logger.error(`Failure: full database backup (run ${run.id}) after ${Date.now() - started} ms: ${reason}`);
        throw new BackupFailedException('Full database backup', reason, run.id);
      }
    });
  }

  /** The seed's "Create Backup Now" for one user. */
  async createUserBackup(owner: BackupOwner, options: RunOptions): Promise<SingleResult> {
    return this.exclusive(`user:${owner.id}`, async () => {
      const run = await this.startRun('user_inventory', options, owner.id);
      const outcome = await this.backupOneUser(owner, run, options);
      if (!outcome.backup) {
        await this.finishRun(run, 'failed', { backupsFailed: 1, error: outcome.error });
        throw new BackupFailedException(`Inventory backup of ${owner.username}`, outcome.error!, run.id);
      }
      const copies = await this.offsite.copyPending();
      await this.finishRun(run, copies.failed ? 'partial' : 'succeeded', { backupsCreated: 1, bytesWritten: outcome.backup.sizeBytes, backupsDeleted: outcome.deleted, error: copyError(copies) });
      return { run, backup: outcome.backup, deleted: outcome.deleted };
    });
  }

  /**
   * The seed's "Backup All Users": every active user, read in batches. One
   * user's failure is recorded and the others go on (status partial).
   */
  async createAllUsers(options: RunOptions, onProgress?: (done: number, result: UserBackupResult) => void): Promise<AllUsersResult> {
    return this.exclusive('all_users', async () => {
      const run = await this.startRun('all_users', options);
      const started = Date.now();
      this.logger.log(`Started inventory backups of all active users (run ${run.id})`);
      const results: UserBackupResult[] = [];
      let bytes = 0;
      let deleted = 0;
      const errors: string[] = [];
      try {
        for await (const batch of this.users.activeUsersInBatches()) {
          for (const user of batch) {
            const owner = { id: user.id, username: user.username };
            const outcome: { backup?: Backup; deleted: number; error?: string } = this.running.has(`user:${owner.id}`)
              ? { deleted: 0, error: 'a backup of this user was already running' }
              : await this.exclusive(`user:${owner.id}`, () => this.backupOneUser(owner, run, options));
            const result: UserBackupResult = { user: owner, backup: outcome.backup, error: outcome.error };
            if (outcome.backup) {
              bytes += outcome.backup.sizeBytes;
              deleted += outcome.deleted;
            } else errors.push(`${owner.username}: ${outcome.error}`);
            results.push(result);
            onProgress?.(results.length, result);
          }
        }
      } catch (error) {
        errors.push(`listing users: ${errorText(error)}`);
      }
      const created = results.filter((r) => r.backup).length;
      const copies = await this.offsite.copyPending();
      const copyFailure = copyError(copies);
      if (copyFailure) errors.push(copyFailure);
      const failed = errors.length;
      const status: BackupRunStatus = failed === 0 ? 'succeeded' : created === 0 ? 'failed' : 'partial';
      await this.finishRun(run, status, {
        backupsCreated: created,
        backupsFailed: results.length - created,
        bytesWritten: bytes,
        backupsDeleted: deleted,
        error: errors.length ? errors.slice(0, 50).join('\n') : null,
      });
      const line = `all users: ${created} created, ${results.length - created} failed, ${formatBytes(bytes)}, ${Date.now() - started} ms`;
      if (failed) this.logger.error(`Failure: ${line}`);
      else this.logger.log(`Success: ${line}`);
      return { run, results };
    });
  }

  /** Records a run that was not started (e.g. a schedule tick while its previous run is still going). */
  async recordSkipped(target: BackupTarget, options: RunOptions, reason: string): Promise<BackupRun> {
    const now = new Date();
    return this.runs.save(
      this.runs.create({
        target,
        trigger: options.trigger,
        status: 'skipped',
        userId: null,
        createdBy: options.createdBy,
        scheduleId: options.scheduleId ?? null,
        startedAt: now,
        finishedAt: now,
        error: reason,
      }),
    );
  }

  private async backupOneUser(owner: BackupOwner, run: BackupRun, options: RunOptions): Promise<{ backup?: Backup; deleted: number; error?: string }> {
    const started = Date.now();
    try {
      const now = new Date();
      const file = await this.files.writeAtomically(
        `backups/user_inventory/${owner.id}`,
        `${owner.username}_inventory_${compactTimestamp(now)}`,
        'json',
        (temp) => this.files.streamToFile(Readable.from(this.exporter.stream(owner, now)), temp),
        async (temp) => void (await verifyInventoryJson(await this.files.openPlain(temp), owner.id)),
      );
      const backup = await this.record(file, { type: 'user_inventory', userId: owner.id, format: 'inventory-json', createdAt: now, run, options });
      const deleted = await this.rotation.rotate('user_inventory', owner.id, options.keep, backup.id);
      this.logger.log(`Success: inventory backup of ${owner.username} ${file.relativePath} (${formatBytes(backup.sizeBytes)}, ${Date.now() - started} ms)`);
      return { backup, deleted };
    } catch (error) {
      const reason = errorText(error);
      this.logger.error(`Failure: inventory backup of ${owner.username}: ${reason}`);
      return { deleted: 0, error: reason };
    }
  }

  private async record(
    file: { relativePath: string; sha256: string; sizeBytes: number; encryptionKeyId: string | null },
    meta: { type: BackupType; userId: number | null; format: string; createdAt: Date; run: BackupRun; options: RunOptions },
  ): Promise<Backup> {
    try {
      const saved = await this.backups.save(
        this.backups.create({
          type: meta.type,
          userId: meta.userId,
          filePath: file.relativePath,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          format: meta.format,
          dialect: meta.type === 'full_db' ? this.dumper.dialect : 'json',
          createdAt: meta.createdAt,
          createdBy: meta.options.createdBy,
          isScheduled: meta.options.trigger === 'schedule',
          verifiedAt: new Date(),
          runId: meta.run.id,
          encryptionKeyId: file.encryptionKeyId,
        }),
      );
      await this.catalog.recordAdded(saved);
      return saved;
    } catch (error) {
      // No row, no file: a backup the catalog does not know about must not linger.
      await this.files.remove(file.relativePath).catch(() => undefined);
      throw error;
    }
  }

  private async exclusive<T>(key: string, job: () => Promise<T>): Promise<T> {
    if (this.running.has(key)) throw new BackupInProgressException(key.startsWith('user:') ? 'user inventory' : key.replace('_', ' '));
    this.running.add(key);
    try {
      return await job();
    } finally {
      this.running.delete(key);
    }
  }

  private async startRun(target: BackupTarget, options: RunOptions, userId: number | null = null): Promise<BackupRun> {
    return this.runs.save(
      this.runs.create({
        target,
        trigger: options.trigger,
        status: 'running',
        userId,
        createdBy: options.createdBy,
        scheduleId: options.scheduleId ?? null,
        startedAt: new Date(),
      }),
    );
  }

  private async finishRun(run: BackupRun, status: BackupRunStatus, figures: Partial<BackupRun>): Promise<void> {
    Object.assign(run, figures, { status, finishedAt: new Date() });
    await this.runs.save(run);
  }

  // ---- reading -------------------------------------------------------------

  copiesFor(ids: number[]) {
    return this.offsite.copiesFor(ids);
  }

  async list(filter: { type?: BackupType; userId?: number }, page: number, pageSize: number): Promise<{ items: Backup[]; total: number }> {
    const where: Record<string, unknown> = {};
    if (filter.type) where.type = filter.type;
    if (filter.userId !== undefined) where.userId = filter.userId;
    const [items, total] = await this.backups.findAndCount({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total };
  }

  /** Another user's backup, or a full_db backup for a non-admin, is "not found". */
  async getVisible(id: number, viewer: { id: number; role: string }): Promise<Backup> {
    const backup = await this.backups.findOneBy({ id });
    const visible = backup && (viewer.role === 'admin' || (backup.type === 'user_inventory' && backup.userId === viewer.id));
    if (!visible) throw new NotFoundException(`Backup ${id} not found`);
    return backup;
  }

  openStream(backup: Backup): Readable {
    return createReadStream(this.files.resolveStored(backup.filePath));
  }

  /**
   * The plain content of a backup (decrypted when encrypted). The first bytes are
   * read before returning, so a missing key fails here rather than mid-download.
   */
  async openPlainStream(backup: Backup): Promise<Readable> {
    const plain = await this.files.openPlain(this.files.resolveStored(backup.filePath));
    const first = await new Promise<Buffer | null>((resolve, reject) => {
      const onError = (error: Error) => reject(new ConflictException(`Backup ${backup.id} cannot be decrypted: ${error.message}`));
      plain.once('error', onError);
      plain.once('readable', () => {
        plain.off('error', onError);
        resolve(plain.read() as Buffer | null);
      });
    });
    if (!first) return Readable.from([]);
    const rest = plain;
    return Readable.from(
      (async function* () {
        yield first;
        for await (const chunk of rest) yield chunk as Buffer;
      })(),
    );
  }

  async fileExists(backup: Backup): Promise<boolean> {
    return this.files.exists(backup.filePath);
  }

  async delete(backup: Backup): Promise<void> {
    await this.offsite.removeCopies(backup.id);
    await this.files.remove(backup.filePath);
    await this.backups.delete(backup.id);
    await this.catalog.recordRemoved(backup.filePath);
  }

  /**
   * Restores a user_inventory backup into its owner's inventory through the
   * import path, after checking the file still has the checksum it was made with.
   */
  async restoreInventory(backup: Backup, options: ImportOptions): Promise<ImportReport> {
    if (backup.type !== 'user_inventory') {
      throw new BadRequestException('Full database backups are restored with the CLI while the app is stopped: blockshelf restore-backup ' + backup.id);
    }
    if (!(await this.files.exists(backup.filePath))) throw new NotFoundException(`The file of backup ${backup.id} is missing from disk`);
    const path = this.files.resolveStored(backup.filePath);
    const { sha256 } = await this.files.digestOf(path);
    if (sha256 !== backup.sha256) {
      throw new ConflictException(`Backup ${backup.id} is damaged: its sha256 is ${sha256}, expected ${backup.sha256}. Nothing was restored.`);
    }
    if (!(await this.users.findById(backup.userId!))) throw new NotFoundException(`The owner of backup ${backup.id} (user ${backup.userId}) no longer exists`);
    return this.files.withPlainFile(path, (plain) => this.importer.importFile(plain, backup.userId!, options));
  }

  /** Re-checks the checksum and the format's own integrity check; records verified_at on success. */
  async verify(backup: Backup): Promise<{ ok: boolean; checksumOk: boolean; integrityOk: boolean; error?: string }> {
    if (!(await this.files.exists(backup.filePath))) return { ok: false, checksumOk: false, integrityOk: false, error: 'The backup file is missing' };
    const path = this.files.resolveStored(backup.filePath);
    const digest = await this.files.digestOf(path);
    const checksumOk = digest.sha256 === backup.sha256 && digest.sizeBytes === backup.sizeBytes;
    let integrityOk = true;
    let error: string | undefined;
    try {
      if (backup.type === 'user_inventory') await verifyInventoryJson(await this.files.openPlain(path), backup.userId!);
      else if (backup.dialect === this.dumper.dialect) await this.dumper.verify(path);
      else throw new Error(`This is a ${backup.dialect} backup; this server runs ${this.dumper.dialect}`);
    } catch (e) {
      integrityOk = false;
      error = errorText(e);
    }
    if (!checksumOk) error = `Checksum mismatch: expected ${backup.sha256}, file has ${digest.sha256}` + (error ? `; ${error}` : '');
    const ok = checksumOk && integrityOk;
    if (ok) await this.backups.update(backup.id, { verifiedAt: new Date() });
    return { ok, checksumOk, integrityOk, error };
  }

  async listRuns(filter: { target?: BackupTarget; status?: BackupRunStatus }, page: number, pageSize: number) {
    const where: Record<string, unknown> = {};
    if (filter.target) where.target = filter.target;
    if (filter.status) where.status = filter.status;
    const [items, total] = await this.runs.findAndCount({ where, order: { startedAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total };
  }

  /** Monitoring: last success and failure per type, counts and bytes per type, free disk. */
  async stats() {
    const perType = await Promise.all(
      (['full_db', 'user_inventory'] as const).map(async (type) => {
        const agg = await this.backups
          .createQueryBuilder('b')
          .select('COUNT(*)', 'count')
          .addSelect('COALESCE(SUM(b.sizeBytes), 0)', 'bytes')
          .where('b.type = :type', { type })
          .getRawOne<{ count: string; bytes: string }>();
        const targets: BackupTarget[] = type === 'full_db' ? ['full_db'] : ['user_inventory', 'all_users'];
        const lastSuccess = await this.runs.findOne({ where: { target: In(targets), status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
        const lastFailure = await this.runs.findOne({ where: { target: In(targets), status: In(['failed', 'partial']) }, order: { startedAt: 'DESC', id: 'DESC' } });
        const newest = await this.backups.findOne({ where: { type }, order: { createdAt: 'DESC', id: 'DESC' } });
        return { type, count: Number(agg?.count ?? 0), bytes: Number(agg?.bytes ?? 0), newest, lastSuccess, lastFailure };
      }),
    );
    return { perType, freeBytes: await this.files.freeBytes(), mediaRoot: this.config.mediaRoot };
  }
}

/** A run whose backups are safe locally but not (yet) off-site is partial, not failed: the next run retries the copy. */
function copyError(copies: CopyOutcome): string | null {
  return copies.failed ? `off-site copy failed for ${copies.failed} file(s), retried on the next run: ${copies.errors.slice(0, 5).join('; ')}` : null;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(1)} ${units[unit]}`;
}
