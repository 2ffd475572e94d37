import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, domainErrorStatus } from './domain-error.js';
import type { ErrorDetailDto, ErrorResponseDto } from './error-response.dto.js';

/** Errors the domain throws with extra details (e.g. one entry per bad import row). */
export class DetailedHttpException extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly details: ErrorDetailDto[],
  ) {
    super({ message, details }, status);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; errno?: number } }).driverError;
  const code = driverError?.code;
  return code === '23505' || code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** One error shape for every 4xx/5xx, with the request id so logs and responses meet. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error';
    let details: ErrorDetailDto[] | undefined;

    let code: string | undefined;
    if (exception instanceof DomainError) {
      status = domainErrorStatus(exception.code);
      code = exception.code;
      message = exception.message;
      details = exception.details;
      if (status >= 500) this.logger.error(`${exception.code}: ${exception.message}`);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') message = body;
      else {
        const b = body as { message?: string | string[]; details?: ErrorDetailDto[] };
        if (Array.isArray(b.message)) {
          message = b.message.join('; ');
          details = b.message.map((m) => ({ field: m.split(' ')[0], message: m }));
        } else message = b.message ?? exception.message;
        if (b.details) details = b.details;
      }
    } else if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      status = HttpStatus.CONFLICT;
      message = 'A record with the same unique key already exists';
    } else if ((exception as { type?: string })?.type === 'entity.too.large') {
      status = HttpStatus.PAYLOAD_TOO_LARGE;
      message = 'Request body is larger than the allowed limit';
    } else if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      status = HttpStatus.BAD_REQUEST;
      message = 'Request body is not valid JSON';
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }

    if (res.headersSent) {
      // A streamed response already started: the only honest signal left is to cut the connection.
      res.destroy(exception instanceof Error ? exception : undefined);
      return;
    }
    const payload: ErrorResponseDto = {
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
}
