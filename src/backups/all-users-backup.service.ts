import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { UsersService } from '../users/users.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupLocks } from './backup-locks.js';
import { describeFailure } from './backup-pipeline.js';
import { userInventoryMeta } from './backup-producers.js';
import { AllUsersFiles } from './all-users-files.js';
import type { BackupOwner } from './backup-producers.js';
import { BackupRotationService } from './backup-rotation.service.js';
import type { RetentionInput } from './backup-rotation.service.js';
import type { BackupRun, BackupTrigger } from './backup-run.entity.js';
import type { Backup } from './backup.entity.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupBatchPublisher } from './store/backup-batch-publisher.js';
import { FileWriterThreads } from './store/file-writer-thread.js';
import type { FileWriterThread } from './store/file-writer-thread.js';
import type { PublishEntry } from './store/backup-batch-publisher.js';

/** Users per batch: one user query, one count query, one publish (one INSERT, one UPDATE, each fsync step together), one rotation. */
const USERS_PER_BATCH = 500;
export interface UserBackupResult {
  user: BackupOwner;
  backup?: Backup;
  error?: string;
}

export interface AllUsersTotals {
  results: UserBackupResult[];
  bytes: number;
  deleted: number;
  errors: string[];
  warnings: string[];
}

export interface AllUsersOptions extends RetentionInput {
  trigger: BackupTrigger;
  createdBy: number | null;
}

type Outcome = { backup?: Backup; error?: string; deleted?: number; warning?: string | null };
interface ProducedBatch {
  owners: BackupOwner[];
  entries: Array<PublishEntry & { owner: BackupOwner }>;
  /** Users whose file could not be made, with why. */
  outcomes: Map<number, Outcome>;
  options: AllUsersOptions;
  started: number;
}

/**
 * The per-user part of "Backup All Users", done a batch of users at a time:
 * small inventories are read many to a query and written from memory, every
 * file of a batch is published together (BackupBatchPublisher), and rotation
 * and the shrink guard read each batch's sets in one query. One user's
 * failure is that user's result; the others go on.
 */
@Injectable()
export class AllUsersBackup {
  private readonly logger = new Logger(AllUsersBackup.name);

  constructor(
    private readonly users: UsersService,
    private readonly files: BackupFilesService,
    private readonly makeFiles: AllUsersFiles,
    private readonly publisher: BackupBatchPublisher,
    private readonly rotation: BackupRotationService,
    private readonly pins: BackupPins,
    private readonly locks: BackupLocks,
    private readonly threads: FileWriterThreads,
    private readonly clock: Clock,
  ) {}

