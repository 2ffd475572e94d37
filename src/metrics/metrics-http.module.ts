import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsModule } from './metrics.module.js';

/** GET /metrics over MetricsModule: the server has it, the CLI does not load it (nor Swagger's decorators). */
@Module({ imports: [MetricsModule], controllers: [MetricsController] })
export class MetricsHttpModule {}
