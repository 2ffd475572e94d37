import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer.js';

export type BackupType = 'full_db' | 'user_inventory';
export const BACKUP_TYPES: BackupType[] = ['full_db', 'user_inventory'];
/** pending: being published (not listed yet); ok; missing: its file is gone (listed as such, never served); trashed: in backups/trash, until purged or undeleted. */
export type BackupStatus = 'pending' | 'ok' | 'missing' | 'trashed';

/**
 * One complete, verified backup file under MEDIA_ROOT. The file and its manifest
 * are the truth; this row is the index (rebuilt from the manifests when needed).
 */
@Entity('backups')
@Index('idx_backups_type_user', ['type', 'userId'])
@Index('idx_backups_created', ['createdAt', 'id'])
@Index('idx_backups_status', ['status'])
export class Backup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  type: BackupType;

  /** Owner of a user_inventory backup; null for full_db. No foreign key: backups outlive deleted users. */
  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  /** Relative to MEDIA_ROOT, e.g. backups/full_db/db_backup_20261126_020000.sqlite3 */
  @Column({ name: 'file_path', type: 'varchar', length: 500, unique: true })
  filePath: string;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintToNumber })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** sqlite3 | pg_dump-custom | mysqldump-gzip | inventory-json */
  @Column({ type: 'varchar', length: 32 })
  format: string;

  @Column({ type: 'varchar', length: 16 })
  dialect: string;

  /** The moment the backup was taken (also in its file name, UTC). */
  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** The user who asked for it; null when the scheduler or the CLI made it. */
  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ name: 'is_scheduled', type: 'boolean', default: false })
  isScheduled: boolean;

  @Column({ name: 'verified_at', type: Date, nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'run_id', type: 'int', nullable: true })
  runId: number | null;

  /** Id of the key the file is encrypted with (BACKUP_ENCRYPTION_KEY); null = not encrypted. */
  @Column({ name: 'encryption_key_id', type: 'varchar', length: 16, nullable: true })
  encryptionKeyId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'ok' })
  status: BackupStatus;

  /** Why this backup exists when it is special, e.g. "Safety backup before restoring backup 3". */
  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  /** Never rotated or trashed by rotation while pinned (until pinned_until, when set). */
  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Column({ name: 'pin_reason', type: 'varchar', length: 300, nullable: true })
  pinReason: string | null;

  @Column({ name: 'pinned_until', type: Date, nullable: true })
  pinnedUntil: Date | null;

  @Column({ name: 'trashed_at', type: Date, nullable: true })
  trashedAt: Date | null;

  /** Items (user_inventory) or rows (full_db) it holds; null when not known (older backups). */
  @Column({ name: 'item_count', type: 'int', nullable: true })
  itemCount: number | null;
}
