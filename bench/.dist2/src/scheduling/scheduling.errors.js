import { DomainError } from '../common/domain-error.js';
export class ScheduleNotFoundException extends DomainError {
    constructor(id) {
        super('SCHEDULE_NOT_FOUND', `Schedule ${id} not found`);
    }
}
export class ScheduleNameTakenException extends DomainError {
    constructor(name) {
        super('SCHEDULE_NAME_TAKEN', `A schedule named "${name}" already exists`);
    }
}
/** "Run now" while the schedule's previous run is still going (here or on another instance). */
export class ScheduleBusyException extends DomainError {
    constructor(name, holder) {
        super('SCHEDULE_BUSY', `Schedule "${name}" is already running (on ${holder}); try again when it has finished`);
    }
}
/** A cron expression or time zone that cannot be used; names the field, as the ValidationPipe does. */
export class InvalidScheduleException extends DomainError {
    constructor(field, message) {
        super('SCHEDULE_INVALID', message, [{ field, message }]);
    }
}
//# sourceMappingURL=scheduling.errors.js.map