var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var CliModule_1;
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupsModule } from '../backups/backups.module.js';
import { ConfigModule } from '../config/config.module.js';
import { buildDataSourceOptions } from '../database/data-source-options.js';
import { InventoryModule } from '../inventory/inventory.module.js';
import { UsersModule } from '../users/users.module.js';
import { CreateAdminCommand } from './commands/create-admin.command.js';
import { CreateBackupsCommand } from './commands/create-backups.command.js';
import { ImportInventoryCommand } from './commands/import-inventory.command.js';
import { RestoreBackupCommand } from './commands/restore-backup.command.js';
import { ListBackupsCommand } from './commands/list-backups.command.js';
import { CliOutput } from './cli-output.js';
/** The app without HTTP or the scheduler: what the `blockshelf` command runs on. */
let CliModule = CliModule_1 = class CliModule {
    static forRoot(config) {
        return {
            module: CliModule_1,
            imports: [ConfigModule.forRoot(config), TypeOrmModule.forRoot(buildDataSourceOptions(config.database)), UsersModule, InventoryModule, BackupsModule],
            providers: [CliOutput, CreateBackupsCommand, ListBackupsCommand, CreateAdminCommand, ImportInventoryCommand, RestoreBackupCommand],
        };
    }
};
CliModule = CliModule_1 = __decorate([
    Module({})
], CliModule);
export { CliModule };
//# sourceMappingURL=cli.module.js.map