import { Module } from '@nestjs/common';
import { UsersModule } from './users.module.js';
import { UsersController } from './users.controller.js';

/** The HTTP routes over UsersModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
@Module({ imports: [UsersModule], controllers: [UsersController] })
export class UsersHttpModule {}
