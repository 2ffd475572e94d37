import { Injectable, Logger } from '@nestjs/common';
import { errorText } from '../backups/backups.service.js';
import { Clock } from '../common/clock.js';
import { WakeUpTimer } from './wake-up-timer.js';

/** The longest sleep: changes made through other instances are seen within this. */
export const SYNC_INTERVAL_MS = 30_000;
/** After a wake-up that failed (database away), look again this soon. */
export const RETRY_MS = 1_000;

/** What a wake-up does: look at the schedules (start what is due), and say when to look next (null: nothing enabled). */
export type Look = () => Promise<Date | null>;

/**
 * One timer for all schedules, set for the soonest next run and set again
 * after every wake-up. A timer only says "look now": the rows decide what is
 * due, so a wake-up that comes early finds nothing due and sets the timer for
 * the same run again, one that comes late runs it late, and one that comes
 * twice is harmless. Nothing thrown while looking leaves this class: it is
 * logged and the timer is set to try again.
 */
@Injectable()
export class ScheduleTimer {
  private readonly logger = new Logger(ScheduleTimer.name);
  private look: Look | null = null;
  private looking = false;
  /** A run time asked for (through the API) while a wake-up was looking: the soonest of them. */
  private asked: Date | null = null;
  /** When the timer is set for, on the scheduler's clock (null when stopped). */
  private wakeAt: Date | null = null;

  constructor(
    private readonly timer: WakeUpTimer,
    private readonly clock: Clock,
  ) {}

  start(look: Look, firstAt: Date | null): void {
    this.look = look;
    this.arm(firstAt);
  }

  stop(): void {
    this.look = null;
    this.wakeAt = null;
    this.safely('clear the timer', () => this.timer.clear());
  }

  get nextWakeAt(): Date | null {
    return this.wakeAt;
  }

  /** Sets the timer for `at` (a run time), or sooner: never more than SYNC_INTERVAL_MS away. */
  arm(at: Date | null): void {
    if (!this.look) return;
    if (this.looking) {
      if (at && (!this.asked || at < this.asked)) this.asked = at;
      return;
    }
    const now = this.clock.now().getTime();
    // At least 1 ms: a wake-up at the run time itself is what we want, and an early one simply comes back.
    const delay = at ? Math.min(Math.max(at.getTime() - now, 1), SYNC_INTERVAL_MS) : SYNC_INTERVAL_MS;
    this.wakeAt = new Date(now + delay);
    this.safely('set the timer', () => this.timer.set(delay, () => void this.wake()));
  }

  /** What the timer calls. Resolves when the next wake-up is set (runs it started may still be going). */
  async wake(): Promise<void> {
    const look = this.look;
    if (!look || this.looking) return;
    this.looking = true;
    let next: Date | null;
    try {
      next = await look();
    } catch (error) {
      this.logger.error(`Looking at the schedules failed (trying again in ${RETRY_MS} ms): ${errorText(error)}`);
      next = new Date(this.clock.now().getTime() + RETRY_MS);
    } finally {
      this.looking = false;
    }
    const asked = this.asked;
    this.asked = null;
    this.arm(asked && (!next || asked < next) ? asked : next);
  }

  private safely(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.logger.error(`Could not ${what}: ${errorText(error)}`);
    }
  }
}
