import { evaluateRetention, localCalendar } from './retention-policy.js';
import type { RetentionCandidate, RetentionPolicy } from './retention-policy.js';

const HOUR = 3600_000;

/** Backups every `everyHours` from `from` to `to` (UTC instants), ids in order. */
function series(from: string, to: string, everyHours: number): RetentionCandidate[] {
  const out: RetentionCandidate[] = [];
  for (let t = Date.parse(from), id = 1; t <= Date.parse(to); t += everyHours * HOUR, id++)
    out.push({ id, createdAt: new Date(t), pinned: false, pinReason: null, pinnedUntil: null });
  return out;
}

const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({ keep: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, timezone: 'UTC', ...p });
const kept = (verdicts: ReturnType<typeof evaluateRetention>) => verdicts.filter((v) => v.keep).map((v) => v.createdAt.toISOString());
const now = new Date('2027-01-01T00:00:00Z');

describe('evaluateRetention', () => {
  it('with tiers off, keep 7 keeps exactly the newest 7 (the seed rule)', () => {
    const backups = series('2026-11-01T00:00:00Z', '2026-11-05T00:00:00Z', 4);
    const verdicts = evaluateRetention(backups, policy({ keep: 7 }), now);
    expect(verdicts.filter((v) => v.keep).map((v) => v.id)).toEqual(
      backups
        .slice(-7)
        .map((b) => b.id)
        .reverse(),
    );
  });

  it('a month of 4-hourly backups in America/New_York across the November DST change: newest 10, 7 local days, 4 ISO weeks, 6 months', () => {
    // Before DST ends (2026-11-01 06:00Z) a local day's newest backup is 00:00Z of the next UTC day (20:00 EDT);
    // after it, 04:00Z of the next UTC day (23:00 EST).
    const backups = series('2026-10-05T00:00:00Z', '2026-11-04T20:00:00Z', 4);
    const verdicts = evaluateRetention(backups, policy({ keep: 10, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, timezone: 'America/New_York' }), now);
    const newest10 = ['11-03T08', '11-03T12', '11-03T16', '11-03T20', '11-04T00', '11-04T04', '11-04T08', '11-04T12', '11-04T16', '11-04T20'];
    const daily = ['11-04T20', '11-04T04', '11-03T04', '11-02T04', '11-01T00', '10-31T00', '10-30T00'];
    const weekly = ['11-04T20', '11-02T04', '10-26T00', '10-19T00'];
    const monthly = ['11-04T20', '11-01T00'];
    const expected = [...new Set([...newest10, ...daily, ...weekly, ...monthly])]
      .map((t) => `2026-${t}:00:00.000Z`)
      .sort()
      .reverse();
    expect(kept(verdicts)).toEqual(expected);
    const reasonsOf = (t: string) => verdicts.find((v) => v.createdAt.toISOString() === `2026-${t}:00:00.000Z`)!.reasons;
    expect(reasonsOf('11-02T04')).toEqual(['daily 2026-11-01', 'weekly 2026-W44']);
    expect(reasonsOf('11-02T00')).toEqual([]);
    expect(reasonsOf('11-01T00')).toEqual(['daily 2026-10-31', 'monthly 2026-10']);
    expect(reasonsOf('10-19T00')).toEqual(['weekly 2026-W42']);
    expect(reasonsOf('10-18T00')).toEqual([]);
  });

  it('the calendar is local: 23:30 UTC is the next day in Berlin', () => {
    expect(localCalendar('Europe/Berlin')(new Date('2026-11-30T23:30:00Z')).day).toBe('2026-12-01');
    expect(localCalendar('UTC')(new Date('2026-11-30T23:30:00Z')).day).toBe('2026-11-30');
    expect(localCalendar('UTC')(new Date('2027-01-01T12:00:00Z')).isoWeek).toBe('2026-W53');
  });

  it('a pinned backup survives any policy while its pin lasts; the newest always survives', () => {
    const backups = series('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 4);
    backups[0].pinned = true;
    backups[0].pinReason = 'before the move';
    backups[1].pinned = true;
    backups[1].pinReason = 'expired';
    backups[1].pinnedUntil = new Date('2026-12-01T00:00:00Z');
    const verdicts = evaluateRetention(backups, policy({ keep: 0 }), now);
    expect(verdicts.filter((v) => v.keep).map((v) => [v.id, v.reasons])).toEqual([
      [backups[backups.length - 1].id, ['newest of its set']],
      [backups[0].id, ['pinned: before the move']],
    ]);
  });
});
