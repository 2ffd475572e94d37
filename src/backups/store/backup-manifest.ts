import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Backup } from '../backup.entity.js';
import { tempSuffix } from './temp-names.js';

export const MANIFEST_SUFFIX = '.manifest.json';

/**
 * What a backup is, written beside its file (<file>.manifest.json): enough to
 * list it again with the same id after the table lost it (a full restore, a
 * kill between the file and its row), and to tell whether the file is still
 * the one that was made.
 */
export interface BackupManifest {
  manifest_version: 1;
  id: number;
  type: Backup['type'];
  user_id: number | null;
  username?: string | null;
  file: string;
  created_at: string;
  created_by: number | null;
  is_scheduled: boolean;
  run_id: number | null;
  sha256: string;
  size_bytes: number;
  format: string;
  dialect: string;
  /** user_inventory: items; full_db: rows per table when counted. */
  counts: Record<string, number>;
  app_version: string;
  latest_migration: string;
  tool_version: string | null;
  encryption_key_id: string | null;
  label: string | null;
}

export const manifestPathOf = (backupPath: string) => backupPath + MANIFEST_SUFFIX;

/** Temp name, fsync, rename, fsync the folder: a reader sees no manifest or a whole one. */
export async function writeManifest(backupPath: string, manifest: BackupManifest, tempTag: string): Promise<string> {
  const temp = await stageManifest(backupPath, manifest, tempTag);
  try {
    await fsyncPath(temp);
    await rename(temp, manifestPathOf(backupPath));
    await fsyncPath(dirname(backupPath));
    return manifestPathOf(backupPath);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Where a manifest is staged (a temp name beside its final one) and its text. */
export function manifestStaging(backupPath: string, manifest: BackupManifest, tempTag: string): { path: string; text: string } {
  const target = manifestPathOf(backupPath);
  return { path: join(dirname(target), `.${basename(target)}.${tempSuffix(tempTag)}.partial`), text: JSON.stringify(manifest, null, 2) + '\n' };
}

/** The manifest under a temp name beside its final one, not yet fsynced: the caller syncs and renames it. */
export async function stageManifest(backupPath: string, manifest: BackupManifest, tempTag: string): Promise<string> {
  const { path: temp, text } = manifestStaging(backupPath, manifest, tempTag);
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    return temp;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The manifest beside `backupPath`, null when there is none, 'unreadable' when it is torn or not ours. */
export async function readManifest(backupPath: string): Promise<BackupManifest | null | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(manifestPathOf(backupPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as BackupManifest;
    return parsed.manifest_version === 1 && Number.isInteger(parsed.id) && typeof parsed.sha256 === 'string' ? parsed : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export function manifestToRow(m: BackupManifest, filePath: string): Partial<Backup> {
  return {
    id: m.id,
    type: m.type,
    userId: m.user_id,
    filePath,
    sizeBytes: m.size_bytes,
    sha256: m.sha256,
    format: m.format,
    dialect: m.dialect,
    createdAt: new Date(m.created_at),
    createdBy: m.created_by,
    isScheduled: m.is_scheduled,
    verifiedAt: null,
    runId: m.run_id,
    encryptionKeyId: m.encryption_key_id,
    status: 'ok',
    label: m.label,
    // Every column, defaults included: the row is written with insertWithIds, which sets all of them.
    pinned: false,
    pinReason: null,
    pinnedUntil: null,
    trashedAt: null,
    itemCount: Object.keys(m.counts ?? {}).length ? Object.values(m.counts).reduce((a, b) => a + b, 0) : null,
  };
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs every path (files or folders), several at a time: the file system commits concurrent syncs together. */
export async function fsyncAll(paths: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(paths)].map(fsyncPath));
}
