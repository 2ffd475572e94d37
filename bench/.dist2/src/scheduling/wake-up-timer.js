var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
export const WAKE_UP_TIMEOUT = 'backup-schedules-wake-up';
/**
 * The scheduler's one real timer, a plain setTimeout kept in @nestjs/schedule's
 * SchedulerRegistry. A seam: tests swap in a timer they fire by hand (early,
 * late, twice) to show that when it fires does not matter.
 */
let WakeUpTimer = class WakeUpTimer {
    registry;
    constructor(registry) {
        this.registry = registry;
    }
    /** Replaces the pending wake-up, if any, with one in `delayMs`. */
    set(delayMs, wake) {
        this.clear();
        const timer = setTimeout(wake, delayMs);
        // The HTTP server keeps the process alive; a pending wake-up must not keep a stopping one.
        timer.unref();
        this.registry.addTimeout(WAKE_UP_TIMEOUT, timer);
    }
    clear() {
        if (this.registry.doesExist('timeout', WAKE_UP_TIMEOUT))
            this.registry.deleteTimeout(WAKE_UP_TIMEOUT);
    }
};
WakeUpTimer = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [SchedulerRegistry])
], WakeUpTimer);
export { WakeUpTimer };
//# sourceMappingURL=wake-up-timer.js.map