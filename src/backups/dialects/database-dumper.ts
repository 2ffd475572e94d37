import type { Dialect } from '../../config/app-config.js';
import type { Digest } from '../backup-files.service.js';

/**
 * How one database dialect takes and checks a full backup. The abstract class
 * is also the DI token; backups.module picks the implementation whose
 * `dialect` matches DATABASE_URL.
 */
export abstract class DatabaseDumper {
  abstract readonly dialect: Dialect;
  /** File extension of the backup, e.g. "dump". */
  abstract readonly extension: string;
  /** Recorded in the backups table, e.g. "pg_dump-custom". */
  abstract readonly format: string;
  /** The dump tool's version line, known after preflight (goes into manifests). */
  toolVersion?: string;

  /** Fails fast with a clear message when the tools cannot do the job (missing, too old). */
  abstract preflight(): Promise<void>;

  /** Writes a complete backup to `tempPath` (which does not exist yet); returns its digest when hashed while streaming. */
  abstract dump(tempPath: string): Promise<Digest | void>;

  /** Throws unless the file at `path` is a complete, readable backup. */
  abstract verify(path: string): Promise<void>;

  /**
   * Replaces the whole database with the backup at `path`, all or nothing:
   * killed at any moment, the database is the old one or the new one. The
   * caller has checked the checksum and closed what must be closed (SQLite:
   * every connection).
   */
  abstract restore(path: string): Promise<void>;

  /** Removes what a killed restore left beside the database (scratch databases, temp files). */
  async sweepRestoreLeftovers(): Promise<void> {}
}

export class BackupToolError extends Error {}
