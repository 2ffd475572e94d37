import { RetentionTierField } from './retention-fields.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';
import { BACKUP_TYPES } from '../backup.entity.js';
import type { BackupType } from '../backup.entity.js';
import { PageQueryDto } from '../../users/dto/user.dto.js';

export class PinDto {
  @ApiPropertyOptional({ example: 'Before the big sort-out', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}

export class DeleteQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Delete at once instead of moving it to the trash' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  purge?: boolean;
}

export class TrashQueryDto extends PageQueryDto {}

/** The policy to preview; anything left out comes from the environment (BACKUP_KEEP, BACKUP_KEEP_DAILY, …). */
export class RetentionQueryDto {
  @ApiProperty({ enum: BACKUP_TYPES })
  @IsIn(BACKUP_TYPES)
  type: BackupType;

  @ApiPropertyOptional({ description: 'user_inventory: whose set (admins; users always see their own)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  keep?: number;

  @RetentionTierField('daily', { fromQuery: true })
  keep_daily?: number;

  @RetentionTierField('weekly', { fromQuery: true })
  keep_weekly?: number;

  @RetentionTierField('monthly', { fromQuery: true })
  keep_monthly?: number;
}

export class RetentionPolicyDto {
  @ApiProperty({ example: 10 }) keep: number;
  @ApiProperty({ example: 7 }) keep_daily: number;
  @ApiProperty({ example: 4 }) keep_weekly: number;
  @ApiProperty({ example: 6 }) keep_monthly: number;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone: string;
}

export class RetentionVerdictDto {
  @ApiProperty() id: number;
  @ApiProperty() created_at: string;
  @ApiProperty({ description: 'false: rotation would move it to the trash' }) keep: boolean;
  @ApiProperty({ type: [String], example: ['newest 10', 'daily 2026-11-30'], description: 'Why it is kept; empty when rotation would remove it' })
  reasons: string[];
}

export class RetentionPreviewDto {
  @ApiProperty({ type: RetentionPolicyDto }) policy: RetentionPolicyDto;
  @ApiProperty({ type: [RetentionVerdictDto], description: 'Newest first' }) backups: RetentionVerdictDto[];
}
