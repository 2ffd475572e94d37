import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
export class ScheduleNotFoundException extends NotFoundException {
    constructor(id) {
        super(`Schedule ${id} not found`);
    }
}
export class ScheduleNameTakenException extends ConflictException {
    constructor(name) {
        super(`A schedule named "${name}" already exists`);
    }
}
/** "Run now" while the schedule's previous run is still going (here or on another instance). */
export class ScheduleBusyException extends ConflictException {
    constructor(name, holder) {
        super(`Schedule "${name}" is already running (on ${holder}); try again when it has finished`);
    }
}
/** A cron expression or time zone that cannot be used; names the field, as the ValidationPipe does. */
export class InvalidScheduleException extends BadRequestException {
    constructor(field, message) {
        super({ message, details: [{ field, message }] });
    }
}
//# sourceMappingURL=scheduling.errors.js.map