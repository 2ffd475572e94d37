var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var CliModule_1;
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BackupsModule } from '../backups/backups.module.js';
import { Backup } from '../backups/backup.entity.js';
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
let CliModule = CliModule_1 = class CliModule {
    static forRoot(config) {
        return {
            module: CliModule_1,
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
};
CliModule = CliModule_1 = __decorate([
    Module({})
], CliModule);
export { CliModule };
//# sourceMappingURL=cli.module.js.map