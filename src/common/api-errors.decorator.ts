import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; the message names the field',
  401: 'Missing or invalid bearer token',
  403: 'Not allowed for this role',
  404: 'Not found (or not yours)',
  409: 'Conflict with existing data or a running job',
  413: 'Body too large',
  429: 'Too many requests',
  500: 'Unexpected server error',
  503: 'A dependency is unavailable',
};

/** Documents the error responses an endpoint can give, all with the shared error shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto })),
  );
}
