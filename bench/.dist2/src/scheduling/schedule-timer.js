var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ScheduleTimer_1;
import { Injectable, Logger } from '@nestjs/common';
import { errorText } from '../backups/backups.service.js';
import { Clock } from './clock.js';
import { WakeUpTimer } from './wake-up-timer.js';
/** The longest sleep: changes made through other instances are seen within this. */
export const SYNC_INTERVAL_MS = 30_000;
/** After a wake-up that failed (database away), look again this soon. */
export const RETRY_MS = 1_000;
/**
 * One timer for all schedules, set for the soonest next run and set again
 * after every wake-up. A timer only says "look now": the rows decide what is
 * due, so a wake-up that comes early finds nothing due and sets the timer for
 * the same run again, one that comes late runs it late, and one that comes
 * twice is harmless. Nothing thrown while looking leaves this class: it is
 * logged and the timer is set to try again.
 */
let ScheduleTimer = ScheduleTimer_1 = class ScheduleTimer {
    timer;
    clock;
    logger = new Logger(ScheduleTimer_1.name);
    look = null;
    looking = false;
    /** A run time asked for (through the API) while a wake-up was looking: the soonest of them. */
    asked = null;
    /** When the timer is set for, on the scheduler's clock (null when stopped). */
    wakeAt = null;
    constructor(timer, clock) {
        this.timer = timer;
        this.clock = clock;
    }
    start(look, firstAt) {
        this.look = look;
        this.arm(firstAt);
    }
    stop() {
        this.look = null;
        this.wakeAt = null;
        this.safely('clear the timer', () => this.timer.clear());
    }
    get nextWakeAt() {
        return this.wakeAt;
    }
    /** Sets the timer for `at` (a run time), or sooner: never more than SYNC_INTERVAL_MS away. */
    arm(at) {
        if (!this.look)
            return;
        if (this.looking) {
            if (at && (!this.asked || at < this.asked))
                this.asked = at;
            return;
        }
        const now = this.clock.now().getTime();
        // At least 1 ms: a wake-up at the run time itself is what we want, and an early one simply comes back.
        const delay = at ? Math.min(Math.max(at.getTime() - now, 1), SYNC_INTERVAL_MS) : SYNC_INTERVAL_MS;
        this.wakeAt = new Date(now + delay);
        this.safely('set the timer', () => this.timer.set(delay, () => void this.wake()));
    }
    /** What the timer calls. Resolves when the next wake-up is set (runs it started may still be going). */
    async wake() {
        const look = this.look;
        if (!look || this.looking)
            return;
        this.looking = true;
        let next;
        try {
            next = await look();
        }
        catch (error) {
            this.logger.error(`Looking at the schedules failed (trying again in ${RETRY_MS} ms): ${errorText(error)}`);
            next = new Date(this.clock.now().getTime() + RETRY_MS);
        }
        finally {
            this.looking = false;
        }
        const asked = this.asked;
        this.asked = null;
        this.arm(asked && (!next || asked < next) ? asked : next);
    }
    safely(what, action) {
        try {
            action();
        }
        catch (error) {
            this.logger.error(`Could not ${what}: ${errorText(error)}`);
        }
    }
};
ScheduleTimer = ScheduleTimer_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [WakeUpTimer,
        Clock])
], ScheduleTimer);
export { ScheduleTimer };
//# sourceMappingURL=schedule-timer.js.map