import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BackupsModule } from '../backups/backups.module.js';
import { Backup } from '../backups/backup.entity.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { buildDataSourceOptions, CONNECT_RETRIES } from '../database/data-source-options.js';
import { InstancesModule } from '../instances/instances.module.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { UsersModule } from '../users/users.module.js';
import { CreateAdminCommand } from './commands/create-admin.command.js';
import { CreateBackupsCommand } from './commands/create-backups.command.js';
import { ImportInventoryCommand } from './commands/import-inventory.command.js';
import { RestoreBackupCommand } from './commands/restore-backup.command.js';
import { ListBackupsCommand } from './commands/list-backups.command.js';
import { ReconcileCommand } from './commands/reconcile.command.js';
import { PinCommand, UnpinCommand } from './commands/pin.command.js';
import { PruneCommand } from './commands/prune.command.js';
import { DecryptHelpCommand } from './commands/decrypt-help.command.js';
import { CliOutput } from './cli-output.js';

/** The app without HTTP or the scheduler: what the `blockshelf` command runs on. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.database), ...CONNECT_RETRIES }),
        TypeOrmModule.forFeature([Backup]),
        InstancesModule.forRoot('cli'),
        UsersModule,
        InventoryModule,
        BackupsModule,
        AlertsModule,
      ],
      providers: [
        CliOutput,
        CreateBackupsCommand,
        ListBackupsCommand,
        CreateAdminCommand,
        ImportInventoryCommand,
        RestoreBackupCommand,
        ReconcileCommand,
        PinCommand,
        UnpinCommand,
        PruneCommand,
        DecryptHelpCommand,
      ],
    };
  }
}
