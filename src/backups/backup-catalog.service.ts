import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { appendFile, open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { Repository } from 'typeorm';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
import type { BackupType } from './backup.entity.js';

/** One line of the journal: a backup as recorded, or the removal of one. */
interface JournalEntry {
  op: 'add' | 'remove';
  file_path: string;
  type?: BackupType;
  user_id?: number | null;
  size_bytes?: number;
  sha256?: string;
  format?: string;
  dialect?: string;
  created_at?: string;
  created_by?: number | null;
  is_scheduled?: boolean;
  encryption_key_id?: string | null;
}

const FORMATS: Record<string, { format: string; dialect: string }> = {
  sqlite3: { format: 'sqlite3', dialect: 'sqlite' },
  dump: { format: 'pg_dump-custom', dialect: 'postgres' },
  'sql.gz': { format: 'mysqldump-gzip', dialect: 'mysql' },
  json: { format: 'inventory-json', dialect: 'json' },
};

/**
 * The backups table lives in the database, so restoring an older database
 * would forget every backup made since. Each backup is therefore also written
 * to an append-only journal beside the files (MEDIA_ROOT/backups/catalog.jsonl),
 * and `reconcile` rebuilds the table from the files on disk: rows whose file is
 * gone are dropped, files the table does not know are added back with the
 * checksum the journal recorded when they were made.
 */
@Injectable()
export class BackupCatalogService {
  private readonly logger = new Logger(BackupCatalogService.name);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly files: BackupFilesService,
  ) {}

  get journalPath(): string {
    return join(this.files.backupsRoot, 'catalog.jsonl');
  }

  async recordAdded(b: Backup): Promise<void> {
    await this.append({
      op: 'add',
      file_path: b.filePath,
      type: b.type,
      user_id: b.userId,
      size_bytes: b.sizeBytes,
      sha256: b.sha256,
      format: b.format,
      dialect: b.dialect,
      created_at: new Date(b.createdAt).toISOString(),
      created_by: b.createdBy,
      is_scheduled: b.isScheduled,
      encryption_key_id: b.encryptionKeyId,
    });
  }

  async recordRemoved(filePath: string): Promise<void> {
    await this.append({ op: 'remove', file_path: filePath });
  }

  /** The sha256 the journal recorded for a file, if any. */
  async recordedChecksum(filePath: string): Promise<string | undefined> {
    return (await this.readJournal()).get(filePath)?.sha256;
  }

  async reconcile(): Promise<{ added: number; removed: number }> {
    const onDisk = new Set(await this.listBackupFiles());
    const journal = await this.readJournal();
    const rows = await this.backups.find({ select: { id: true, filePath: true } });
    const known = new Set(rows.map((r) => r.filePath));
    let removed = 0;
    for (const row of rows) {
      if (!onDisk.has(row.filePath)) {
        await this.backups.delete(row.id);
        removed++;
      }
    }
    let added = 0;
    for (const filePath of onDisk) {
      if (known.has(filePath)) continue;
      await this.backups.save(this.backups.create(await this.rowFor(filePath, journal.get(filePath))));
      added++;
    }
    if (added || removed) this.logger.log(`Catalog reconciled with the files: ${added} added, ${removed} removed`);
    return { added, removed };
  }

  private async rowFor(filePath: string, entry: JournalEntry | undefined): Promise<Partial<Backup>> {
    if (entry?.sha256) {
      return {
        type: entry.type!,
        userId: entry.user_id ?? null,
        filePath,
        sizeBytes: entry.size_bytes!,
        sha256: entry.sha256,
        format: entry.format!,
        dialect: entry.dialect!,
        createdAt: new Date(entry.created_at!),
        createdBy: entry.created_by ?? null,
        isScheduled: Boolean(entry.is_scheduled),
        verifiedAt: null,
        runId: null,
        encryptionKeyId: entry.encryption_key_id ?? null,
      };
    }
    // Not in the journal (made by an older version, or the journal was lost): everything but who made it is in the name and the bytes.
    const absolute = this.files.resolveStored(filePath);
    const digest = await this.files.digestOf(absolute);
    const stamp = filePath.match(/_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_\d+)?\./)!;
    const plainName = filePath.replace(/\.enc$/, '');
    const extension = plainName.endsWith('.sql.gz') ? 'sql.gz' : plainName.split('.').pop()!;
    const userId = filePath.match(/^backups\/user_inventory\/(\d+)\//)?.[1];
    return {
      type: userId ? 'user_inventory' : 'full_db',
      userId: userId ? Number(userId) : null,
      filePath,
      sizeBytes: digest.sizeBytes,
      sha256: digest.sha256,
      ...FORMATS[extension],
      createdAt: new Date(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`),
      createdBy: null,
      isScheduled: false,
      verifiedAt: null,
      runId: null,
      encryptionKeyId: filePath.endsWith('.enc') ? await this.files.encryptionKeyIdOf(absolute) : null,
    };
  }

  private async listBackupFiles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else {
          const rel = relative(join(this.files.backupsRoot, '..'), path).split(sep).join('/');
          if (this.files.isBackupPath(rel)) found.push(rel);
        }
      }
    };
    await walk(this.files.backupsRoot);
    return found;
  }

  private async readJournal(): Promise<Map<string, JournalEntry>> {
    const entries = new Map<string, JournalEntry>();
    const stream = createReadStream(this.journalPath);
    const ready = await new Promise<boolean>((resolve) => {
      stream.once('open', () => resolve(true));
      stream.once('error', () => resolve(false));
    });
    if (!ready) return entries;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (entry.op === 'remove') entries.delete(entry.file_path);
        else entries.set(entry.file_path, entry);
      } catch {
        // A torn last line after a crash: skip it, the rest still counts.
      }
    }
    return entries;
  }

  private async append(entry: JournalEntry): Promise<void> {
    await this.files.ensureDir(this.files.backupsRoot);
    await appendFile(this.journalPath, JSON.stringify(entry) + '\n', { mode: 0o600 });
    const handle = await open(this.journalPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
