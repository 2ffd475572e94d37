import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';

/** Headers and fields that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.access_token'];

/** JSON lines in production and tests, one pretty line per entry in development. */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>, destination?: NodeJS.WritableStream): Pino {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    transport: config.nodeEnv === 'development' && !destination ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  };
  return destination ? pino(options, destination as never) : pino(options);
}

/** Nest's Logger API on top of pino, so `new Logger(Class.name)` lines come out structured. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    // TypeORM's connection retries at boot: one short line each; the boot's own error line says what failed.
    if (context === 'TypeOrmModule') return void this.logger.warn({ context }, String(message).split('\n')[0]);
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/** Per-request log line with a request id (taken from X-Request-Id when sane, echoed back). */
export function createHttpLogger(logger: Pino) {
  return pinoHttp({
    logger,
    // The status is what a response line needs; every response header (~2 KB a line) is noise.
    serializers: { res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
  });
}