  async run(run: BackupRun, options: AllUsersOptions, onProgress?: (done: number, result: UserBackupResult) => void): Promise<AllUsersTotals> {
    const totals: AllUsersTotals = { results: [], bytes: 0, deleted: 0, errors: [], warnings: [] };
    const record = (owners: BackupOwner[], outcomes: Map<number, Outcome>) => {
      for (const owner of owners) {
        const outcome = outcomes.get(owner.id) ?? { error: 'a backup of this user was already running' };
        if (outcome.warning) totals.warnings.push(outcome.warning);
        if (outcome.backup) {
          totals.bytes += outcome.backup.sizeBytes;
          totals.deleted += outcome.deleted ?? 0;
        } else totals.errors.push(`${owner.username}: ${outcome.error}`);
        totals.results.push({ user: owner, backup: outcome.backup, error: outcome.error });
        onProgress?.(totals.results.length, totals.results[totals.results.length - 1]);
      }
    };
    // Two stages: while one batch is published (mostly waiting on the disk), the next is read and written (mostly CPU).
    let publishing: Promise<void> = Promise.resolve();
    // The check, hash and write of small inventories and the publish's file-system calls run there, on the other core.
    const thread = this.threads.create();
    try {
      for await (const batch of this.users.activeUsersInBatches(USERS_PER_BATCH)) {
        const owners = batch.map((u) => ({ id: u.id, username: u.username }));
        const taken = this.locks.claimFree(owners.map((o) => `user:${o.id}`));
        let produced: ProducedBatch;
        try {
          produced = await this.produceBatch(
            owners.filter((o) => taken.has(`user:${o.id}`)),
            run,
            options,
            thread,
          );
        } catch (error) {
          this.locks.release(taken);
          throw error;
        }
        await publishing;
        publishing = this.publishBatch(produced, thread)
          .then((outcomes) => record(owners, outcomes))
          // Not left to reject unobserved while the next batch is produced (a progress callback could throw).
          .catch((error: unknown) => void totals.errors.push(`recording a batch: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => this.locks.release(taken));
      }
    } catch (error) {
      // Users already backed up stay so; the run is partial (or failed) and says why.
      totals.errors.push(`listing users: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await publishing;
      await thread.close();
    }
    return totals;
  }

  /** Every file of a batch under a temp name, with what its row and manifest will say. Never throws for one user. */
  private async produceBatch(owners: BackupOwner[], run: BackupRun, options: AllUsersOptions, thread: FileWriterThread): Promise<ProducedBatch> {
    const started = Date.now();
    const now = this.clock.now();
    const produced = await this.makeFiles.produceAll(owners, now, run, thread);
    const entries: ProducedBatch['entries'] = [];
    const outcomes = new Map<number, Outcome>();
    for (const owner of owners) {
      const made = produced.get(owner.id)!;
      if ('error' in made) outcomes.set(owner.id, { error: made.error });
      else
        entries.push({
          owner,
          produced: made.produced,
          meta: {
            ...userInventoryMeta(owner, made.itemCount),
            createdAt: now,
            runId: run.id,
            createdBy: options.createdBy,
            isScheduled: options.trigger === 'schedule',
          },
        });
    }
    return { owners, entries, outcomes, options, started };
  }

  /** Lists a produced batch (one publish), then its shrink guard and rotation (one query each). Never throws. */
  private async publishBatch({ owners, entries, outcomes, options, started }: ProducedBatch, thread: FileWriterThread): Promise<Map<number, Outcome>> {
    const published = await this.publisher.publishMany(entries, thread);
    const listed: Backup[] = [];
    for (const [i, { owner }] of entries.entries()) {
      const { backup, error } = published[i];
      if (backup) listed.push(backup);
      else outcomes.set(owner.id, { error: await this.describe(error) });
    }
    // The backups are listed by now: a failing guard or rotation is a warning, never a failed backup.
    const warnings = await this.pins.guardShrinkMany(listed).catch((error: Error) => {
      this.logger.warn(`Shrink guard failed for a batch: ${error.message}`);
      return listed.map(() => null);
    });
    const deleted = await this.rotation
      .rotateSets(
        'user_inventory',
        listed.map((b) => b.userId),
        options,
        new Map(listed.map((b) => [b.userId, b.id])),
      )
      .catch((error: Error) => {
        this.logger.warn(`Rotation failed for a batch: ${error.message}`);
        return new Map<number | null, number>();
      });
    for (const [i, backup] of listed.entries()) {
      outcomes.set(backup.userId!, { backup, deleted: deleted.get(backup.userId) ?? 0, warning: warnings[i] });
      this.logger.debug(`Success: inventory backup of user ${backup.userId} ${backup.filePath} (${backup.sizeBytes} B)`);
    }
    for (const owner of owners) {
      const failed = outcomes.get(owner.id)?.error;
      if (failed) this.logger.error(`Failure: inventory backup of ${owner.username}: ${failed}`);
    }
    if (listed.length) this.logger.log(`Success: inventory backups of ${listed.length} user(s) in ${Date.now() - started} ms`);
    return outcomes;
  }

  private async describe(error: unknown): Promise<string> {
    return describeFailure(error, await this.files.freeBytes().catch(() => null));
  }
}
