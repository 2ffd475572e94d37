import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
/** Headers and fields that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.access_token'];
/** JSON lines in production and tests, one pretty line per entry in development. */
export function createRootLogger(config, destination) {
    const options = {
        level: config.logLevel,
        redact: { paths: REDACT, censor: '[redacted]' },
        transport: config.nodeEnv === 'development' && !destination ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    };
    return destination ? pino(options, destination) : pino(options);
}
/** Nest's Logger API on top of pino, so `new Logger(Class.name)` lines come out structured. */
export class PinoNestLogger {
    logger;
    constructor(logger) {
        this.logger = logger;
    }
    log(message, context) {
        this.logger.info({ context }, String(message));
    }
    error(message, trace, context) {
        // TypeORM's connection retries at boot: one short line each; the boot's own error line says what failed.
        if (context === 'TypeOrmModule')
            return void this.logger.warn({ context }, String(message).split('\n')[0]);
        this.logger.error({ context, trace }, String(message));
    }
    warn(message, context) {
        this.logger.warn({ context }, String(message));
    }
    debug(message, context) {
        this.logger.debug({ context }, String(message));
    }
    verbose(message, context) {
        this.logger.trace({ context }, String(message));
    }
}
/** Per-request log line with a request id (taken from X-Request-Id when sane, echoed back). */
export function createHttpLogger(logger) {
    return pinoHttp({
        logger,
        // The status is what a response line needs; every response header (~2 KB a line) is noise.
        serializers: { res: (res) => ({ statusCode: res.statusCode }) },
        genReqId: (req, res) => {
            const incoming = req.headers['x-request-id'];
            const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
        },
    });
}
//# sourceMappingURL=logging.js.map