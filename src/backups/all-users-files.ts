import { Injectable, Logger } from '@nestjs/common';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import type { InventoryJsonPart } from '../inventory/inventory-export.service.js';
import { BackupFilesService } from './backup-files.service.js';
import type { ProducedFile } from './backup-files.service.js';
import { describeFailure, isDiskFull } from './backup-pipeline.js';
import { BackupProducers, inventoryFileName } from './backup-producers.js';
import type { BackupOwner } from './backup-producers.js';
import type { BackupRun } from './backup-run.entity.js';
import { InventoryJsonCheck } from './inventory-json.verifier.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { encodeInventoryParts, WriteFailure } from './store/file-writer-thread.js';
import type { FileWriterThread } from './store/file-writer-thread.js';

/** Items per export query of small inventories; an inventory larger than this is streamed on its own. */
const ITEMS_PER_QUERY = 1000;
/** Parts (of 100 items) per run handed to the thread when an inventory is streamed: a page of the export. */
const PARTS_PER_RUN = 20;

/** One user's file under its temp name, or why there is none. */
export type Produced = { produced: ProducedFile; itemCount: number } | { error: string };
/** A small inventory ready to write; `checked` when this thread has checked it (encrypted backups). */
type Encoded = ReturnType<typeof encodeInventoryParts> & { checked: boolean };

/**
 * The files of a batch of users for AllUsersBackup, under temp names:
 * inventories of up to ITEMS_PER_QUERY items read many to a query, larger
 * ones a page at a time, each checked, hashed and written by the
 * FileWriterThread (on this thread when backups are encrypted). One user's
 * failure is that user's result; a full disk empties the trash and tries once more.
 */
@Injectable()
export class AllUsersFiles {
  private readonly logger = new Logger(AllUsersFiles.name);

  constructor(
    private readonly exporter: InventoryExportService,
    private readonly files: BackupFilesService,
    private readonly producers: BackupProducers,
    private readonly trash: BackupTrash,
  ) {}

  /** Every owner's file under a temp name: small inventories many to a query, large ones streamed one by one. */
  async produceAll(owners: BackupOwner[], now: Date, run: BackupRun, thread: FileWriterThread): Promise<Map<number, Produced>> {
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
          // A run that failed (a full disk, a refused part) fails the file: the rest is not read.
          if (file.failed) break;
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
    return { produced: await this.files.produceWith(folder, stem, 'json', write), itemCount: encoded.itemCount };
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
