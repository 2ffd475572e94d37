var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { RetentionTierField } from './retention-fields.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';
import { BACKUP_TYPES } from '../backup.entity.js';
import { PageQueryDto } from '../../users/dto/user.dto.js';
export class PinDto {
    reason;
}
__decorate([
    ApiPropertyOptional({ example: 'Before the big sort-out', maxLength: 300 }),
    IsOptional(),
    IsString(),
    MaxLength(300),
    __metadata("design:type", String)
], PinDto.prototype, "reason", void 0);
export class DeleteQueryDto {
    purge;
}
__decorate([
    ApiPropertyOptional({ default: false, description: 'Delete at once instead of moving it to the trash' }),
    IsOptional(),
    Transform(queryBoolean),
    IsBoolean(),
    __metadata("design:type", Boolean)
], DeleteQueryDto.prototype, "purge", void 0);
export class TrashQueryDto extends PageQueryDto {
}
/** The policy to preview; anything left out comes from the environment (BACKUP_KEEP, BACKUP_KEEP_DAILY, …). */
export class RetentionQueryDto {
    type;
    userId;
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
}
__decorate([
    ApiProperty({ enum: BACKUP_TYPES }),
    IsIn(BACKUP_TYPES),
    __metadata("design:type", String)
], RetentionQueryDto.prototype, "type", void 0);
__decorate([
    ApiPropertyOptional({ description: 'user_inventory: whose set (admins; users always see their own)' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    __metadata("design:type", Number)
], RetentionQueryDto.prototype, "userId", void 0);
__decorate([
    ApiPropertyOptional({ minimum: 1, maximum: 10000 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(10_000),
    __metadata("design:type", Number)
], RetentionQueryDto.prototype, "keep", void 0);
__decorate([
    RetentionTierField('daily', { fromQuery: true }),
    __metadata("design:type", Number)
], RetentionQueryDto.prototype, "keep_daily", void 0);
__decorate([
    RetentionTierField('weekly', { fromQuery: true }),
    __metadata("design:type", Number)
], RetentionQueryDto.prototype, "keep_weekly", void 0);
__decorate([
    RetentionTierField('monthly', { fromQuery: true }),
    __metadata("design:type", Number)
], RetentionQueryDto.prototype, "keep_monthly", void 0);
export class RetentionPolicyDto {
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
    timezone;
}
__decorate([
    ApiProperty({ example: 10 }),
    __metadata("design:type", Number)
], RetentionPolicyDto.prototype, "keep", void 0);
__decorate([
    ApiProperty({ example: 7 }),
    __metadata("design:type", Number)
], RetentionPolicyDto.prototype, "keep_daily", void 0);
__decorate([
    ApiProperty({ example: 4 }),
    __metadata("design:type", Number)
], RetentionPolicyDto.prototype, "keep_weekly", void 0);
__decorate([
    ApiProperty({ example: 6 }),
    __metadata("design:type", Number)
], RetentionPolicyDto.prototype, "keep_monthly", void 0);
__decorate([
    ApiProperty({ example: 'Europe/Berlin' }),
    __metadata("design:type", String)
], RetentionPolicyDto.prototype, "timezone", void 0);
export class RetentionVerdictDto {
    id;
    created_at;
    keep;
    reasons;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], RetentionVerdictDto.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], RetentionVerdictDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty({ description: 'false: rotation would move it to the trash' }),
    __metadata("design:type", Boolean)
], RetentionVerdictDto.prototype, "keep", void 0);
__decorate([
    ApiProperty({ type: [String], example: ['newest 10', 'daily 2026-11-30'], description: 'Why it is kept; empty when rotation would remove it' }),
    __metadata("design:type", Array)
], RetentionVerdictDto.prototype, "reasons", void 0);
export class RetentionPreviewDto {
    policy;
    backups;
}
__decorate([
    ApiProperty({ type: RetentionPolicyDto }),
    __metadata("design:type", RetentionPolicyDto)
], RetentionPreviewDto.prototype, "policy", void 0);
__decorate([
    ApiProperty({ type: [RetentionVerdictDto], description: 'Newest first' }),
    __metadata("design:type", Array)
], RetentionPreviewDto.prototype, "backups", void 0);
//# sourceMappingURL=retention.dto.js.map