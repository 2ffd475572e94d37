var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
// Hand-written (about 60 lines): @nestjs/throttler counts requests, and what must be counted here is failed logins per account and per address.
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
const WINDOW_MS = 60_000;
/**
 * Brute-force brake (in memory, per instance: enough to make guessing
 * impractical). Logins: only failures count, per username (LOGIN_RATE_LIMIT a
 * minute) and per client address (LOGIN_IP_RATE_LIMIT, higher: a household or
 * an office shares one); a successful login never counts, so fifty people
 * behind one proxy can all log in. Registrations: every attempt counts, per
 * address (REGISTER_RATE_LIMIT).
 */
let LoginAttempts = class LoginAttempts {
    config;
    windows = new Map();
    constructor(config) {
        this.config = config;
    }
    /** Throws 429 (with Retry-After) when one of the keys is over its limit. */
    assertAllowed(res, keys, now = Date.now()) {
        for (const [key, limit] of keys) {
            const window = this.windows.get(key);
            if (window && window.resetAt > now && window.count >= limit) {
                res.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
                throw new HttpException('Too many attempts; try again in a minute', HttpStatus.TOO_MANY_REQUESTS);
            }
        }
    }
    count(keys, now = Date.now()) {
        if (this.windows.size > 10_000)
            for (const [key, w] of this.windows)
                if (w.resetAt <= now)
                    this.windows.delete(key);
        for (const key of keys) {
            let window = this.windows.get(key);
            if (!window || window.resetAt <= now)
                this.windows.set(key, (window = { count: 0, resetAt: now + WINDOW_MS }));
            window.count += 1;
        }
    }
    loginKeys(ip, username) {
        return [
            [`login-user:${String(username ?? '').toLowerCase()}`, this.config.loginRateLimit],
            [`login-ip:${ip}`, this.config.loginIpRateLimit],
        ];
    }
    registerKeys(ip) {
        return [[`register-ip:${ip}`, this.config.registerRateLimit]];
    }
};
LoginAttempts = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [AppConfig])
], LoginAttempts);
export { LoginAttempts };
/** Refuses a login or registration that is over its limit; registrations are counted here, login failures by AuthController. */
let LoginThrottleGuard = class LoginThrottleGuard {
    attempts;
    constructor(attempts) {
        this.attempts = attempts;
    }
    canActivate(context) {
        const req = context.switchToHttp().getRequest();
        const res = context.switchToHttp().getResponse();
        if (String(req.route?.path ?? req.url).endsWith('/register')) {
            const keys = this.attempts.registerKeys(req.ip);
            this.attempts.assertAllowed(res, keys);
            this.attempts.count(keys.map(([key]) => key));
        }
        else
            this.attempts.assertAllowed(res, this.attempts.loginKeys(req.ip, req.body?.username));
        return true;
    }
};
LoginThrottleGuard = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [LoginAttempts])
], LoginThrottleGuard);
export { LoginThrottleGuard };
//# sourceMappingURL=login-throttle.guard.js.map