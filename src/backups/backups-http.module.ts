import { Module } from '@nestjs/common';
import { BackupListCache } from './backup-list-cache.js';
import { BackupsModule } from './backups.module.js';
import { BackupsController } from './backups.controller.js';
import { RetentionController } from './retention.controller.js';

/** The HTTP routes over BackupsModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
@Module({ imports: [BackupsModule], controllers: [RetentionController, BackupsController], providers: [BackupListCache] })
export class BackupsHttpModule {}
