import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BackupsModule } from '../backups/backups.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BackupsModule],
  controllers: [HealthController],
})
export class HealthModule {}
