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
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';
import { PageQueryDto } from '../../users/dto/user.dto.js';
import { BACKUP_TYPES } from '../backup.entity.js';
const TARGETS = ['full_db', 'user_inventory', 'all_users'];
const STATUSES = ['running', 'succeeded', 'failed', 'partial', 'skipped'];
const iso = (d) => (d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null);
export class BackupCopyDto {
    target;
    status;
    remote_key;
    sha256;
    attempts;
    error;
    copied_at;
}
__decorate([
    ApiProperty({ example: 's3' }),
    __metadata("design:type", String)
], BackupCopyDto.prototype, "target", void 0);
__decorate([
    ApiProperty({ enum: ['copied', 'failed'] }),
    __metadata("design:type", String)
], BackupCopyDto.prototype, "status", void 0);
__decorate([
    ApiProperty({ example: 'blockshelf/backups/full_db/db_backup_20261126_020000.dump' }),
    __metadata("design:type", String)
], BackupCopyDto.prototype, "remote_key", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, description: 'sha256 of the remote object, read back after upload' }),
    __metadata("design:type", Object)
], BackupCopyDto.prototype, "sha256", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupCopyDto.prototype, "attempts", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BackupCopyDto.prototype, "error", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BackupCopyDto.prototype, "copied_at", void 0);
export class BackupDto {
    id;
    type;
    user_id;
    file_name;
    file_path;
    size_bytes;
    sha256;
    format;
    dialect;
    created_at;
    created_by;
    is_scheduled;
    verified_at;
    download_url;
    encrypted;
    encryption_key_id;
    copies;
    status;
    pinned;
    pin_reason;
    pinned_until;
    trashed_at;
    item_count;
    label;
    static from(b, copies) {
        return {
            id: b.id,
            type: b.type,
            user_id: b.userId,
            file_name: b.filePath.split('/').pop(),
            file_path: b.filePath,
            size_bytes: b.sizeBytes,
            sha256: b.sha256,
            format: b.format,
            dialect: b.dialect,
            created_at: iso(b.createdAt),
            created_by: b.createdBy,
            is_scheduled: Boolean(b.isScheduled),
            verified_at: iso(b.verifiedAt),
            download_url: `/api/backups/${b.id}/download`,
            encrypted: Boolean(b.encryptionKeyId),
            encryption_key_id: b.encryptionKeyId ?? null,
            status: b.status === 'missing' || b.status === 'trashed' ? b.status : 'ok',
            pinned: Boolean(b.pinned) && (!b.pinnedUntil || b.pinnedUntil > new Date()),
            pin_reason: b.pinReason ?? null,
            pinned_until: iso(b.pinnedUntil ?? null),
            trashed_at: iso(b.trashedAt ?? null),
            item_count: b.itemCount ?? null,
            label: b.label ?? null,
            copies: (copies ?? []).map((c) => ({
                target: c.target,
                status: c.status,
                remote_key: c.remoteKey,
                sha256: c.sha256,
                attempts: c.attempts,
                error: c.error,
                copied_at: iso(c.copiedAt),
            })),
        };
    }
}
__decorate([
    ApiProperty({ example: 12 }),
    __metadata("design:type", Number)
], BackupDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ enum: BACKUP_TYPES }),
    __metadata("design:type", String)
], BackupDto.prototype, "type", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, example: 3, description: 'Owner of a user_inventory backup; null for full_db' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "user_id", void 0);
__decorate([
    ApiProperty({ example: 'john_inventory_20261126_020000.json' }),
    __metadata("design:type", String)
], BackupDto.prototype, "file_name", void 0);
__decorate([
    ApiProperty({ example: 'backups/user_inventory/3/john_inventory_20261126_020000.json', description: 'Relative to MEDIA_ROOT' }),
    __metadata("design:type", String)
], BackupDto.prototype, "file_path", void 0);
__decorate([
    ApiProperty({ example: 20480 }),
    __metadata("design:type", Number)
], BackupDto.prototype, "size_bytes", void 0);
__decorate([
    ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }),
    __metadata("design:type", String)
], BackupDto.prototype, "sha256", void 0);
__decorate([
    ApiProperty({ example: 'inventory-json', description: 'sqlite3 | pg_dump-custom | mysqldump-gzip | inventory-json' }),
    __metadata("design:type", String)
], BackupDto.prototype, "format", void 0);
__decorate([
    ApiProperty({ example: 'json', description: 'sqlite | postgres | mysql for full_db; json for user_inventory' }),
    __metadata("design:type", String)
], BackupDto.prototype, "dialect", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T02:00:00.000Z' }),
    __metadata("design:type", String)
], BackupDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'Who asked for it; null for scheduler/CLI' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "created_by", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], BackupDto.prototype, "is_scheduled", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '2026-11-26T02:00:01.000Z' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "verified_at", void 0);
__decorate([
    ApiProperty({ example: '/api/backups/12/download' }),
    __metadata("design:type", String)
], BackupDto.prototype, "download_url", void 0);
__decorate([
    ApiProperty({ description: 'Encrypted at rest (AES-256-GCM); download with ?decrypt=true for the plain file' }),
    __metadata("design:type", Boolean)
], BackupDto.prototype, "encrypted", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: '3f2a9c1e0b7d4a55', description: 'Id of the key it is encrypted with' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "encryption_key_id", void 0);
__decorate([
    ApiProperty({ type: () => [BackupCopyDto], description: 'Off-site copies' }),
    __metadata("design:type", Array)
], BackupDto.prototype, "copies", void 0);
__decorate([
    ApiProperty({
        enum: ['ok', 'missing', 'trashed'],
        description: 'missing: the file is gone from disk (found by reconcile), it cannot be downloaded or restored; trashed: only in GET /api/backups/trash',
    }),
    __metadata("design:type", String)
], BackupDto.prototype, "status", void 0);
__decorate([
    ApiProperty({ description: 'Never rotated while pinned (POST/DELETE /api/backups/:id/pin)' }),
    __metadata("design:type", Boolean)
], BackupDto.prototype, "pinned", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: 'Shrink guard: backup 41 has 400 items, fewer than 50% of the 1000 in this one' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "pin_reason", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, description: 'The pin ends then (null: until unpinned)' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "pinned_until", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, description: 'When it went to the trash (purged BACKUP_TRASH_HOURS later)' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "trashed_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'Items (user_inventory) or rows (full_db) it holds' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "item_count", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: 'Safety backup before restoring backup 3', description: 'Why this backup is special, when it is' }),
    __metadata("design:type", Object)
], BackupDto.prototype, "label", void 0);
export class BackupRunDto {
    id;
    target;
    trigger;
    status;
    user_id;
    created_by;
    schedule_id;
    started_at;
    finished_at;
    duration_ms;
    backups_created;
    backups_failed;
    backups_deleted;
    bytes_written;
    error;
    warnings;
    static from(r) {
        return {
            id: r.id,
            target: r.target,
            trigger: r.trigger,
            status: r.status,
            user_id: r.userId,
            created_by: r.createdBy,
            schedule_id: r.scheduleId,
            started_at: iso(r.startedAt),
            finished_at: iso(r.finishedAt),
            duration_ms: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
            backups_created: r.backupsCreated,
            backups_failed: r.backupsFailed,
            backups_deleted: r.backupsDeleted,
            bytes_written: r.bytesWritten,
            error: r.error,
            warnings: r.warnings ?? null,
        };
    }
}
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ enum: TARGETS }),
    __metadata("design:type", String)
], BackupRunDto.prototype, "target", void 0);
__decorate([
    ApiProperty({ enum: ['manual', 'cli', 'schedule'] }),
    __metadata("design:type", String)
], BackupRunDto.prototype, "trigger", void 0);
__decorate([
    ApiProperty({ enum: STATUSES }),
    __metadata("design:type", String)
], BackupRunDto.prototype, "status", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "user_id", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "created_by", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "schedule_id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], BackupRunDto.prototype, "started_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "finished_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "duration_ms", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunDto.prototype, "backups_created", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunDto.prototype, "backups_failed", void 0);
__decorate([
    ApiProperty({ description: 'Old backups removed by rotation' }),
    __metadata("design:type", Number)
], BackupRunDto.prototype, "backups_deleted", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunDto.prototype, "bytes_written", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "error", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, description: 'What an admin should know about a run that succeeded, one per line (backup.shrunk: …)' }),
    __metadata("design:type", Object)
], BackupRunDto.prototype, "warnings", void 0);
export class CreateBackupDto {
    keep;
    keep_daily;
    keep_weekly;
    keep_monthly;
}
__decorate([
    ApiPropertyOptional({ example: 7, minimum: 1, maximum: 10000, description: 'Rotation: the newest N backups of this set are kept (default BACKUP_KEEP, 10)' }),
    IsOptional(),
    IsInt(),
    Min(1),
    Max(10_000),
    __metadata("design:type", Number)
], CreateBackupDto.prototype, "keep", void 0);
__decorate([
    RetentionTierField('daily'),
    __metadata("design:type", Number)
], CreateBackupDto.prototype, "keep_daily", void 0);
__decorate([
    RetentionTierField('weekly'),
    __metadata("design:type", Number)
], CreateBackupDto.prototype, "keep_weekly", void 0);
__decorate([
    RetentionTierField('monthly'),
    __metadata("design:type", Number)
], CreateBackupDto.prototype, "keep_monthly", void 0);
export class CreatedBackupDto {
    backup;
    run;
    deleted;
}
__decorate([
    ApiProperty({ type: BackupDto }),
    __metadata("design:type", BackupDto)
], CreatedBackupDto.prototype, "backup", void 0);
__decorate([
    ApiProperty({ type: BackupRunDto }),
    __metadata("design:type", BackupRunDto)
], CreatedBackupDto.prototype, "run", void 0);
__decorate([
    ApiProperty({ description: 'Old backups removed by rotation' }),
    __metadata("design:type", Number)
], CreatedBackupDto.prototype, "deleted", void 0);
export class UserBackupOutcomeDto {
    user_id;
    username;
    backup;
    error;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], UserBackupOutcomeDto.prototype, "user_id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], UserBackupOutcomeDto.prototype, "username", void 0);
