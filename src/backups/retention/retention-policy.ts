/** The rotation rules of one set of backups (restic's meaning for the calendar tiers). */
export interface RetentionPolicy {
  /** The newest N are kept (the seed's rule). */
  keep: number;
  /** The newest backup of each of the last N days / ISO weeks / months that have one; 0 = off. */
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  /** IANA zone the calendar is read in (BACKUP_TIMEZONE). */
  timezone: string;
}

export interface RetentionCandidate {
  id: number;
  createdAt: Date;
  pinned: boolean;
  pinReason: string | null;
  pinnedUntil: Date | null;
}

export interface RetentionVerdict {
  id: number;
  createdAt: Date;
  keep: boolean;
  /** Why it is kept ("newest 10", "daily 2026-11-30", "pinned: …"); empty when rotation removes it. */
  reasons: string[];
}

/**
 * Which backups of one set a policy keeps. A backup is kept when any rule
 * keeps it, when it is pinned (and the pin has not run out), when it is the
 * newest of its set, or when it is `protectId` (the backup just made).
 */
export function evaluateRetention(candidates: RetentionCandidate[], policy: RetentionPolicy, now: Date, protectId?: number): RetentionVerdict[] {
  const sorted = [...candidates].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  const calendar = localCalendar(policy.timezone);
  const tiers: Array<{ name: string; limit: number; bucket: (d: Date) => string; seen: Set<string> }> = [
    { name: 'daily', limit: policy.keepDaily, bucket: (d) => calendar(d).day, seen: new Set() },
    { name: 'weekly', limit: policy.keepWeekly, bucket: (d) => calendar(d).isoWeek, seen: new Set() },
    { name: 'monthly', limit: policy.keepMonthly, bucket: (d) => calendar(d).month, seen: new Set() },
  ];
  return sorted.map((backup, index) => {
    const reasons: string[] = [];
    if (index === 0) reasons.push('newest of its set');
    if (index < policy.keep) reasons.push(`newest ${policy.keep}`);
    for (const tier of tiers) {
      if (tier.limit <= 0) continue;
      const bucket = tier.bucket(backup.createdAt);
      // The first (newest) backup seen in a bucket represents it, for the newest `limit` buckets.
      if (!tier.seen.has(bucket) && tier.seen.size < tier.limit) {
        tier.seen.add(bucket);
        reasons.push(`${tier.name} ${bucket}`);
      } else tier.seen.add(bucket);
    }
    if (backup.pinned && (!backup.pinnedUntil || backup.pinnedUntil > now)) reasons.push(`pinned: ${backup.pinReason ?? 'no reason given'}`);
    if (backup.id === protectId && !reasons.length) reasons.push('just made');
    return { id: backup.id, createdAt: backup.createdAt, keep: reasons.length > 0, reasons };
  });
}

/** The local day (2026-11-30), ISO week (2026-W48) and month (2026-11) of an instant in `timeZone`. */
export function localCalendar(timeZone: string): (d: Date) => { day: string; isoWeek: string; month: string } {
  const format = formatterFor(timeZone);
  return (d) => {
    const parts = Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
    const [y, m, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
    // ISO 8601 week: the week with the year's first Thursday is week 1; weeks start on Monday.
    const date = new Date(Date.UTC(y, m - 1, day));
    const weekday = date.getUTCDay() || 7;
    date.setUTCDate(date.getUTCDate() + 4 - weekday);
    const weekYear = date.getUTCFullYear();
    const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
    return {
      day: `${parts.year}-${parts.month}-${parts.day}`,
      isoWeek: `${weekYear}-W${String(week).padStart(2, '0')}`,
      month: `${parts.year}-${parts.month}`,
    };
  };
}

/** Building an Intl.DateTimeFormat costs more than a rotation of 10 backups: one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}
