import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer.js';

/** full_restore: a full database restore made by the CLI (kept in the history like any run). */
export type BackupTarget = 'full_db' | 'user_inventory' | 'all_users' | 'full_restore';
export type BackupTrigger = 'manual' | 'cli' | 'schedule';
export type BackupRunStatus = 'running' | 'succeeded' | 'failed' | 'partial' | 'skipped';

/** One row per triggered job: the history an admin monitors. */
@Entity('backup_runs')
@Index('idx_backup_runs_started', ['startedAt'])
export class BackupRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  target: BackupTarget;

  @Column({ type: 'varchar', length: 16 })
  trigger: BackupTrigger;

  @Column({ type: 'varchar', length: 16 })
  status: BackupRunStatus;

  /** For a single user's backup: whose. */
  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId: number | null;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ name: 'schedule_id', type: 'int', nullable: true })
  scheduleId: number | null;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'backups_created', type: 'int', default: 0 })
  backupsCreated: number;

  @Column({ name: 'backups_failed', type: 'int', default: 0 })
  backupsFailed: number;

  @Column({ name: 'backups_deleted', type: 'int', default: 0 })
  backupsDeleted: number;

  @Column({ name: 'bytes_written', type: 'bigint', default: 0, transformer: bigintToNumber })
  bytesWritten: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Renewed while the run goes on; a run whose heartbeat stops is marked failed (interrupted) by any live instance. */
  @Column({ name: 'heartbeat_at', type: Date, nullable: true })
  heartbeatAt: Date | null;

  /** Things an admin should know about a run that succeeded, one per line (e.g. "backup.shrunk: …"). */
  @Column({ type: 'text', nullable: true })
  warnings: string | null;

  /** The process (app_instances.id) that runs it. */
  @Column({ name: 'instance_id', type: 'varchar', length: 80, nullable: true })
  instanceId: string | null;
}
