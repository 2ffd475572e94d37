import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { InventoryModule } from './inventory.module.js';
import { InventoryController } from './inventory.controller.js';

/** The HTTP routes over InventoryModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
@Module({ imports: [InventoryModule, UsersModule], controllers: [InventoryController] })
export class InventoryHttpModule {}
