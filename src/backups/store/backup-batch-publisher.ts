import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { link, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { In, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { insertRows } from '../../database/insert-with-ids.js';
import { BackupFilesService } from '../backup-files.service.js';
import type { ProducedFile } from '../backup-files.service.js';
import { Backup } from '../backup.entity.js';
import { fsyncPath, manifestPathOf, stageManifest } from './backup-manifest.js';
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
  private readonly durability = new Durability(() => this.files.backupsRoot);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly files: BackupFilesService,
    private readonly store: BackupStore,
    private readonly config: AppConfig,
    private readonly hooks: BackupStoreHooks,
  ) {}

  async publishMany(entries: PublishEntry[]): Promise<PublishOutcome[]> {
    if (entries.length > MAX_BATCH) throw new Error(`At most ${MAX_BATCH} backups per batch, got ${entries.length}`);
    const outcomes: PublishOutcome[] = new Array(entries.length);
    const single: number[] = [];
    try {
      const planned: Array<{ index: number; relativePath: string; absolute: string }> = [];
      const names = entries.map(({ produced }, index) => {
        const relativePath = `${produced.folder}/${produced.stem}.${produced.extension}`;
        return { index, relativePath, absolute: join(this.config.mediaRoot, relativePath) };
      });
      // File-system steps of a batch run side by side: each is a thread-pool round trip.
      const taken = await Promise.all(names.map((n) => exists(n.absolute)));
      for (const [i, name] of names.entries()) {
        if (taken[i]) single.push(name.index);
        else planned.push(name);
      }
      const rows = await this.claimAll(planned.map((p) => ({ ...p, ...entries[p.index] })));
      if (!rows) single.push(...planned.map((p) => p.index));
      else await this.makeListed(planned, rows, entries, outcomes, single);
    } catch (error) {
      for (let i = 0; i < entries.length; i++) if (!outcomes[i]) outcomes[i] = { error };
      single.length = 0;
    } finally {
      await Promise.all(entries.filter((_, i) => !single.includes(i)).map((e) => rm(e.produced.tempPath, { force: true }).catch(() => undefined)));
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
  ): Promise<void> {
    const staged: string[] = [];
    const linked: string[] = [];
    const claimed = planned.map((p) => ({ ...p, row: rows.get(p.relativePath)! }));
    try {
      await Promise.all(
        claimed.map(async (c, i) => (staged[i] = await stageManifest(c.absolute, this.store.manifestOf(c.row, entries[c.index].meta), this.files.tempTag))),
      );
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
      await Promise.all(claimed.map((c, i) => rename(staged[i], manifestPathOf(c.absolute))));
      staged.length = 0;
      const folders = [...new Set(claimed.map((c) => dirname(c.absolute)))];
      await this.durability.flush({ folders });
      await this.hooks.afterManifest();
      const listed: typeof claimed = [];
      const clashed: typeof claimed = [];
      const links = await Promise.allSettled(claimed.map((c) => link(entries[c.index].produced.tempPath, c.absolute)));
      for (const [i, c] of claimed.entries()) {
        const result = links[i];
        if (result.status === 'fulfilled') {
          linked.push(c.absolute);
          listed.push(c);
        } else if ((result.reason as NodeJS.ErrnoException).code === 'EEXIST') clashed.push(c);
        else throw result.reason;
      }
      // A file the table does not know took the name: never overwrite it; those go the one-at-a-time way.
      for (const c of clashed) {
        await rm(manifestPathOf(c.absolute), { force: true });
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
      await Promise.all([
        ...linked.map((path) => rm(path, { force: true }).catch(() => undefined)),
        ...staged.map((path) => rm(path, { force: true }).catch(() => undefined)),
        ...claimed.map((c) => rm(manifestPathOf(c.absolute), { force: true }).catch(() => undefined)),
      ]);
      await this.backups.delete({ id: In(claimed.map((c) => c.row.id)) }).catch(() => undefined);
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

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
