var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var RunEvents_1;
import { Injectable, Logger } from '@nestjs/common';
/**
 * What happens to runs and backups, for whoever listens (alerts) without the
 * backup code knowing them. A listener's failure is logged and never reaches
 * the backup that raised the event.
 */
let RunEvents = RunEvents_1 = class RunEvents {
    logger = new Logger(RunEvents_1.name);
    started = [];
    finished = [];
    verifyFailed = [];
    onStarted(listener) {
        this.started.push(listener);
    }
    onFinished(listener) {
        this.finished.push(listener);
    }
    onVerifyFailed(listener) {
        this.verifyFailed.push(listener);
    }
    async emitStarted(run) {
        await this.call(this.started, run);
    }
    async emitFinished(run) {
        await this.call(this.finished, run);
    }
    async emitVerifyFailed(backup, error) {
        await this.call(this.verifyFailed, { backup, error });
    }
    async call(listeners, value) {
        for (const listener of listeners) {
            try {
                await listener(value);
            }
            catch (error) {
                this.logger.error(`An event listener failed (the backup is not affected): ${error instanceof Error ? error.message : String(error)}`);
            }
        }
    }
};
RunEvents = RunEvents_1 = __decorate([
    Injectable()
], RunEvents);
export { RunEvents };
//# sourceMappingURL=run-events.js.map