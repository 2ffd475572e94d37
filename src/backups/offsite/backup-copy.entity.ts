import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type CopyStatus = 'copied' | 'failed';

/** The off-site copy of one backup on one target: what was uploaded where, and whether it checked out. */
@Entity('backup_copies')
@Unique('uq_backup_copies_backup_target', ['backupId', 'target'])
export class BackupCopy {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'backup_id', type: 'int' })
  backupId: number;

  @Column({ type: 'varchar', length: 32 })
  target: string;

  @Column({ name: 'remote_key', type: 'varchar', length: 1024 })
  remoteKey: string;

  @Column({ type: 'varchar', length: 16 })
  status: CopyStatus;

  /** sha256 of the remote object, read back after the upload. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'copied_at', type: Date, nullable: true })
  copiedAt: Date | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