__decorate([
    ApiPropertyOptional({ type: BackupDto }),
    __metadata("design:type", BackupDto)
], UserBackupOutcomeDto.prototype, "backup", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], UserBackupOutcomeDto.prototype, "error", void 0);
export class AllUsersBackupDto {
    run;
    results;
}
__decorate([
    ApiProperty({ type: BackupRunDto, description: 'status is succeeded, partial (some users failed) or failed' }),
    __metadata("design:type", BackupRunDto)
], AllUsersBackupDto.prototype, "run", void 0);
__decorate([
    ApiProperty({ type: [UserBackupOutcomeDto] }),
    __metadata("design:type", Array)
], AllUsersBackupDto.prototype, "results", void 0);
export class ListBackupsQueryDto extends PageQueryDto {
    type;
    userId;
}
__decorate([
    ApiPropertyOptional({ enum: BACKUP_TYPES }),
    IsOptional(),
    IsIn(BACKUP_TYPES),
    __metadata("design:type", String)
], ListBackupsQueryDto.prototype, "type", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Admins: filter by owner. Users always see only their own.' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    __metadata("design:type", Number)
], ListBackupsQueryDto.prototype, "userId", void 0);
export class ListRunsQueryDto extends PageQueryDto {
    target;
    status;
}
__decorate([
    ApiPropertyOptional({ enum: TARGETS }),
    IsOptional(),
    IsIn(TARGETS),
    __metadata("design:type", String)
], ListRunsQueryDto.prototype, "target", void 0);
__decorate([
    ApiPropertyOptional({ enum: STATUSES }),
    IsOptional(),
    IsIn(STATUSES),
    __metadata("design:type", String)
], ListRunsQueryDto.prototype, "status", void 0);
export class BackupPageDto {
    items;
    total;
    page;
    pageSize;
}
__decorate([
    ApiProperty({ type: [BackupDto] }),
    __metadata("design:type", Array)
], BackupPageDto.prototype, "items", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupPageDto.prototype, "total", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupPageDto.prototype, "page", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupPageDto.prototype, "pageSize", void 0);
export class BackupRunPageDto {
    items;
    total;
    page;
    pageSize;
}
__decorate([
    ApiProperty({ type: [BackupRunDto] }),
    __metadata("design:type", Array)
], BackupRunPageDto.prototype, "items", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunPageDto.prototype, "total", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunPageDto.prototype, "page", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupRunPageDto.prototype, "pageSize", void 0);
export class VerifyResultDto {
    ok;
    checksum_ok;
    integrity_ok;
    error;
    backup;
}
__decorate([
    ApiProperty({ description: 'Checksum and integrity both good' }),
    __metadata("design:type", Boolean)
], VerifyResultDto.prototype, "ok", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], VerifyResultDto.prototype, "checksum_ok", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], VerifyResultDto.prototype, "integrity_ok", void 0);
__decorate([
    ApiPropertyOptional(),
    __metadata("design:type", String)
], VerifyResultDto.prototype, "error", void 0);
__decorate([
    ApiProperty({ type: BackupDto }),
    __metadata("design:type", BackupDto)
], VerifyResultDto.prototype, "backup", void 0);
class LastEventDto {
    run_id;
    at;
    status;
    error;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], LastEventDto.prototype, "run_id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], LastEventDto.prototype, "at", void 0);
