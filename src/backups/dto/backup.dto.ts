import { RetentionTierField } from './retention-fields.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';
import { PageQueryDto } from '../../users/dto/user.dto.js';
import type { BackupRun, BackupRunStatus, BackupTarget } from '../backup-run.entity.js';
import { BACKUP_TYPES } from '../backup.entity.js';
import type { Backup, BackupType } from '../backup.entity.js';
import type { BackupCopy } from '../offsite/backup-copy.entity.js';

const TARGETS: BackupTarget[] = ['full_db', 'user_inventory', 'all_users'];
const STATUSES: BackupRunStatus[] = ['running', 'succeeded', 'failed', 'partial', 'skipped'];
const iso = (d: Date | null | undefined) => (d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null);

export class BackupCopyDto {
  @ApiProperty({ example: 's3' }) target: string;
  @ApiProperty({ enum: ['copied', 'failed'] }) status: string;
  @ApiProperty({ example: 'blockshelf/backups/full_db/db_backup_20261126_020000.dump' }) remote_key: string;
  @ApiProperty({ nullable: true, type: String, description: 'sha256 of the remote object, read back after upload' }) sha256: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String }) copied_at: string | null;
}

export class BackupDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ enum: BACKUP_TYPES }) type: BackupType;
  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'Owner of a user_inventory backup; null for full_db' }) user_id: number | null;
  @ApiProperty({ example: 'john_inventory_20261126_020000.json' }) file_name: string;
  @ApiProperty({ example: 'backups/user_inventory/3/john_inventory_20261126_020000.json', description: 'Relative to MEDIA_ROOT' }) file_path: string;
  @ApiProperty({ example: 20480 }) size_bytes: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ example: 'inventory-json', description: 'sqlite3 | pg_dump-custom | mysqldump-gzip | inventory-json' }) format: string;
  @ApiProperty({ example: 'json', description: 'sqlite | postgres | mysql for full_db; json for user_inventory' }) dialect: string;
  @ApiProperty({ example: '2026-11-26T02:00:00.000Z' }) created_at: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Who asked for it; null for scheduler/CLI' }) created_by: number | null;
  @ApiProperty() is_scheduled: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-26T02:00:01.000Z' }) verified_at: string | null;
  @ApiProperty({ example: '/api/backups/12/download' }) download_url: string;
  @ApiProperty({ description: 'Encrypted at rest (AES-256-GCM); download with ?decrypt=true for the plain file' }) encrypted: boolean;
  @ApiProperty({ nullable: true, type: String, example: '3f2a9c1e0b7d4a55', description: 'Id of the key it is encrypted with' }) encryption_key_id:
    string | null;
  @ApiProperty({ type: () => [BackupCopyDto], description: 'Off-site copies' }) copies: BackupCopyDto[];
  @ApiProperty({
    enum: ['ok', 'missing', 'trashed'],
    description: 'missing: the file is gone from disk (found by reconcile), it cannot be downloaded or restored; trashed: only in GET /api/backups/trash',
  })
  status: 'ok' | 'missing' | 'trashed';
  @ApiProperty({ description: 'Never rotated while pinned (POST/DELETE /api/backups/:id/pin)' }) pinned: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'Shrink guard: backup 41 has 400 items, fewer than 50% of the 1000 in this one' }) pin_reason:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The pin ends then (null: until unpinned)' }) pinned_until: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When it went to the trash (purged BACKUP_TRASH_HOURS later)' }) trashed_at: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Items (user_inventory) or rows (full_db) it holds' }) item_count: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'Safety backup before restoring backup 3', description: 'Why this backup is special, when it is' })
  label: string | null;

  /** `now` decides whether a pin with an end date still holds (the listing passes the time its cached page is built at). */
  static from(b: Backup, copies?: BackupCopy[], now = new Date()): BackupDto {
    return {
      id: b.id,
      type: b.type,
      user_id: b.userId,
      file_name: b.filePath.split('/').pop()!,
      file_path: b.filePath,
      size_bytes: b.sizeBytes,
      sha256: b.sha256,
      format: b.format,
      dialect: b.dialect,
      created_at: iso(b.createdAt)!,
      created_by: b.createdBy,
      is_scheduled: Boolean(b.isScheduled),
      verified_at: iso(b.verifiedAt),
      download_url: `/api/backups/${b.id}/download`,
      encrypted: Boolean(b.encryptionKeyId),
      encryption_key_id: b.encryptionKeyId ?? null,
      status: b.status === 'missing' || b.status === 'trashed' ? b.status : 'ok',
      pinned: Boolean(b.pinned) && (!b.pinnedUntil || b.pinnedUntil > now),
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

export class BackupRunDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: TARGETS }) target: BackupTarget;
  @ApiProperty({ enum: ['manual', 'cli', 'schedule'] }) trigger: string;
  @ApiProperty({ enum: STATUSES }) status: BackupRunStatus;
  @ApiProperty({ nullable: true, type: Number }) user_id: number | null;
  @ApiProperty({ nullable: true, type: Number }) created_by: number | null;
  @ApiProperty({ nullable: true, type: Number }) schedule_id: number | null;
  @ApiProperty() started_at: string;
  @ApiProperty({ nullable: true, type: String }) finished_at: string | null;
  @ApiProperty({ nullable: true, type: Number }) duration_ms: number | null;
  @ApiProperty() backups_created: number;
  @ApiProperty() backups_failed: number;
  @ApiProperty({ description: 'Old backups removed by rotation' }) backups_deleted: number;
  @ApiProperty() bytes_written: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'What an admin should know about a run that succeeded, one per line (backup.shrunk: …)' })
  warnings: string | null;

  static from(r: BackupRun): BackupRunDto {
    return {
      id: r.id,
      target: r.target,
      trigger: r.trigger,
      status: r.status,
      user_id: r.userId,
      created_by: r.createdBy,
      schedule_id: r.scheduleId,
      started_at: iso(r.startedAt)!,
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

export class CreateBackupDto {
  @ApiPropertyOptional({ example: 7, minimum: 1, maximum: 10000, description: 'Rotation: the newest N backups of this set are kept (default BACKUP_KEEP, 10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  keep?: number;

  @RetentionTierField('daily')
  keep_daily?: number;

  @RetentionTierField('weekly')
  keep_weekly?: number;

  @RetentionTierField('monthly')
  keep_monthly?: number;
}

export class CreatedBackupDto {
  @ApiProperty({ type: BackupDto }) backup: BackupDto;
  @ApiProperty({ type: BackupRunDto }) run: BackupRunDto;
  @ApiProperty({ description: 'Old backups removed by rotation' }) deleted: number;
}

export class UserBackupOutcomeDto {
  @ApiProperty() user_id: number;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ type: BackupDto }) backup?: BackupDto;
  @ApiPropertyOptional() error?: string;
}

export class AllUsersBackupDto {
  @ApiProperty({ type: BackupRunDto, description: 'status is succeeded, partial (some users failed) or failed' }) run: BackupRunDto;
  @ApiProperty({ type: [UserBackupOutcomeDto] }) results: UserBackupOutcomeDto[];
}

export class ListBackupsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: BACKUP_TYPES })
  @IsOptional()
  @IsIn(BACKUP_TYPES)
  type?: BackupType;

  @ApiPropertyOptional({ description: 'Admins: filter by owner. Users always see only their own.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;
}

export class ListRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TARGETS })
  @IsOptional()
  @IsIn(TARGETS)
  target?: BackupTarget;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: BackupRunStatus;
}

