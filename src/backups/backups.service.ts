import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InventoryImportService } from '../inventory/import/inventory-import.service.js';
import { EXPORT_PAGE_ROWS_ALONE } from '../inventory/inventory-export.service.js';
import type { ImportOptions, ImportReport } from '../inventory/import/inventory-import.service.js';
import { AppConfig } from '../config/app-config.js';
import { UsersService } from '../users/users.service.js';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import type { CopyOutcome } from './offsite/offsite-copy.service.js';
import { INSTANCE_KIND, InstanceRegistry } from '../instances/instance-registry.service.js';
import type { InstanceKind } from '../instances/app-instance.entity.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import type { ReconcileReport } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { describeFailure, isDiskFull } from './backup-pipeline.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import type { BackupPipelineProducer as BackupProducer } from './backup-pipeline.js';
import { BackupProducers } from './backup-producers.js';
import { AllUsersBackup } from './all-users-backup.service.js';
import type { UserBackupResult } from './all-users-backup.service.js';
import { BackupLocks } from './backup-locks.js';
import type { BackupOwner } from './backup-producers.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupRun } from './backup-run.entity.js';
import type { BackupRunStatus, BackupTarget, BackupTrigger } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { BackupError, BackupFailedException } from './backup.errors.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { verifyInventoryJson } from './inventory-json.verifier.js';
import { RestoreCarryOver } from './restore-carry-over.service.js';
import { RunLedger } from './runs/run-ledger.service.js';
import { RunEvents } from './runs/run-events.js';
import { BackupStore } from './store/backup-store.service.js';

export type { BackupOwner } from './backup-producers.js';
export type { UserBackupResult } from './all-users-backup.service.js';

export interface RunOptions {
  trigger: BackupTrigger;
  /** The user who asked; null for the scheduler and the CLI. */
  createdBy: number | null;
  keep: number;
  /** Calendar tiers; undefined or null = BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY. */
  keepDaily?: number | null;
  keepWeekly?: number | null;
  keepMonthly?: number | null;
  scheduleId?: number | null;
  /** Shown with the backup, e.g. "Safety backup before restoring backup 3". */
  label?: string | null;
}

