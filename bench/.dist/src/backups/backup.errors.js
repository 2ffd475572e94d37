import { ConflictException, InternalServerErrorException } from '@nestjs/common';
/** A backup of the same target is already being written. */
export class BackupInProgressException extends ConflictException {
    constructor(target) {
        super(`A ${target} backup is already running; try again when it has finished`);
    }
}
/** The backup could not be made; the run row holds the same text. Nothing was left on disk. */
export class BackupFailedException extends InternalServerErrorException {
    runId;
    constructor(what, reason, runId) {
        super(`${what} failed: ${reason}`);
        this.runId = runId;
    }
}
//# sourceMappingURL=backup.errors.js.map