export class BackupPageDto {
  @ApiProperty({ type: [BackupDto] }) items: BackupDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class BackupRunPageDto {
  @ApiProperty({ type: [BackupRunDto] }) items: BackupRunDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class VerifyResultDto {
  @ApiProperty({ description: 'Checksum and integrity both good' }) ok: boolean;
  @ApiProperty() checksum_ok: boolean;
  @ApiProperty() integrity_ok: boolean;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ type: BackupDto }) backup: BackupDto;
}

class LastEventDto {
  @ApiProperty() run_id: number;
  @ApiProperty() at: string;
  @ApiProperty({ enum: STATUSES }) status: BackupRunStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) error?: string | null;
}

export class TypeStatsDto {
  @ApiProperty({ enum: BACKUP_TYPES }) type: BackupType;
  @ApiProperty() count: number;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: BackupDto, nullable: true }) newest: BackupDto | null;
  @ApiProperty({ type: LastEventDto, nullable: true }) last_success: LastEventDto | null;
  @ApiProperty({ type: LastEventDto, nullable: true }) last_failure: LastEventDto | null;
}

export class BackupStatsDto {
  @ApiProperty({ type: [TypeStatsDto] }) types: TypeStatsDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'Free bytes on the file system holding MEDIA_ROOT (null when it cannot be read)' }) free_bytes:
    number | null;
  @ApiProperty() total_bytes: number;
}

export function lastEvent(run: BackupRun | null): LastEventDto | null {
  return run ? { run_id: run.id, at: iso(run.finishedAt ?? run.startedAt)!, status: run.status, error: run.error } : null;
}

export class RestoreQueryDto {
  @ApiPropertyOptional({
    enum: ['replace', 'merge'],
    default: 'replace',
    description: 'replace: the inventory becomes exactly the backup; merge: upsert, keep other items',
  })
  @IsOptional()
  @IsIn(['replace', 'merge'])
  mode: 'replace' | 'merge' = 'replace';

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun: boolean = false;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({ default: false, description: 'For an encrypted backup: stream the decrypted content' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  decrypt: boolean = false;
}
