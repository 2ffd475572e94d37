var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { RetentionTierField } from '../../backups/dto/retention-fields.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { BackupRunDto } from '../../backups/dto/backup.dto.js';
import { cronExpressionProblem, timeZoneProblem } from '../../config/app-config.js';
import { SCHEDULE_TARGETS } from '../backup-schedule.entity.js';
const STATUSES = ['running', 'succeeded', 'failed', 'partial', 'skipped'];
const iso = (d) => (d ? new Date(d).toISOString() : null);
/** 5 or 6 cron fields with values in range that match some date; the message says what is wrong. */
function IsCronExpression(options) {
    return ValidateBy({
        name: 'isCronExpression',
        validator: {
            validate: (value) => typeof value === 'string' && cronExpressionProblem(value) === null,
            defaultMessage: (args) => (typeof args?.value === 'string' ? `cron "${args.value}" ${cronExpressionProblem(args.value)}` : 'cron must be a string'),
        },
    }, options);
}
function IsIanaTimeZone(options) {
    return ValidateBy({
        name: 'isIanaTimeZone',
        validator: {
            validate: (value) => typeof value === 'string' && timeZoneProblem(value) === null,
            defaultMessage: (args) => (typeof args?.value === 'string' ? `timezone ${timeZoneProblem(args.value)}` : 'timezone must be a string'),
        },
    }, options);
}
const NAME_RULE = /^\S(.*\S)?$/;
const CRON_DOC = '5 fields (minute hour day-of-month month day-of-week) or 6 (second first), read in `timezone`';
export class CreateScheduleDto {
    name;
    cron;
    timezone;
    target;
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
    enabled;
}
__decorate([
    ApiProperty({ example: 'Nightly full database', maxLength: 100 }),
    IsString(),
    Length(1, 100),
    Matches(NAME_RULE, { message: 'name must not start or end with spaces' }),
    __metadata("design:type", String)
], CreateScheduleDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: '0 2 * * *', description: CRON_DOC }),
    IsCronExpression(),
    __metadata("design:type", String)
], CreateScheduleDto.prototype, "cron", void 0);
__decorate([
    ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone (default BACKUP_TIMEZONE, which defaults to UTC)' }),
    IsOptional(),
    IsIanaTimeZone(),
    __metadata("design:type", String)
], CreateScheduleDto.prototype, "timezone", void 0);
__decorate([
    ApiProperty({ enum: SCHEDULE_TARGETS, description: "full_db, all_users (every active user's inventory) or both" }),
    IsIn(SCHEDULE_TARGETS),
    __metadata("design:type", String)
], CreateScheduleDto.prototype, "target", void 0);
__decorate([
    ApiPropertyOptional({ example: 7, minimum: 1, maximum: 10000, description: 'Backups kept per set after each run (default BACKUP_KEEP, 10)' }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(10_000),
    __metadata("design:type", Number)
], CreateScheduleDto.prototype, "keep", void 0);
__decorate([
    RetentionTierField('daily', { nullable: true }),
    __metadata("design:type", Object)
], CreateScheduleDto.prototype, "keep_daily", void 0);
__decorate([
    RetentionTierField('weekly', { nullable: true }),
    __metadata("design:type", Object)
], CreateScheduleDto.prototype, "keep_weekly", void 0);
__decorate([
    RetentionTierField('monthly', { nullable: true }),
    __metadata("design:type", Object)
], CreateScheduleDto.prototype, "keep_monthly", void 0);
__decorate([
    ApiPropertyOptional({ default: true }),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], CreateScheduleDto.prototype, "enabled", void 0);
export class UpdateScheduleDto {
    name;
    cron;
    timezone;
    target;
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
    enabled;
}
__decorate([
    ApiPropertyOptional({ maxLength: 100 }),
    IsOptional(),
    IsString(),
    Length(1, 100),
    Matches(NAME_RULE, { message: 'name must not start or end with spaces' }),
    __metadata("design:type", String)
], UpdateScheduleDto.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional({ example: '0 */6 * * *', description: CRON_DOC }),
    IsOptional(),
    IsCronExpression(),
    __metadata("design:type", String)
], UpdateScheduleDto.prototype, "cron", void 0);
__decorate([
    ApiPropertyOptional({ example: 'America/New_York' }),
    IsOptional(),
    IsIanaTimeZone(),
    __metadata("design:type", String)
], UpdateScheduleDto.prototype, "timezone", void 0);
__decorate([
    ApiPropertyOptional({ enum: SCHEDULE_TARGETS }),
    IsOptional(),
    IsIn(SCHEDULE_TARGETS),
    __metadata("design:type", String)
], UpdateScheduleDto.prototype, "target", void 0);
__decorate([
    ApiPropertyOptional({ minimum: 1, maximum: 10000 }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(10_000),
    __metadata("design:type", Number)
], UpdateScheduleDto.prototype, "keep", void 0);
__decorate([
    RetentionTierField('daily', { nullable: true }),
    __metadata("design:type", Object)
], UpdateScheduleDto.prototype, "keep_daily", void 0);
__decorate([
    RetentionTierField('weekly', { nullable: true }),
    __metadata("design:type", Object)
], UpdateScheduleDto.prototype, "keep_weekly", void 0);
__decorate([
    RetentionTierField('monthly', { nullable: true }),
    __metadata("design:type", Object)
], UpdateScheduleDto.prototype, "keep_monthly", void 0);
__decorate([
    ApiPropertyOptional({ description: 'false stops the schedule; turning it back on does not catch up what it missed while off' }),
    IsOptional(),
    IsBoolean(),
    __metadata("design:type", Boolean)
], UpdateScheduleDto.prototype, "enabled", void 0);
export class ScheduleDto {
    id;
    name;
    cron;
    timezone;
    target;
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
    enabled;
    running;
    next_run_at;
    next_run_local;
    last_run_at;
    last_run_status;
    handled_until;
    created_at;
    updated_at;
    static from(row, next, running) {
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
            handled_until: iso(row.handledUntil),
            created_at: iso(row.createdAt),
            updated_at: iso(row.updatedAt),
        };
    }
}
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], ScheduleDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'Full database' }),
    __metadata("design:type", String)
], ScheduleDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: '0 2 * * *', description: CRON_DOC }),
    __metadata("design:type", String)
], ScheduleDto.prototype, "cron", void 0);
__decorate([
    ApiProperty({ example: 'UTC' }),
    __metadata("design:type", String)
], ScheduleDto.prototype, "timezone", void 0);
__decorate([
    ApiProperty({ enum: SCHEDULE_TARGETS }),
    __metadata("design:type", String)
], ScheduleDto.prototype, "target", void 0);
__decorate([
    ApiProperty({ example: 10 }),
    __metadata("design:type", Number)
], ScheduleDto.prototype, "keep", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_DAILY' }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "keep_daily", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_WEEKLY' }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "keep_weekly", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'null: BACKUP_KEEP_MONTHLY' }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "keep_monthly", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], ScheduleDto.prototype, "enabled", void 0);
__decorate([
    ApiProperty({ description: 'A run of this schedule is going on now (on some instance)' }),
    __metadata("design:type", Boolean)
], ScheduleDto.prototype, "running", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '2026-11-27T02:00:00.000Z', description: 'null when disabled' }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "next_run_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '2026-11-27T03:00:00+01:00', description: "next_run_at in the schedule's time zone" }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "next_run_local", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, description: 'When its latest run started' }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "last_run_at", void 0);
__decorate([
    ApiProperty({ nullable: true, enum: STATUSES }),
    __metadata("design:type", Object)
], ScheduleDto.prototype, "last_run_status", void 0);
__decorate([
    ApiProperty({ description: 'Every run due up to this instant has been handled; a start after downtime catches up (once) what came due after it' }),
    __metadata("design:type", String)
], ScheduleDto.prototype, "handled_until", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ScheduleDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ScheduleDto.prototype, "updated_at", void 0);
export class ScheduleListDto {
    items;
    total;
}
__decorate([
    ApiProperty({ type: [ScheduleDto] }),
    __metadata("design:type", Array)
], ScheduleListDto.prototype, "items", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ScheduleListDto.prototype, "total", void 0);
export class ScheduleRefDto {
    id;
    name;
    target;
    cron;
    timezone;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ScheduleRefDto.prototype, "id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ScheduleRefDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ enum: SCHEDULE_TARGETS }),
    __metadata("design:type", String)
], ScheduleRefDto.prototype, "target", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ScheduleRefDto.prototype, "cron", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ScheduleRefDto.prototype, "timezone", void 0);
export class NextRunDto {
    schedule;
    next_run_at;
    next_run_local;
    seconds_remaining;
    hours;
    minutes;
    seconds;
    remaining;
    now;
    static from(next, now) {
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
__decorate([
    ApiProperty({ type: ScheduleRefDto, nullable: true, description: 'The schedule that runs next; null when none is enabled' }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "schedule", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '2026-11-27T02:00:00.000Z' }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "next_run_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '2026-11-27T03:00:00+01:00', description: "In the schedule's time zone" }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "next_run_local", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, example: 52535, description: 'Whole seconds until then, rounded up' }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "seconds_remaining", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, example: 14 }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "hours", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, example: 35 }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "minutes", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, example: 35 }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "seconds", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '14h 35m 35s' }),
    __metadata("design:type", Object)
], NextRunDto.prototype, "remaining", void 0);
__decorate([
    ApiProperty({ description: 'The server time the remaining time is counted from' }),
    __metadata("design:type", String)
], NextRunDto.prototype, "now", void 0);
export class ScheduleRunDto {
    schedule;
    status;
    runs;
}
__decorate([
    ApiProperty({ type: ScheduleDto }),
    __metadata("design:type", ScheduleDto)
], ScheduleRunDto.prototype, "schedule", void 0);
__decorate([
    ApiProperty({ enum: STATUSES, description: 'succeeded, partial (some of it failed), failed, or skipped (e.g. the same backup was already being made)' }),
    __metadata("design:type", String)
], ScheduleRunDto.prototype, "status", void 0);
__decorate([
    ApiProperty({ type: [BackupRunDto], description: 'One backup run per target (two for target both)' }),
    __metadata("design:type", Array)
], ScheduleRunDto.prototype, "runs", void 0);
//# sourceMappingURL=schedule.dto.js.map