import { DomainError } from '../common/domain-error.js';
import type { DomainErrorCode } from '../common/domain-error.js';

/** What the backup services fail with (mapped to HTTP by the filter, read by the CLI). */
export class BackupError extends DomainError {
  constructor(code: Extract<DomainErrorCode, `BACKUP_${string}`>, message: string) {
    super(code, message);
  }
}

/** A backup of the same target is already being written. */
export class BackupInProgressException extends BackupError {
  constructor(target: string) {
    super('BACKUP_IN_PROGRESS', `A ${target} backup is already running; try again when it has finished`);
  }
}

/** The backup could not be made; the run row holds the same text. Nothing was left on disk. */
export class BackupFailedException extends BackupError {
  constructor(
    what: string,
    readonly reason: string,
    readonly runId: number,
  ) {
    super('BACKUP_FAILED', `${what} failed: ${reason}`);
  }
}
