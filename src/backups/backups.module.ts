import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { ProcessRunner } from '../common/process-runner.js';
import { PrivateTemp } from '../instances/private-temp.service.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { UsersModule } from '../users/users.module.js';
import { BackupCopy } from './offsite/backup-copy.entity.js';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import { OFFSITE_TARGETS, OffsiteTarget } from './offsite/offsite-target.js';
import { BackupEncryptionService } from './encryption/backup-encryption.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { BackupsService } from './backups.service.js';
import { BackupProducers } from './backup-producers.js';
import { BackupQueryService } from './backup-query.service.js';
import { RestoreCarryOver } from './restore-carry-over.service.js';
import { RunLedger } from './runs/run-ledger.service.js';
import { RunEvents } from './runs/run-events.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { BackupStore, BackupStoreHooks } from './store/backup-store.service.js';
import { BackupBatchPublisher } from './store/backup-batch-publisher.js';
import { BackupLocks } from './backup-locks.js';
import { AllUsersBackup } from './all-users-backup.service.js';
import { Clock } from '../common/clock.js';
import { AllUsersFiles } from './all-users-files.js';
import { FileWriterThreads } from './store/file-writer-thread.js';
import { FullRestoreService } from './full-restore.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { MysqlDumper } from './dialects/mysql.dumper.js';
import { PostgresDumper } from './dialects/postgres.dumper.js';
import { SqliteDumper } from './dialects/sqlite.dumper.js';

/** Picks the dumper for the configured database; an unknown dialect stops the boot. */
export const databaseDumperProvider = {
  provide: DatabaseDumper,
  inject: [AppConfig, ProcessRunner, BackupFilesService, DataSource, PrivateTemp],
  useFactory: (config: AppConfig, runner: ProcessRunner, files: BackupFilesService, dataSource: DataSource, temp: PrivateTemp): DatabaseDumper => {
    switch (config.database.dialect) {
      case 'sqlite':
        return new SqliteDumper(config, files);
      case 'postgres':
        return new PostgresDumper(config, runner, files, dataSource);
      case 'mysql':
        return new MysqlDumper(config, runner, files, temp, dataSource);
      default:
        throw new Error(`No backup strategy for database dialect "${String(config.database.dialect)}"`);
    }
  },
};

/** The off-site targets from the environment: today S3 when BACKUP_S3_BUCKET is set. */
export const offsiteTargetsProvider = {
  provide: OFFSITE_TARGETS,
  inject: [AppConfig],
  // The AWS SDK costs ~25 MB of memory: load it only when a bucket is configured.
  useFactory: async (config: AppConfig): Promise<OffsiteTarget[]> =>
    config.backupS3 ? [new (await import('./offsite/s3.target.js')).S3Target(config.backupS3)] : [],
};

@Module({
  imports: [TypeOrmModule.forFeature([Backup, BackupRun, BackupCopy]), InventoryModule, UsersModule],
  providers: [
    Clock,
    ProcessRunner,
    BackupEncryptionService,
    BackupFilesService,
    offsiteTargetsProvider,
    OffsiteCopyService,
    BackupStoreHooks,
    BackupStore,
    BackupBatchPublisher,
    BackupLocks,
    AllUsersBackup,
    AllUsersFiles,
    FileWriterThreads,
    RunEvents,
    RunLedger,
    BackupCatalogService,
    RestoreCarryOver,
    BackupTrash,
    BackupPins,
    BackupRotationService,
    BackupProducers,
    BackupsService,
    BackupQueryService,
    FullRestoreService,
    databaseDumperProvider,
  ],
  exports: [
    Clock,
    RunEvents,
    BackupTrash,
    BackupPins,
    BackupRotationService,
    BackupEncryptionService,
    OffsiteCopyService,
    BackupsService,
    BackupQueryService,
    RunLedger,
    BackupFilesService,
    BackupCatalogService,
    FullRestoreService,
    DatabaseDumper,
    ProcessRunner,
  ],
})
export class BackupsModule {}
