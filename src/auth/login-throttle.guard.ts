// Hand-written (about 60 lines): @nestjs/throttler counts requests, and what must be counted here is failed logins per account and per address.
import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

const WINDOW_MS = 60_000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Brute-force brake (in memory, per instance: enough to make guessing
 * impractical). Logins: only failures count, per username (LOGIN_RATE_LIMIT a
 * minute) and per client address (LOGIN_IP_RATE_LIMIT, higher: a household or
 * an office shares one); a successful login never counts, so fifty people
 * behind one proxy can all log in. Registrations: every attempt counts, per
 * address (REGISTER_RATE_LIMIT).
 */
@Injectable()
export class LoginAttempts {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly config: AppConfig) {}

  /** Throws 429 (with Retry-After) when one of the keys is over its limit. */
  assertAllowed(res: { setHeader(name: string, value: string): void }, keys: Array<[string, number]>, now = Date.now()): void {
    for (const [key, limit] of keys) {
      const window = this.windows.get(key);
      if (window && window.resetAt > now && window.count >= limit) {
        res.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
        throw new HttpException('Too many attempts; try again in a minute', HttpStatus.TOO_MANY_REQUESTS);
      }
    }
  }

  count(keys: string[], now = Date.now()): void {
    if (this.windows.size > 10_000) for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    for (const key of keys) {
      let window = this.windows.get(key);
      if (!window || window.resetAt <= now) this.windows.set(key, (window = { count: 0, resetAt: now + WINDOW_MS }));
      window.count += 1;
    }
  }

  loginKeys(ip: string, username: unknown): Array<[string, number]> {
    return [
      [`login-user:${String(username ?? '').toLowerCase()}`, this.config.loginRateLimit],
      [`login-ip:${ip}`, this.config.loginIpRateLimit],
    ];
  }

  registerKeys(ip: string): Array<[string, number]> {
    return [[`register-ip:${ip}`, this.config.registerRateLimit]];
  }
}

/** Refuses a login or registration that is over its limit; registrations are counted here, login failures by AuthController. */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(private readonly attempts: LoginAttempts) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const res = context.switchToHttp().getResponse();
    if (String(req.route?.path ?? req.url).endsWith('/register')) {
      const keys = this.attempts.registerKeys(req.ip);
      this.attempts.assertAllowed(res, keys);
      this.attempts.count(keys.map(([key]) => key));
    } else this.attempts.assertAllowed(res, this.attempts.loginKeys(req.ip, req.body?.username));
    return true;
  }
}
