import { Injectable, Logger } from '@nestjs/common';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import { UsersService } from '../users/users.service.js';
import { BackupFilesService } from './backup-files.service.js';
import type { ProducedFile } from './backup-files.service.js';
import { BackupLocks } from './backup-locks.js';
import { describeFailure, isDiskFull } from './backup-pipeline.js';
import { BackupProducers, inventoryFileName, userInventoryMeta } from './backup-producers.js';
import type { BackupOwner } from './backup-producers.js';
import { BackupRotationService } from './backup-rotation.service.js';
import type { RetentionInput } from './backup-rotation.service.js';
import type { BackupRun, BackupTrigger } from './backup-run.entity.js';
import type { Backup } from './backup.entity.js';
import { InventoryJsonCheck } from './inventory-json.verifier.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { BackupBatchPublisher } from './store/backup-batch-publisher.js';
import { encodeInventoryParts, FileWriterThread, WriteFailure } from './store/file-writer-thread.js';
import type { InventoryJsonPart } from '../inventory/inventory-export.service.js';
import type { PublishEntry } from './store/backup-batch-publisher.js';

/** Users per batch: one user query, one count query, one publish (one INSERT, one UPDATE, each fsync step together), one rotation. */
const USERS_PER_BATCH = 500;
/** Items per export query of small inventories; an inventory larger than this is streamed on its own. */
const ITEMS_PER_QUERY = 1000;
/** Parts (of 100 items) per run handed to the thread when an inventory is streamed: a page of the export. */
const PARTS_PER_RUN = 20;

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

