import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertWithIds } from '../database/insert-with-ids.js';
import { ensureIdsAbove, highestIdEver } from '../database/sequences.js';
import { BackupCopy } from './offsite/backup-copy.entity.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { fsyncPath } from './store/backup-manifest.js';

interface CarryOverFile {
  taken_at: string;
  /** Highest id each table ever gave: ids are not handed out twice after the restore. */
  high_water: Record<string, number>;
  backups: Backup[];
  runs: BackupRun[];
  copies: BackupCopy[];
}

const TABLES = [
  { table: 'backup_runs', entity: BackupRun, key: 'runs' },
  { table: 'backups', entity: Backup, key: 'backups' },
  { table: 'backup_copies', entity: BackupCopy, key: 'copies' },
] as const;

/**
 * The catalog and the run history describe the files and what happened, not
 * the data: a full restore must not roll them back. Before the database is
 * replaced they are written to MEDIA_ROOT/backups/.restore-carry-over.json;
 * after it, they replace the restored copies in one transaction. If the
 * restoring process is killed in between, the next start applies the file.
 */
@Injectable()
export class RestoreCarryOver {
  private readonly logger = new Logger(RestoreCarryOver.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly files: BackupFilesService,
  ) {}

  get path(): string {
    return join(this.files.backupsRoot, '.restore-carry-over.json');
  }

  async capture(): Promise<void> {
    const high_water: Record<string, number> = {};
    for (const { table } of TABLES) high_water[table] = await highestIdEver(this.dataSource, table);
    const content: CarryOverFile = {
      taken_at: new Date().toISOString(),
      high_water,
      backups: await this.dataSource.getRepository(Backup).find({ order: { id: 'ASC' } }),
      runs: await this.dataSource.getRepository(BackupRun).find({ order: { id: 'ASC' } }),
      copies: await this.dataSource.getRepository(BackupCopy).find({ order: { id: 'ASC' } }),
    };
    await this.files.ensureDir(this.files.backupsRoot);
    const temp = `${this.path}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(temp, JSON.stringify(content), { mode: 0o600, flag: 'wx' });
    await fsyncPath(temp);
    await rename(temp, this.path);
    await fsyncPath(this.files.backupsRoot);
  }

  /** Nothing was replaced (the restore failed before its swap): the carry-over is not needed. */
  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** Applies a carry-over left by a restore; returns the rows carried, or null when there was none. */
  async applyPending(): Promise<{ backups: number; runs: number } | null> {
    let content: CarryOverFile;
    try {
      content = JSON.parse(await readFile(this.path, 'utf8'), (key, value) =>
        typeof value === 'string' && /At$/.test(key) ? new Date(value) : value,
      ) as CarryOverFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // A torn file cannot come from capture() (temp + rename); refuse to guess.
      throw new Error(`${this.path} cannot be read (${(error as Error).message}); move it away to start without it`, { cause: error });
    }
    await this.dataSource.transaction(async (em) => {
      for (const { entity } of [...TABLES].reverse()) await em.createQueryBuilder().delete().from(entity).execute();
      for (const { entity, key } of TABLES) {
        await insertWithIds(em, entity, content[key] as never[]);
      }
    });
    for (const { table } of TABLES) await ensureIdsAbove(this.dataSource, table, content.high_water[table] ?? 0);
    await rm(this.path, { force: true });
    this.logger.log(`Carried the catalog over the restore: ${content.backups.length} backups, ${content.runs.length} runs`);
    return { backups: content.backups.length, runs: content.runs.length };
  }
}
