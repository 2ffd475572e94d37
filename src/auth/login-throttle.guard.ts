import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

const WINDOW_MS = 60_000;

/**
 * Brute-force brake for register/login: at most LOGIN_RATE_LIMIT attempts per
 * client IP per minute (fixed window, in memory: per instance, which is enough
 * to make password guessing impractical).
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const res = context.switchToHttp().getResponse();
    const key = `${req.ip}:${req.route?.path ?? req.url}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
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

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