interface BackupOutcome {
  backup?: Backup;
  deleted: number;
  error?: string;
  /** e.g. "backup.shrunk: …" */
  warning?: string | null;
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

/** Leftover temp files without an owner in their name, older than this, are swept at start. */
const SWEEP_AGE_MS = 5 * 60_000;
/** How often the server resolves backups half-published by runs that died meanwhile. */
const RECHECK_MS = 30_000;

/**
 * Makes backups: every kind goes through one pipeline (start run → produce →
 * publish → rotate → off-site copy → finish run), and restores, verifies and
 * deletes them. Reads are in BackupQueryService.
 */
@Injectable()
export class BackupsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BackupsService.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly ledger: RunLedger,
    private readonly store: BackupStore,
    private readonly files: BackupFilesService,
    private readonly rotation: BackupRotationService,
    private readonly dumper: DatabaseDumper,
    private readonly producers: BackupProducers,
    private readonly users: UsersService,
    private readonly catalog: BackupCatalogService,
    private readonly carryOver: RestoreCarryOver,
    private readonly importer: InventoryImportService,
    private readonly offsite: OffsiteCopyService,
    private readonly pins: BackupPins,
    private readonly events: RunEvents,
    private readonly config: AppConfig,
    private readonly trash: BackupTrash,
    @Inject(INSTANCE_KIND) private readonly kind: InstanceKind,
    private readonly instances: InstanceRegistry,
    private readonly allUsers: AllUsersBackup,
    private readonly locks: BackupLocks,
  ) {}

  /** The server does the start-up work at boot; a CLI command does it when it needs it (a dry run must see the state as it is). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.kind !== 'server') return;
    try {
      await this.startUp();
    } catch (error) {
      // The API still serves (and /health names the failing check); backups fail, each with its reason.
      this.logger.error(`Backup start-up checks failed (is MEDIA_ROOT ${this.files.backupsRoot} a writable folder?): ${errorText(error)}`);
    }
    await this.files
      .probeWritable()
      .catch((error) => this.logger.warn(`MEDIA_ROOT is not writable: ${this.files.backupsRoot}: ${errorText(error)}. Backups will fail until it is.`));
    // Runs of processes that die later are found by the ledger; their half-published backups are resolved here.
    this.sweeper = setInterval(
      () => void this.resolveInterrupted().catch((e) => this.logger.warn(`Interrupted-run check failed: ${errorText(e)}`)),
      RECHECK_MS,
    );
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** In this order: finish a restore's catalog, mark dead runs, sweep temp files, reconcile with the manifests. */
  async startUp(): Promise<ReconcileReport> {
    await this.carryOver.applyPending();
    await this.ledger.failInterruptedRuns();
    await this.files.sweepTempFiles(SWEEP_AGE_MS);
    // A restore's scratch copies belong to a restore in progress only while another process is alive.
    if (!(await this.instances.liveOthers()).length) await this.dumper.sweepRestoreLeftovers();
    await this.trash.sweep();
    return this.catalog.reconcile();
  }

  private async resolveInterrupted(): Promise<void> {
    if ((await this.ledger.failInterruptedRuns()).length) await this.catalog.reconcile();
    await this.trash.sweep();
  }

  /** Kept for callers that knew it here: the ledger owns it now. */
  failInterruptedRuns(now = new Date()): Promise<number> {
    return this.ledger.failInterruptedRuns(now).then((runs) => runs.length);
  }

  // ---- creating ------------------------------------------------------------

  /** The seed's "Create Full DB Backup". One at a time per process: a second call gets 409. */
  async createFullDb(options: RunOptions): Promise<SingleResult> {
    return this.exclusive('full_db', async () => {
      const run = await this.ledger.startRun('full_db', options);
      await this.dumper.preflight().catch(async (error) => {
        await this.fail(run, 'full database backup', error);
      });
      return this.single(run, this.producers.fullDb(options.label ?? null), options);
    });
  }

  /** The seed's "Create Backup Now" for one user. */
  async createUserBackup(owner: BackupOwner, options: RunOptions): Promise<SingleResult> {
    return this.exclusive(`user:${owner.id}`, async () => {
      const run = await this.ledger.startRun('user_inventory', { ...options, userId: owner.id });
      return this.single(run, this.producers.userInventory(owner, options.label ?? null, EXPORT_PAGE_ROWS_ALONE), options);
    });
  }

  /** A run of one backup: succeeded (partial when the off-site copy failed), or failed and thrown. */
  private async single(run: BackupRun, producer: BackupProducer, options: RunOptions): Promise<SingleResult> {
    const outcome = await this.runBackup(producer, run, options);
    if (!outcome.backup) return this.fail(run, producer.describe, outcome.error!);
    const copies = await this.offsite.copyPending();
    await this.ledger.finishRun(run, copies.failed ? 'partial' : 'succeeded', {
      backupsCreated: 1,
      bytesWritten: outcome.backup.sizeBytes,
      backupsDeleted: outcome.deleted,
      error: copyError(copies),
      warnings: outcome.warning ?? null,
    });
    return { run, backup: outcome.backup, deleted: outcome.deleted };
  }

  private async fail(run: BackupRun, what: string, reason: string | unknown): Promise<never> {
    const text = typeof reason === 'string' ? reason : describeFailure(reason, await this.files.freeBytes().catch(() => null));
    await this.ledger.finishRun(run, 'failed', { backupsFailed: 1, error: text });
    this.logger.error(`Failure: ${what} (run ${run.id}): ${text}`);
    throw new BackupFailedException(what.charAt(0).toUpperCase() + what.slice(1), text, run.id);
  }

  /**
   * The seed's "Backup All Users": every active user, read in batches. One
   * user's failure is recorded and the others go on (status partial).
   */
  async createAllUsers(options: RunOptions, onProgress?: (done: number, result: UserBackupResult) => void): Promise<AllUsersResult> {
    return this.exclusive('all_users', async () => {
      const run = await this.ledger.startRun('all_users', options);
      const started = Date.now();
      this.logger.log(`Started inventory backups of all active users (run ${run.id})`);
      const { results, bytes, deleted, errors, warnings } = await this.allUsers.run(run, options, onProgress);
      const created = results.filter((r) => r.backup).length;
      const copies = await this.offsite.copyPending();
      const copyFailure = copyError(copies);
      if (copyFailure) errors.push(copyFailure);
      const status: BackupRunStatus = errors.length === 0 ? 'succeeded' : created === 0 ? 'failed' : 'partial';
      await this.ledger.finishRun(run, status, {
        backupsCreated: created,
        backupsFailed: results.length - created,
        bytesWritten: bytes,
        backupsDeleted: deleted,
        error: errors.length ? errors.slice(0, 50).join('\n') : null,
        warnings: warnings.length ? warnings.slice(0, 50).join('\n') : null,
      });
      const line = `all users: ${created} created, ${results.length - created} failed, ${formatBytes(bytes)}, ${Date.now() - started} ms`;
      if (errors.length) this.logger.error(`Failure: ${line}`);
      else this.logger.log(`Success: ${line}`);
      return { run, results };
    });
  }

  /** Records a run that was not started (e.g. a schedule tick while its previous run is still going). */
  recordSkipped(target: BackupTarget, options: RunOptions, reason: string): Promise<BackupRun> {
    return this.ledger.recordSkipped(target, options, reason);
  }

  /**
   * The pipeline every backup goes through: produce and verify a temp file,
   * publish it (manifest, name, row), rotate its set. Never throws: the outcome
   * says what failed, in words (a full disk says so).
   */
  private async runBackup(producer: BackupProducer, run: BackupRun, options: RunOptions): Promise<BackupOutcome> {
    const started = Date.now();
    try {
      const now = new Date();
      const produced = await this.produceWithRoom(producer, now);
      const meta = await producer.meta(now, run);
      const backup = await this.store.publish(produced, {
        ...meta,
        createdAt: now,
        runId: run.id,
        createdBy: options.createdBy,
        isScheduled: options.trigger === 'schedule',
      });
      const warning = await this.pins.guardShrink(backup);
      const deleted = await this.rotation.rotate(producer.set.type, producer.set.userId, options, backup.id);
      this.logger.log(`Success: ${producer.describe} ${backup.filePath} (${formatBytes(backup.sizeBytes)}, ${Date.now() - started} ms, rotated ${deleted})`);
      return { backup, deleted, warning };
    } catch (error) {
      const reason = describeFailure(error, await this.files.freeBytes().catch(() => null));
      this.logger.error(`Failure: ${producer.describe} after ${Date.now() - started} ms: ${reason}`);
      return { deleted: 0, error: reason };
    }
  }

  /** A full disk empties the trash (oldest first) and tries once more before the backup fails for space. */
  private async produceWithRoom(producer: BackupProducer, now: Date) {
    try {
      return await producer.produce(now);
    } catch (error) {
      if (!isDiskFull(error) || !(await this.trash.empty())) throw error;
      return producer.produce(now);
    }
  }

  private exclusive<T>(key: string, job: () => Promise<T>): Promise<T> {
    return this.locks.exclusive(key, job);
  }

  // ---- restoring, verifying, deleting ------------------------------------------

  async delete(backup: Backup): Promise<void> {
    await this.store.remove(backup);
  }

  /**
   * Restores a user_inventory backup into its owner's inventory through the
   * import path, after checking the file still has the checksum it was made with.
   */
  async restoreInventory(backup: Backup, options: ImportOptions): Promise<ImportReport & { safety_backup_id?: number }> {
    if (backup.type !== 'user_inventory') {
      throw new BackupError(
        'BACKUP_WRONG_KIND',
        'Full database backups are restored with the CLI while the app is stopped: blockshelf restore-backup ' + backup.id,
      );
    }
    if (!(await this.files.exists(backup.filePath))) throw new BackupError('BACKUP_FILE_MISSING', `The file of backup ${backup.id} is missing from disk`);
    const path = this.files.resolveStored(backup.filePath);
    const { sha256 } = await this.files.digestOf(path);
    if (sha256 !== backup.sha256) {
      throw new BackupError('BACKUP_DAMAGED', `Backup ${backup.id} is damaged: its sha256 is ${sha256}, expected ${backup.sha256}. Nothing was restored.`);
    }
    const owner = await this.users.findById(backup.userId!);
    if (!owner) throw new BackupError('BACKUP_OWNER_GONE', `The owner of backup ${backup.id} (user ${backup.userId}) no longer exists`);
    if (options.dryRun) return this.files.withPlainFile(path, (plain) => this.importer.importFile(plain, backup.userId!, options));
    // The undo: the inventory as it is now, pinned for the trash window (restoring it puts everything back).
    const safetyId = await this.keepCurrentInventory({ id: owner.id, username: owner.username }, `before restore of backup ${backup.id}`);
    const report = await this.files.withPlainFile(path, (plain) => this.importer.importFile(plain, backup.userId!, options));
    return { ...report, safety_backup_id: safetyId };
  }

  /** A backup of the inventory as it is now, pinned for the trash window: the undo of a restore or a replace import. */
  async keepCurrentInventory(owner: BackupOwner, reason: string): Promise<number> {
    const { backup } = await this.createUserBackup(owner, {
      trigger: 'manual',
      createdBy: null,
      keep: Number.MAX_SAFE_INTEGER,
      label: `Safety backup ${reason}`,
    });
    await this.pins.pin(backup, reason, new Date(Date.now() + (this.config.backupTrashHours || 72) * 3600_000));
    return backup.id;
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
    else await this.events.emitVerifyFailed(backup, error ?? 'verification failed');
    return { ok, checksumOk, integrityOk, error };
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
