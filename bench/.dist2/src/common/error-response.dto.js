var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
export class ErrorDetailDto {
    field;
    index;
    message;
}
__decorate([
    ApiPropertyOptional({ example: 'quantity_used' }),
    __metadata("design:type", String)
], ErrorDetailDto.prototype, "field", void 0);
__decorate([
    ApiPropertyOptional({ example: 3, description: 'Row index, for imports' }),
    __metadata("design:type", Number)
], ErrorDetailDto.prototype, "index", void 0);
__decorate([
    ApiProperty({ example: 'must not be greater than quantity_total' }),
    __metadata("design:type", String)
], ErrorDetailDto.prototype, "message", void 0);
/** The one shape of every 4xx/5xx response. */
export class ErrorResponseDto {
    statusCode;
    error;
    message;
    code;
    details;
    path;
    requestId;
    timestamp;
}
__decorate([
    ApiProperty({ example: 400 }),
    __metadata("design:type", Number)
], ErrorResponseDto.prototype, "statusCode", void 0);
__decorate([
    ApiProperty({ example: 'Bad Request' }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "error", void 0);
__decorate([
    ApiProperty({ example: 'quantity_used must not be greater than quantity_total' }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "message", void 0);
__decorate([
    ApiPropertyOptional({
        example: 'BACKUP_IN_PROGRESS',
        description: 'A stable code for errors of the backup and schedule services (see src/common/domain-error.ts)',
    }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "code", void 0);
__decorate([
    ApiPropertyOptional({ type: [ErrorDetailDto] }),
    __metadata("design:type", Array)
], ErrorResponseDto.prototype, "details", void 0);
__decorate([
    ApiProperty({ example: '/api/inventory/items' }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "path", void 0);
__decorate([
    ApiProperty({ example: 'b7d1c1c4-2b8e-4a53-9d43-0d9f7f1d2f10' }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "requestId", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T11:00:00.000Z' }),
    __metadata("design:type", String)
], ErrorResponseDto.prototype, "timestamp", void 0);
//# sourceMappingURL=error-response.dto.js.map