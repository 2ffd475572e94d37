import { CronTime } from 'cron';
import { cronExpressionProblem, normalizeTimeZone, timeZoneProblem } from '../config/app-config.js';
/** A cron expression or time zone that cannot be used; `field` is the API field at fault. */
export class InvalidScheduleError extends Error {
    field;
    constructor(field, message) {
        super(message);
        this.field = field;
    }
}
/** How far nextAfter looks: the longest wait of any valid expression is 8 years (29 February, 2096 to 2104). */
const SEARCH_HORIZON_MS = 9 * 366 * 86400_000;
/**
 * When a cron expression fires in an IANA time zone.
 *
 * The expression is matched against local wall-clock time with cron's own
 * parser in UTC, where its arithmetic is plain calendar arithmetic; mapping
 * wall-clock times to instants is done here. cron 4.4's time-zone mode gets
 * DST days wrong (measured: in America/New_York a daily 02:30 fires twice on
 * the November change day, at 01:30 and 02:30 EST; in Australia/Sydney a
 * daily 02:30 never fires on the October change day), so it is not used.
 *
 * The rules, as Vixie cron and systemd keep them:
 * - a wall-clock time skipped when clocks go forward runs once, at the first
 *   instant after the gap (a daily 02:30 runs at 03:00 on that day);
 * - in the hour repeated when clocks go back, schedules that name their hours
 *   run once (in the first pass); schedules that run every hour keep running
 *   through both passes.
 */
export class CronSchedule {
    expression;
    timeZone;
    wallClock;
    everyHour;
    zone;
    /** The last answer of nextAfter (instants in ms), reused while "after" stays before it. */
    last;
    constructor(expression, timeZone) {
        const cronProblem = cronExpressionProblem(expression);
        if (cronProblem)
            throw new InvalidScheduleError('cron', `cron "${expression}" ${cronProblem}`);
        const zoneProblem = timeZoneProblem(timeZone);
        if (zoneProblem)
            throw new InvalidScheduleError('timezone', `timezone ${zoneProblem}`);
        this.expression = expression.trim().split(/\s+/).join(' ');
        this.timeZone = normalizeTimeZone(timeZone);
        this.wallClock = new CronTime(this.expression, 'UTC');
        this.everyHour = this.wallClock.toJSON()[2] === '*';
        this.zone = ZoneOffsets.of(this.timeZone);
    }
    /** The first time this schedule fires strictly after `after`. */
    nextAfter(after) {
        const t = after.getTime();
        // The scheduler asks again and again from a "now" that has not passed the last answer: nothing fires in between.
        if (this.last && t >= this.last.after && t < this.last.next)
            return new Date(this.last.next);
        const next = this.search(t);
        this.last = { after: t, next };
        return new Date(next);
    }
    search(start) {
        let from = start;
        // Each pass either answers or moves past one DST transition. No pass cap: a leap-day schedule meets 8+
        // clock changes before its next 29 February; the horizon only guards against an expression that never fires.
        while (from - start < SEARCH_HORIZON_MS) {
            let offset = this.zone.offsetAt(from + 1);
            let transition;
            const before = from === start ? this.zone.offsetAt(from) : offset;
            if (before !== offset) {
                // `start` is the last instant before a change: the change itself (a run skipped by a gap) comes strictly after it.
                [transition, offset] = [from + 1, before];
            }
            else {
                const candidate = this.nextWallMatch(from + offset) - offset;
                transition = this.zone.firstChange(from + 1, candidate, offset);
                if (transition === null)
                    return candidate;
            }
            const after = this.zone.offsetAt(transition);
            if (after > offset) {
                // Clocks went forward: wall times in [transition+offset, transition+after) never happen.
                if (this.nextWallMatch(transition + offset - 1000) < transition + after)
                    return transition;
                from = transition - 1;
            }
            else {
                // Clocks went back: wall times in [transition+after, transition+offset) come a second time.
                from = this.everyHour ? transition - 1 : transition + (offset - after) - 1;
            }
        }
        throw new Error(`Could not find the next run of "${this.expression}" in ${this.timeZone} within 9 years after ${new Date(start).toISOString()}`);
    }
    /** The latest time this schedule fired in (after, now], or null if it did not. */
    latestBetween(after, now) {
        const first = this.nextAfter(after);
        if (first > now)
            return null;
        const second = this.nextAfter(first);
        if (second > now)
            return first;
        // Several were missed (downtime): find the last one by bisection over whole seconds.
        let lo = Math.floor(second.getTime() / 1000);
        let hi = Math.floor(now.getTime() / 1000);
        while (lo < hi) {
            const mid = Math.floor((lo + hi + 1) / 2);
            if (this.nextAfter(new Date(mid * 1000)) <= now)
                lo = mid;
            else
                hi = mid - 1;
        }
        const last = this.nextAfter(new Date(lo * 1000));
        return last <= now ? last : second;
    }
    /** `at` as local time in the schedule's zone, ISO 8601 with offset (2027-03-14T03:00:00-04:00). */
    localIso(at) {
        const offset = this.zone.offsetAt(at.getTime());
        const local = new Date(at.getTime() + offset).toISOString().slice(0, 19);
        if (offset === 0)
            return `${local}Z`;
        const minutes = Math.abs(offset) / 60_000;
        return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    }
    /** The first wall-clock time (as UTC milliseconds) strictly after `wall` that the expression matches. */
    nextWallMatch(wall) {
        return this.wallClock.getNextDateFrom(new Date(wall), 'UTC').toMillis();
    }
}
/** UTC offsets of one IANA zone, read through Intl (no tz database of our own). */
class ZoneOffsets {
    static cache = new Map();
    format;
    /** UTC (the default zone) never changes offset: skip Intl. */
    utc;
    static of(timeZone) {
        let zone = ZoneOffsets.cache.get(timeZone);
        if (!zone)
            ZoneOffsets.cache.set(timeZone, (zone = new ZoneOffsets(timeZone)));
        return zone;
    }
    constructor(timeZone) {
        this.utc = timeZone === 'UTC';
        this.format = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
        });
    }
    /** Local time minus UTC at instant `t`, in milliseconds. */
    offsetAt(t) {
        if (this.utc)
            return 0;
        const seconds = Math.floor(t / 1000) * 1000;
        const parts = {};
        for (const part of this.format.formatToParts(new Date(seconds))) {
            if (part.type !== 'literal')
                parts[part.type] = Number(part.value);
        }
        return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - seconds;
    }
    /**
     * The first instant in [from, to] whose offset is not `offset`, or null if
     * there is none. Offsets are sampled every 6 hours (DST changes are months
     * apart), then the change is narrowed down to the millisecond.
     */
    firstChange(from, to, offset) {
        if (this.utc)
            return null;
        const STEP = 6 * 3600_000;
        let lo = from;
        for (let probe = Math.min(from + STEP, to);; probe = Math.min(probe + STEP, to)) {
            if (this.offsetAt(probe) !== offset) {
                let hi = probe;
                while (hi - lo > 1) {
                    const mid = Math.floor((lo + hi) / 2);
                    if (this.offsetAt(mid) !== offset)
                        hi = mid;
                    else
                        lo = mid;
                }
                return hi;
            }
            if (probe >= to)
                return null;
            lo = probe;
        }
    }
}
//# sourceMappingURL=cron-schedule.js.map