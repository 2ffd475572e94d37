var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var HttpExceptionFilter_1;
import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { DomainError, domainErrorStatus } from './domain-error.js';
/** Errors the domain throws with extra details (e.g. one entry per bad import row). */
export class DetailedHttpException extends HttpException {
    details;
    constructor(status, message, details) {
        super({ message, details }, status);
        this.details = details;
    }
}
function isUniqueViolation(error) {
    const driverError = error.driverError;
    const code = driverError?.code;
    return code === '23505' || code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
/** One error shape for every 4xx/5xx, with the request id so logs and responses meet. */
let HttpExceptionFilter = HttpExceptionFilter_1 = class HttpExceptionFilter {
    logger = new Logger(HttpExceptionFilter_1.name);
    catch(exception, host) {
        const ctx = host.switchToHttp();
        const req = ctx.getRequest();
        const res = ctx.getResponse();
        let status = HttpStatus.INTERNAL_SERVER_ERROR;
        let message = 'Internal server error';
        let details;
        let code;
        if (exception instanceof DomainError) {
            status = domainErrorStatus(exception.code);
            code = exception.code;
            message = exception.message;
            details = exception.details;
            if (status >= 500)
                this.logger.error(`${exception.code}: ${exception.message}`);
        }
        else if (exception instanceof HttpException) {
            status = exception.getStatus();
            const body = exception.getResponse();
            if (typeof body === 'string')
                message = body;
            else {
                const b = body;
                if (Array.isArray(b.message)) {
                    message = b.message.join('; ');
                    details = b.message.map((m) => ({ field: m.split(' ')[0], message: m }));
                }
                else
                    message = b.message ?? exception.message;
                if (b.details)
                    details = b.details;
            }
        }
        else if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
            status = HttpStatus.CONFLICT;
            message = 'A record with the same unique key already exists';
        }
        else if (exception?.type === 'entity.too.large') {
            status = HttpStatus.PAYLOAD_TOO_LARGE;
            message = 'Request body is larger than the allowed limit';
        }
        else if (exception?.type === 'entity.parse.failed') {
            status = HttpStatus.BAD_REQUEST;
            message = 'Request body is not valid JSON';
        }
        else {
            this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
        }
        if (res.headersSent) {
            // A streamed response already started: the only honest signal left is to cut the connection.
            res.destroy(exception instanceof Error ? exception : undefined);
            return;
        }
        const payload = {
            statusCode: status,
            error: STATUS_CODES[status] ?? 'Error',
            message,
            ...(code ? { code } : {}),
            ...(details ? { details } : {}),
            path: req.originalUrl ?? req.url,
            requestId: String(req.id ?? ''),
            timestamp: new Date().toISOString(),
        };
        res.status(status).json(payload);
    }
};
HttpExceptionFilter = HttpExceptionFilter_1 = __decorate([
    Catch()
], HttpExceptionFilter);
export { HttpExceptionFilter };
//# sourceMappingURL=http-exception.filter.js.map