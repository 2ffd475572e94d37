import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { In, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { insertRows } from '../../database/insert-with-ids.js';
import { BackupFilesService } from '../backup-files.service.js';
import type { ProducedFile } from '../backup-files.service.js';
import { Backup } from '../backup.entity.js';
import { fsyncPath, manifestPathOf, manifestStaging } from './backup-manifest.js';
import type { BatchFileOps } from './batch-file-ops.js';
import { Durability } from './durability.js';
import { BackupStore, BackupStoreHooks, isUniqueViolation } from './backup-store.service.js';
import type { NewBackup } from './backup-store.service.js';

export interface PublishEntry {
  produced: ProducedFile;
  meta: NewBackup;
}

/** What became of one entry: its listed backup, or why it is not listed. */
export type PublishOutcome = { backup: Backup; error?: undefined } | { backup?: undefined; error: unknown };

/** Rows per batch, claimed in one INSERT: 17 columns each stays far below every dialect's bind-parameter limit (SQLite 32,766). */
const MAX_BATCH = 500;

/**
 * Publishes many backups at once with BackupStore.publish's guarantees and
 * order (pending rows → durable manifests → durable links → rows 'ok'), but
 * each step is done for the whole batch: one INSERT, one UPDATE, and every
 * fsync of a step issued together, so the file system commits them as one.
 * A kill at any step leaves what reconcile() resolves, as for one backup.
 * Entries whose name is taken go through BackupStore.publish, one by one.
 */
@Injectable()
export class BackupBatchPublisher {
  private readonly logger = new Logger(BackupBatchPublisher.name);
  private readonly durability = new Durability(() => this.files.backupsRoot);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly files: BackupFilesService,
    private readonly store: BackupStore,
    private readonly config: AppConfig,
    private readonly hooks: BackupStoreHooks,
  ) {}

  /** `ops` does the file-system calls of each step (FileWriterThread: on its thread). */
  async publishMany(entries: PublishEntry[], ops: BatchFileOps): Promise<PublishOutcome[]> {
    if (entries.length > MAX_BATCH) throw new Error(`At most ${MAX_BATCH} backups per batch, got ${entries.length}`);
    const outcomes: PublishOutcome[] = new Array(entries.length);
    const single: number[] = [];
    try {
      const planned: Array<{ index: number; relativePath: string; absolute: string }> = [];
      const names = entries.map(({ produced }, index) => {
        const relativePath = `${produced.folder}/${produced.stem}.${produced.extension}`;
        return { index, relativePath, absolute: join(this.config.mediaRoot, relativePath) };
      });
      // Each file-system step is one call of `ops` for the whole batch.
      const taken = await ops.exist(names.map((n) => n.absolute));
      for (const [i, name] of names.entries()) {
        if (taken[i]) single.push(name.index);
        else planned.push(name);
      }
      const rows = await this.claimAll(planned.map((p) => ({ ...p, ...entries[p.index] })));
      if (!rows) single.push(...planned.map((p) => p.index));
      else await this.makeListed(planned, rows, entries, outcomes, single, ops);
    } catch (error) {
      for (let i = 0; i < entries.length; i++) if (!outcomes[i]) outcomes[i] = { error };
      single.length = 0;
    } finally {
      await ops.remove(entries.filter((_, i) => !single.includes(i)).map((e) => e.produced.tempPath));
    }
    // The rare name clash (two backups of a user in one second, a stray file): the one-at-a-time path finds the next name.
    for (const index of single.sort((a, b) => a - b)) {
      try {
        const { produced, meta } = entries[index];
        if (!produced.synced) await fsyncPath(produced.tempPath);
        outcomes[index] = { backup: await this.store.publish({ ...produced, synced: true }, meta) };
      } catch (error) {
        outcomes[index] = { error };
      }
    }
    return outcomes;
  }

  /** Manifests, then links, then the rows: each step synced as a whole before the next. Undone entirely on failure. */
  private async makeListed(
    planned: Array<{ index: number; relativePath: string; absolute: string }>,
    rows: Map<string, Backup>,
    entries: PublishEntry[],
    outcomes: PublishOutcome[],
    single: number[],
    ops: BatchFileOps,
  ): Promise<void> {
    const staged: string[] = [];
    const linked: string[] = [];
    const claimed = planned.map((p) => ({ ...p, row: rows.get(p.relativePath)! }));
    try {
      const staging = claimed.map((c) => manifestStaging(c.absolute, this.store.manifestOf(c.row, entries[c.index].meta), this.files.tempTag));
      // Known before they are made: a failure part way removes whichever were.
      staged.push(...staging.map((m) => m.path));
      await ops.create(staging);
      // The backups' bytes and their manifests in one flush (nothing is under a final name yet).
      await this.durability.flush({
        files: [
          ...staged,
          ...claimed
            .map((c) => entries[c.index].produced)
            .filter((p) => !p.synced)
            .map((p) => p.tempPath),
        ],
      });
      await ops.rename(claimed.map((c, i) => [staged[i], manifestPathOf(c.absolute)]));
      staged.length = 0;
      const folders = [...new Set(claimed.map((c) => dirname(c.absolute)))];
      await this.durability.flush({ folders });
      await this.hooks.afterManifest();
      const listed: typeof claimed = [];
      const clashed: typeof claimed = [];
      const pairs = claimed.map((c): [string, string] => [entries[c.index].produced.tempPath, c.absolute]);
      const links = await ops.link(pairs).catch(async (error: unknown) => {
        // No answer (the thread died): whichever links were made are found by their inode, to be undone below.
        linked.push(...(await linksMade(pairs)));
        throw error;
      });
      let failed: NodeJS.ErrnoException | undefined;
      for (const [i, c] of claimed.entries()) {
        const failure = links[i];
        if (!failure) {
          linked.push(c.absolute);
          listed.push(c);
        } else if (failure.code === 'EEXIST') clashed.push(c);
        else failed ??= failure;
      }
      // Thrown once every link made is known, so that all of them are undone.
      if (failed) throw failed;
      // A file the table does not know took the name: never overwrite it; those go the one-at-a-time way.
      for (const c of clashed) {
        await ops.remove([manifestPathOf(c.absolute)]);
        await this.backups.delete(c.row.id);
        single.push(c.index);
      }
      await this.durability.flush({ folders });
      await this.hooks.afterLink();
      if (listed.length) await this.backups.update({ id: In(listed.map((c) => c.row.id)) }, { status: 'ok' });
      for (const c of listed) {
        c.row.status = 'ok';
        outcomes[c.index] = { backup: c.row };
      }
    } catch (error) {
      // Nothing half-made is left: no file, no manifest, no row.
      await ops.remove([...linked, ...staged, ...claimed.map((c) => manifestPathOf(c.absolute))]);
      await this.backups
        .delete({ id: In(claimed.map((c) => c.row.id)) })
        // Left pending, never listed: the next start's reconcile removes them.
        .catch((failed: Error) => this.logger.warn(`Could not remove ${claimed.length} pending row(s) of a failed batch: ${failed.message}`));
      throw error;
    }
  }

  /** Pending rows for every planned entry in one INSERT, by path; null when a name is taken (then each goes alone). */
  private async claimAll(planned: Array<PublishEntry & { relativePath: string }>): Promise<Map<string, Backup> | null> {
    const rows = new Map<string, Backup>();
    if (!planned.length) return rows;
    const values = planned.map((p) => this.store.pendingRow(p.relativePath, p.produced, p.meta));
    try {
      // One statement (MAX_BATCH rows at most): all of them or none.
      await insertRows(this.backups.manager, Backup, values, MAX_BATCH);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    // Ids by path (file_path is unique): the same on every dialect, whatever INSERT … RETURNING support it has.
    const ids = await this.backups.find({ where: { filePath: In(planned.map((p) => p.relativePath)) }, select: { id: true, filePath: true } });
    const idOf = new Map(ids.map((r) => [r.filePath, r.id]));
    for (const value of values) rows.set(value.filePath, this.backups.create({ ...value, id: idOf.get(value.filePath)! }));
    return rows;
  }
}

/** The names of `pairs` that are links to their file (same device and inode): ours, whatever else is not. */
async function linksMade(pairs: Array<[existing: string, name: string]>): Promise<string[]> {
  const made = await Promise.all(
    pairs.map(async ([existing, name]) => {
      const [a, b] = await Promise.all([stat(existing), stat(name)]).catch(() => [null, null]);
      return a && b && a.dev === b.dev && a.ino === b.ino ? name : null;
    }),
  );
  return made.filter((name): name is string => name !== null);
}
