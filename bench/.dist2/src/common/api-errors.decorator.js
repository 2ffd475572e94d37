import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorResponseDto } from './error-response.dto.js';
const DESCRIPTIONS = {
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
/** Documents the error responses an endpoint can give, all with the shared error shape and an example of the right status. */
export function ApiErrors(...statuses) {
    return applyDecorators(ApiExtraModels(ErrorResponseDto), ...statuses.map((status) => ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        schema: {
            allOf: [{ $ref: getSchemaPath(ErrorResponseDto) }],
            example: {
                statusCode: status,
                error: STATUS_CODES[status],
                message: DESCRIPTIONS[status] ?? 'Error',
                path: '/api/…',
                requestId: 'b7d1c1c4-2b8e-4a53-9d43-0d9f7f1d2f10',
                timestamp: '2026-11-26T11:00:00.000Z',
            },
        },
    })));
}
//# sourceMappingURL=api-errors.decorator.js.map