type Produced = { produced: ProducedFile; itemCount: number } | { error: string };
/** A small inventory ready to write; `checked` when this thread has checked it (encrypted backups). */
type Encoded = ReturnType<typeof encodeInventoryParts> & { checked: boolean };
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
    private readonly exporter: InventoryExportService,
    private readonly files: BackupFilesService,
    private readonly producers: BackupProducers,
    private readonly publisher: BackupBatchPublisher,
    private readonly rotation: BackupRotationService,
    private readonly pins: BackupPins,
    private readonly trash: BackupTrash,
    private readonly locks: BackupLocks,
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
    const thread = new FileWriterThread();
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
    const now = new Date();
    const produced = await this.produceAll(owners, now, run, thread);
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

  /** Every owner's file under a temp name: small inventories many to a query, large ones streamed one by one. */
  private async produceAll(owners: BackupOwner[], now: Date, run: BackupRun, thread: FileWriterThread): Promise<Map<number, Produced>> {
    const produced = new Map<number, Produced>();
    let counts: Map<number, number>;
    try {
      counts = await this.exporter.itemCounts(owners.map((o) => o.id));
    } catch (error) {
      const reason = await this.describe(error);
      for (const owner of owners) produced.set(owner.id, { error: reason });
      return produced;
    }
    const groups: BackupOwner[][] = [];
    let items = Infinity;
    for (const owner of owners) {
      const count = counts.get(owner.id) ?? 0;
      if (count > ITEMS_PER_QUERY) continue;
      if (items + count > ITEMS_PER_QUERY) {
        groups.push([]);
        items = 0;
      }
      groups[groups.length - 1].push(owner);
      items += count;
    }
    // Files are written on the thread while the next group is read; a group whose query fails leaves its users to the loop below.
    const writing: Array<Promise<void>> = [];
    for (const group of groups) {
      await thread.caughtUp();
      let documents: Awaited<ReturnType<InventoryExportService['many']>>;
      try {
        documents = await this.exporter.many(group, now);
      } catch (error) {
        // One inventory that cannot be read must not fail its neighbours: the group's users go one by one below.
        this.logger.warn(`Reading ${group.length} inventories in one query failed, reading them one by one: ${(error as Error).message}`);
        continue;
      }
      // Encoded now, and no closure sees `documents`: the group's strings die young. (Held by a closure's context until
      // their files were written, they were promoted, 450 MB of them in a 10,000-user run, and the heap doubled.)
      const files: Array<Promise<Produced>> = [];
      for (const owner of group) files.push(this.writeSmall(owner, documents.get(owner.id)!.parts, now, thread));
      writing.push(this.record(group, files, produced));
      // better-sqlite3 is synchronous: give the event loop a turn between queries.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writing);
    for (const owner of owners) {
      if (produced.has(owner.id)) continue;
      produced.set(owner.id, await this.attempt(() => (this.files.writesPlain ? this.streamed(owner, now, thread) : this.alone(owner, now, run))));
    }
    return produced;
  }

  /** A large inventory (or one whose group could not be read): read a page at a time, checked and written on the thread. */
  private async streamed(owner: BackupOwner, now: Date, thread: FileWriterThread): Promise<Produced> {
    const { folder, stem } = inventoryFileName(owner, now);
    let itemCount = 0;
    const produced = await this.files.produceWith(folder, stem, 'json', async (tempPath, dir) => {
      const file = thread.openFile(tempPath, dir, owner.id);
      try {
        let run: InventoryJsonPart[] = [];
        for await (const part of this.exporter.parts(owner, now)) {
          run.push(part);
          if (part.kind === 'items') itemCount += part.count;
          if (run.length < PARTS_PER_RUN && part.kind !== 'footer') continue;
          await thread.caughtUp();
          file.append(encodeInventoryParts(run));
          run = [];
        }
      } catch (error) {
        await file.finish().catch(() => undefined);
        throw error;
      }
      return file.finish();
    });
    return { produced, itemCount };
  }

  /** The way of a single backup (BackupProducers): encrypted backups are sealed on this thread. */
  private async alone(owner: BackupOwner, now: Date, run: BackupRun): Promise<Produced> {
    const producer = this.producers.userInventory(owner);
    const file = await producer.produce(now);
    return { produced: file, itemCount: (await producer.meta(now, run)).counts.items };
  }

  /** One small inventory handed to the thread (or written here, encrypted); never throws. */
  private writeSmall(owner: BackupOwner, parts: InventoryJsonPart[], now: Date, thread: FileWriterThread): Promise<Produced> {
    let encoded: Encoded;
    try {
      encoded = this.encode(owner, parts);
    } catch (error) {
      return this.describe(error).then((reason): Produced => ({ error: reason }));
    }
    return this.attempt(() => this.fromMemory(owner, now, encoded, thread));
  }

  private async record(group: BackupOwner[], files: Array<Promise<Produced>>, produced: Map<number, Produced>): Promise<void> {
    const made = await Promise.all(files);
    group.forEach((owner, i) => produced.set(owner.id, made[i]));
  }

  /** An inventory's bytes; checked here when they are to be encrypted on this thread, else on the writer thread. */
  private encode(owner: BackupOwner, parts: InventoryJsonPart[]): Encoded {
    const encoded = encodeInventoryParts(parts);
    if (this.files.writesPlain) return { ...encoded, checked: false };
    const check = new InventoryJsonCheck(owner.id);
    for (const part of parts) check.push(part);
    return { ...encoded, itemCount: check.itemCount, checked: true };
  }

  /** One small inventory's file under its temp name: checked, hashed and written on the thread (here when encrypted). */
  private async fromMemory(owner: BackupOwner, now: Date, encoded: Encoded, thread: FileWriterThread): Promise<Produced> {
    const { folder, stem } = inventoryFileName(owner, now);
    if (encoded.checked) return { produced: await this.files.produceFromMemory(folder, stem, 'json', encoded.bytes), itemCount: encoded.itemCount };
    const write = async (tempPath: string, dir: string) => {
      try {
        return await thread.write({ tempPath, dir, bytes: encoded.bytes, inventory: { userId: owner.id, layout: encoded.layout } });
      } catch (error) {
        // The thread hands a failed write's bytes back: a retry (after emptying the trash) writes them again.
        if (error instanceof WriteFailure) encoded.bytes = error.bytes;
        throw error;
      }
    };
    return { produced: await this.files.produceFromMemory(folder, stem, 'json', encoded.bytes, write), itemCount: encoded.itemCount };
  }

  /** One user's file; a full disk empties the trash and tries once more, as for a single backup. */
  private async attempt(produce: () => Promise<Produced>): Promise<Produced> {
    try {
      return await produce();
    } catch (error) {
      if (isDiskFull(error) && (await this.trash.empty().catch(() => 0))) {
        try {
          return await produce();
        } catch (again) {
          return { error: await this.describe(again) };
        }
      }
      return { error: await this.describe(error) };
    }
  }

  private async describe(error: unknown): Promise<string> {
    return describeFailure(error, await this.files.freeBytes().catch(() => null));
  }
}
