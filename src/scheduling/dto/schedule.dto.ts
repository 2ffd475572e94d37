import { RetentionTierField } from '../../backups/dto/retention-fields.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import { BackupRunDto } from '../../backups/dto/backup.dto.js';
import type { BackupRunStatus } from '../../backups/backup-run.entity.js';
import { cronExpressionProblem, timeZoneProblem } from '../../config/app-config.js';
import { SCHEDULE_TARGETS } from '../backup-schedule.entity.js';
import type { BackupSchedule, ScheduleTarget } from '../backup-schedule.entity.js';

const STATUSES: BackupRunStatus[] = ['running', 'succeeded', 'failed', 'partial', 'skipped'];
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** 5 or 6 cron fields with values in range that match some date; the message says what is wrong. */
function IsCronExpression(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCronExpression',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && cronExpressionProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? `cron "${args.value}" ${cronExpressionProblem(args.value)}` : 'cron must be a string'),
      },
    },
    options,
  );
}

function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && timeZoneProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? `timezone ${timeZoneProblem(args.value)}` : 'timezone must be a string'),
      },
    },
    options,
  );
}

const NAME_RULE = /^\S(.*\S)?$/;
const CRON_DOC = '5 fields (minute hour day-of-month month day-of-week) or 6 (second first), read in `timezone`';

export class CreateScheduleDto {
  @ApiProperty({ example: 'Nightly full database', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(NAME_RULE, { message: 'name must not start or end with spaces' })
  name: string;

  @ApiProperty({ example: '0 2 * * *', description: CRON_DOC })
  @IsCronExpression()
  cron: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone (default BACKUP_TIMEZONE, which defaults to UTC)' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiProperty({ enum: SCHEDULE_TARGETS, description: "full_db, all_users (every active user's inventory) or both" })
  @IsIn(SCHEDULE_TARGETS)
  target: ScheduleTarget;

  @ApiPropertyOptional({ example: 7, minimum: 1, maximum: 10000, description: 'Backups kept per set after each run (default BACKUP_KEEP, 10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  keep?: number;

  @RetentionTierField('daily', { nullable: true })
  keep_daily?: number | null;

  @RetentionTierField('weekly', { nullable: true })
  keep_weekly?: number | null;

  @RetentionTierField('monthly', { nullable: true })
  keep_monthly?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateScheduleDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NAME_RULE, { message: 'name must not start or end with spaces' })
  name?: string;

  @ApiPropertyOptional({ example: '0 */6 * * *', description: CRON_DOC })
  @IsOptional()
  @IsCronExpression()
  cron?: string;

  @ApiPropertyOptional({ example: 'America/New_York' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: SCHEDULE_TARGETS })
  @IsOptional()
  @IsIn(SCHEDULE_TARGETS)
  target?: ScheduleTarget;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  keep?: number;

  @RetentionTierField('daily', { nullable: true })
  keep_daily?: number | null;

  @RetentionTierField('weekly', { nullable: true })
  keep_weekly?: number | null;

  @RetentionTierField('monthly', { nullable: true })
  keep_monthly?: number | null;

  @ApiPropertyOptional({ description: 'false stops the schedule; turning it back on does not catch up what it missed while off' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ScheduleDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Full database' }) name: string;
  @ApiProperty({ example: '0 2 * * *', description: CRON_DOC }) cron: string;
  @ApiProperty({ example: 'UTC' }) timezone: string;
  @ApiProperty({ enum: SCHEDULE_TARGETS }) target: ScheduleTarget;
  @ApiProperty({ example: 10 }) keep: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_DAILY' }) keep_daily: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_WEEKLY' }) keep_weekly: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_MONTHLY' }) keep_monthly: number | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'A run of this schedule is going on now (on some instance)' }) running: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T02:00:00.000Z', description: 'null when disabled' }) next_run_at: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T03:00:00+01:00', description: "next_run_at in the schedule's time zone" }) next_run_local:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When its latest run started' }) last_run_at: string | null;
  @ApiProperty({ nullable: true, enum: STATUSES }) last_run_status: BackupRunStatus | null;
  @ApiProperty({ description: 'Every run due up to this instant has been handled; a start after downtime catches up (once) what came due after it' })
  handled_until: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;

  static from(row: BackupSchedule, next: { at: Date; local: string } | null, running: boolean): ScheduleDto {
    return {
      id: row.id,
      name: row.name,
      cron: row.cron,
      timezone: row.timezone,
      target: row.target,
      keep: row.keep,
      keep_daily: row.keepDaily ?? null,
      keep_weekly: row.keepWeekly ?? null,
      keep_monthly: row.keepMonthly ?? null,
      enabled: Boolean(row.enabled),
      running,
      next_run_at: iso(next?.at),
      next_run_local: next?.local ?? null,
      last_run_at: iso(row.lastRunAt),
      last_run_status: row.lastRunStatus,
      handled_until: iso(row.handledUntil)!,
      created_at: iso(row.createdAt)!,
      updated_at: iso(row.updatedAt)!,
    };
  }
}

export class ScheduleListDto {
  @ApiProperty({ type: [ScheduleDto] }) items: ScheduleDto[];
  @ApiProperty() total: number;
}

export class ScheduleRefDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SCHEDULE_TARGETS }) target: ScheduleTarget;
  @ApiProperty() cron: string;
  @ApiProperty() timezone: string;
}

export class NextRunDto {
  @ApiProperty({ type: ScheduleRefDto, nullable: true, description: 'The schedule that runs next; null when none is enabled' }) schedule: ScheduleRefDto | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T02:00:00.000Z' }) next_run_at: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T03:00:00+01:00', description: "In the schedule's time zone" }) next_run_local:
    string | null;
  @ApiProperty({ nullable: true, type: Number, example: 52535, description: 'Whole seconds until then, rounded up' }) seconds_remaining: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 14 }) hours: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 35 }) minutes: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 35 }) seconds: number | null;
  @ApiProperty({ nullable: true, type: String, example: '14h 35m 35s' }) remaining: string | null;
  @ApiProperty({ description: 'The server time the remaining time is counted from' }) now: string;

  static from(next: { schedule: BackupSchedule; at: Date; local: string } | null, now: Date): NextRunDto {
    if (!next)
      return {
        schedule: null,
        next_run_at: null,
        next_run_local: null,
        seconds_remaining: null,
        hours: null,
        minutes: null,
        seconds: null,
        remaining: null,
        now: now.toISOString(),
      };
    const total = Math.ceil((next.at.getTime() - now.getTime()) / 1000);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    const { id, name, target, cron, timezone } = next.schedule;
    return {
      schedule: { id, name, target, cron, timezone },
      next_run_at: next.at.toISOString(),
      next_run_local: next.local,
      seconds_remaining: total,
      hours,
      minutes,
      seconds,
      remaining: `${hours}h ${minutes}m ${seconds}s`,
      now: now.toISOString(),
    };
  }
}

export class ScheduleRunDto {
  @ApiProperty({ type: ScheduleDto }) schedule: ScheduleDto;
  @ApiProperty({ enum: STATUSES, description: 'succeeded, partial (some of it failed), failed, or skipped (e.g. the same backup was already being made)' })
  status: BackupRunStatus;
  @ApiProperty({ type: [BackupRunDto], description: 'One backup run per target (two for target both)' }) runs: BackupRunDto[];
}
