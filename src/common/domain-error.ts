import type { ErrorDetailDto } from './error-response.dto.js';

/**
 * Every code a service may fail with. Services throw DomainError (no HTTP in
 * them); the HTTP filter maps the code to a status (domainErrorStatus, which
 * must cover every code), and the CLI reads the code, not a message.
 */
export type DomainErrorCode =
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_IN_PROGRESS'
  | 'BACKUP_FAILED'
  | 'BACKUP_DAMAGED'
  | 'BACKUP_FILE_MISSING'
  | 'BACKUP_WRONG_KIND'
  | 'BACKUP_OWNER_GONE'
  | 'BACKUP_UNDELETE_CONFLICT'
  | 'BACKUP_UNDECRYPTABLE'
  | 'SCHEDULE_NOT_FOUND'
  | 'SCHEDULE_NAME_TAKEN'
  | 'SCHEDULE_BUSY'
  | 'SCHEDULE_INVALID';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: ErrorDetailDto[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The HTTP status of each code; TypeScript refuses this switch if a code is missing. */
export function domainErrorStatus(code: DomainErrorCode): number {
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
      const unhandled: never = code;
      throw new Error(`No HTTP status for domain error ${String(unhandled)}`);
    }
  }
}
