import { DomainError } from '../common/domain-error.js';
/** What the backup services fail with (mapped to HTTP by the filter, read by the CLI). */
export class BackupError extends DomainError {
    constructor(code, message) {
        super(code, message);
    }
}
/** A backup of the same target is already being written. */
export class BackupInProgressException extends BackupError {
    constructor(target) {
        super('BACKUP_IN_PROGRESS', `A ${target} backup is already running; try again when it has finished`);
    }
}
/** The backup could not be made; the run row holds the same text. Nothing was left on disk. */
export class BackupFailedException extends BackupError {
    reason;
    runId;
    constructor(what, reason, runId) {
        super('BACKUP_FAILED', `${what} failed: ${reason}`);
        this.reason = reason;
        this.runId = runId;
    }
}
//# sourceMappingURL=backup.errors.js.map