__decorate([
    ApiProperty({ enum: STATUSES }),
    __metadata("design:type", String)
], LastEventDto.prototype, "status", void 0);
__decorate([
    ApiPropertyOptional({ nullable: true, type: String }),
    __metadata("design:type", Object)
], LastEventDto.prototype, "error", void 0);
export class TypeStatsDto {
    type;
    count;
    bytes;
    newest;
    last_success;
    last_failure;
}
__decorate([
    ApiProperty({ enum: BACKUP_TYPES }),
    __metadata("design:type", String)
], TypeStatsDto.prototype, "type", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], TypeStatsDto.prototype, "count", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], TypeStatsDto.prototype, "bytes", void 0);
__decorate([
    ApiProperty({ type: BackupDto, nullable: true }),
    __metadata("design:type", Object)
], TypeStatsDto.prototype, "newest", void 0);
__decorate([
    ApiProperty({ type: LastEventDto, nullable: true }),
    __metadata("design:type", Object)
], TypeStatsDto.prototype, "last_success", void 0);
__decorate([
    ApiProperty({ type: LastEventDto, nullable: true }),
    __metadata("design:type", Object)
], TypeStatsDto.prototype, "last_failure", void 0);
export class BackupStatsDto {
    types;
    free_bytes;
    total_bytes;
}
__decorate([
    ApiProperty({ type: [TypeStatsDto] }),
    __metadata("design:type", Array)
], BackupStatsDto.prototype, "types", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'Free bytes on the file system holding MEDIA_ROOT (null when it cannot be read)' }),
    __metadata("design:type", Object)
], BackupStatsDto.prototype, "free_bytes", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], BackupStatsDto.prototype, "total_bytes", void 0);
export function lastEvent(run) {
    return run ? { run_id: run.id, at: iso(run.finishedAt ?? run.startedAt), status: run.status, error: run.error } : null;
}
export class RestoreQueryDto {
    mode = 'replace';
    dryRun = false;
}
__decorate([
    ApiPropertyOptional({
        enum: ['replace', 'merge'],
        default: 'replace',
        description: 'replace: the inventory becomes exactly the backup; merge: upsert, keep other items',
    }),
    IsOptional(),
    IsIn(['replace', 'merge']),
    __metadata("design:type", String)
], RestoreQueryDto.prototype, "mode", void 0);
__decorate([
    ApiPropertyOptional({ default: false }),
    IsOptional(),
    Transform(queryBoolean),
    IsBoolean(),
    __metadata("design:type", Boolean)
], RestoreQueryDto.prototype, "dryRun", void 0);
export class DownloadQueryDto {
    decrypt = false;
}
__decorate([
    ApiPropertyOptional({ default: false, description: 'For an encrypted backup: stream the decrypted content' }),
    IsOptional(),
    Transform(queryBoolean),
    IsBoolean(),
    __metadata("design:type", Boolean)
], DownloadQueryDto.prototype, "decrypt", void 0);
//# sourceMappingURL=backup.dto.js.map