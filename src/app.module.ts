import { DynamicModule, Module } from '@nestjs/common';
import { AlertsHttpModule } from './alerts/alerts-http.module.js';
import { BackupsHttpModule } from './backups/backups-http.module.js';
import { InventoryHttpModule } from './inventory/inventory-http.module.js';
import { UsersHttpModule } from './users/users-http.module.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventorySafetyNetModule } from './backups/inventory-safety-net.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig, loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { buildDataSourceOptions, CONNECT_RETRIES } from './database/data-source-options.js';
import { InstancesModule } from './instances/instances.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsHttpModule } from './metrics/metrics-http.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.database), ...CONNECT_RETRIES }),
        InstancesModule.forRoot('server'),
        UsersHttpModule,
        AuthModule,
        InventoryHttpModule,
        HealthModule,
        BackupsHttpModule,
        InventorySafetyNetModule,
        SchedulingModule,
        MetricsHttpModule,
        AlertsHttpModule,
      ],
    };
  }
}
