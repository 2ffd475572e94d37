import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupsModule } from './backups/backups.module.js';
import { InventorySafetyNetModule } from './backups/inventory-safety-net.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig, loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { buildDataSourceOptions, CONNECT_RETRIES } from './database/data-source-options.js';
import { InstancesModule } from './instances/instances.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.database), ...CONNECT_RETRIES }),
        InstancesModule.forRoot('server'),
        UsersModule,
        AuthModule,
        InventoryModule,
        HealthModule,
        BackupsModule,
        InventorySafetyNetModule,
        SchedulingModule,
        MetricsModule,
        AlertsModule,
      ],
    };
  }
}
