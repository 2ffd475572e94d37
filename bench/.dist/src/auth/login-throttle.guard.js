var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
const WINDOW_MS = 60_000;
/**
 * Brute-force brake for register/login: at most LOGIN_RATE_LIMIT attempts per
 * client IP per minute (fixed window, in memory: per instance, which is enough
 * to make password guessing impractical).
 */
let LoginThrottleGuard = class LoginThrottleGuard {
    config;
    windows = new Map();
    constructor(config) {
        this.config = config;
    }
    canActivate(context) {
        const req = context.switchToHttp().getRequest();
        const res = context.switchToHttp().getResponse();
        const key = `${req.ip}:${req.route?.path ?? req.url}`;
        const now = Date.now();
        let window = this.windows.get(key);
        if (!window || window.resetAt <= now) {
            if (this.windows.size > 10_000)
                this.sweep(now);
            window = { count: 0, resetAt: now + WINDOW_MS };
            this.windows.set(key, window);
        }
        window.count += 1;
        if (window.count > this.config.loginRateLimit) {
            res.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
            throw new HttpException('Too many attempts; try again in a minute', HttpStatus.TOO_MANY_REQUESTS);
        }
        return true;
    }
    sweep(now) {
        for (const [key, window] of this.windows)
            if (window.resetAt <= now)
                this.windows.delete(key);
    }
};
LoginThrottleGuard = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [AppConfig])
], LoginThrottleGuard);
export { LoginThrottleGuard };
//# sourceMappingURL=login-throttle.guard.js.map