import { BackupInProgressException } from '../backups/backup.errors.js';
import { ScheduleNotFoundException } from '../scheduling/scheduling.errors.js';
import { DomainError, domainErrorStatus } from './domain-error.js';
import { HttpExceptionFilter } from './http-exception.filter.js';

/** The filter with a fake HTTP context, returning what it would send. */
function sut(exception: unknown) {
  let sent: { status?: number; body?: Record<string, unknown> } = {};
  const res = { headersSent: false, status: (s: number) => ({ json: (b: Record<string, unknown>) => (sent = { status: s, body: b }) }) };
  const host = { switchToHttp: () => ({ getRequest: () => ({ url: '/api/x', id: 'r1' }), getResponse: () => res }) };
  new HttpExceptionFilter().catch(exception, host as never);
  return sent;
}

describe('domain errors', () => {
  it.each([
    [new BackupInProgressException('full db'), 409, 'BACKUP_IN_PROGRESS'],
    [new ScheduleNotFoundException(7), 404, 'SCHEDULE_NOT_FOUND'],
    [new DomainError('SCHEDULE_INVALID', 'cron "x" is not valid', [{ field: 'cron', message: 'cron "x" is not valid' }]), 400, 'SCHEDULE_INVALID'],
  ])('%s → HTTP %i with its code', (error, status, code) => {
    const { status: sentStatus, body } = sut(error);
    expect([sentStatus, body?.code, body?.message]).toEqual([status, code, (error as Error).message]);
  });

  it('every code has a status', () => {
    for (const code of ['BACKUP_NOT_FOUND', 'BACKUP_FAILED', 'BACKUP_UNDECRYPTABLE', 'SCHEDULE_BUSY'] as const)
      expect(domainErrorStatus(code)).toBeGreaterThanOrEqual(400);
  });
});
