import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts.module.js';
import { AlertsController } from './alerts.controller.js';

/** The HTTP routes over AlertsModule: the server has them, the CLI does not load them (nor Swagger's decorators). */
@Module({ imports: [AlertsModule], controllers: [AlertsController] })
export class AlertsHttpModule {}
