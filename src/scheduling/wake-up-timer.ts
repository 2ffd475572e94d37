import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

export const WAKE_UP_TIMEOUT = 'backup-schedules-wake-up';

/**
 * The scheduler's one real timer, a plain setTimeout kept in @nestjs/schedule's
 * SchedulerRegistry. A seam: tests swap in a timer they fire by hand (early,
 * late, twice) to show that when it fires does not matter.
 */
@Injectable()
export class WakeUpTimer {
  constructor(private readonly registry: SchedulerRegistry) {}

  /** Replaces the pending wake-up, if any, with one in `delayMs`. */
  set(delayMs: number, wake: () => void): void {
    this.clear();
    const timer = setTimeout(wake, delayMs);
    // The HTTP server keeps the process alive; a pending wake-up must not keep a stopping one.
    timer.unref();
    this.registry.addTimeout(WAKE_UP_TIMEOUT, timer);
  }

  clear(): void {
    if (this.registry.doesExist('timeout', WAKE_UP_TIMEOUT)) this.registry.deleteTimeout(WAKE_UP_TIMEOUT);
  }
}
