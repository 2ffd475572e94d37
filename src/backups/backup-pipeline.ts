import type { Backup } from './backup.entity.js';
import type { BackupRun } from './backup-run.entity.js';
import type { ProducedFile } from './backup-files.service.js';
import type { NewBackup } from './store/backup-store.service.js';

/** One kind of backup (a full database dump, one user's inventory): what to write, and what the manifest says. */
export interface BackupPipelineProducer {
  /** For logs: "full database backup", "inventory backup of john". */
  describe: string;
  /** Writes and verifies the temp file. */
  produce(now: Date): Promise<ProducedFile>;
  /** The row's fields (the run and the moment are filled in by the pipeline). */
  meta(now: Date, run: BackupRun): Promise<Omit<NewBackup, 'createdAt' | 'runId' | 'createdBy' | 'isScheduled'>>;
  /** The rotation set: full_db, or one user's inventories. */
  set: { type: Backup['type']; userId: number | null };
}

export function isDiskFull(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return (error as NodeJS.ErrnoException)?.code === 'ENOSPC' || /ENOSPC|No space left on device/i.test(text);
}

/** ENOSPC, in words an operator can act on. */
export function describeFailure(error: unknown, freeBytes: number | null): string {
  const text = error instanceof Error ? error.message : String(error);
  if (isDiskFull(error)) {
    return `The disk is full (ENOSPC) on the file system holding MEDIA_ROOT: ${freeBytes === null ? 'free space unknown' : `${freeBytes} bytes free`}. Free some space (or keep fewer backups) and run the backup again. (${text})`;
  }
  return text;
}
