import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BackupRunStatus } from '../backups/backup-run.entity.js';

export type ScheduleTarget = 'full_db' | 'all_users' | 'both';
export const SCHEDULE_TARGETS: ScheduleTarget[] = ['full_db', 'all_users', 'both'];

/** A backup schedule: data, not code. Every app instance builds its timers from these rows. */
@Entity('backup_schedules')
export class BackupSchedule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  /** 5 fields (minute hour day-of-month month day-of-week) or 6 (second first). */
  @Column({ type: 'varchar', length: 120 })
  cron: string;

  /** IANA zone the expression is read in. */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @Column({ type: 'varchar', length: 16 })
  target: ScheduleTarget;

  /** Rotation: how many backups of each set to keep after a run of this schedule. */
  @Column({ type: 'int' })
  keep: number;

  /** Calendar tiers of rotation; null = BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY. */
  @Column({ name: 'keep_daily', type: 'int', nullable: true })
  keepDaily: number | null;

  @Column({ name: 'keep_weekly', type: 'int', nullable: true })
  keepWeekly: number | null;

  @Column({ name: 'keep_monthly', type: 'int', nullable: true })
  keepMonthly: number | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /**
   * Every run due at or before this instant has been handled (run, skipped, or
   * passed over because the schedule was off). Instances claim a tick by moving
   * it forward with a conditional UPDATE, so each tick is claimed exactly once.
   */
  @Column({ name: 'handled_until', type: Date })
  handledUntil: Date;

  @Column({ name: 'last_run_at', type: Date, nullable: true })
  lastRunAt: Date | null;

  @Column({ name: 'last_run_status', type: 'varchar', length: 16, nullable: true })
  lastRunStatus: BackupRunStatus | null;

  @Column({ name: 'next_run_at', type: Date, nullable: true })
  nextRunAt: Date | null;

  /** Instance running this schedule now (a lease: renewed while the run goes on, void once expired). */
  @Column({ name: 'lease_owner', type: 'varchar', length: 120, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires_at', type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** Last change through the API (ticks do not touch it). */
  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
