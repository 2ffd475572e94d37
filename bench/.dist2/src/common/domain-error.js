export class DomainError extends Error {
    code;
    details;
    constructor(code, message, details) {
        super(message);
        this.code = code;
        this.details = details;
        this.name = new.target.name;
    }
}
/** The HTTP status of each code; TypeScript refuses this switch if a code is missing. */
export function domainErrorStatus(code) {
    switch (code) {
        case 'BACKUP_NOT_FOUND':
        case 'BACKUP_FILE_MISSING':
        case 'BACKUP_OWNER_GONE':
        case 'SCHEDULE_NOT_FOUND':
            return 404;
        case 'BACKUP_IN_PROGRESS':
        case 'BACKUP_DAMAGED':
        case 'BACKUP_UNDELETE_CONFLICT':
        case 'BACKUP_UNDECRYPTABLE':
        case 'SCHEDULE_NAME_TAKEN':
        case 'SCHEDULE_BUSY':
            return 409;
        case 'BACKUP_WRONG_KIND':
        case 'SCHEDULE_INVALID':
            return 400;
        case 'BACKUP_FAILED':
            return 500;
        default: {
            const unhandled = code;
            throw new Error(`No HTTP status for domain error ${String(unhandled)}`);
        }
    }
}
//# sourceMappingURL=domain-error.js.map