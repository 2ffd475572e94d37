var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var AppModule_1;
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupsModule } from './backups/backups.module.js';
import { InventorySafetyNetModule } from './backups/inventory-safety-net.module.js';
import { AuthModule } from './auth/auth.module.js';
import { loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { buildDataSourceOptions, CONNECT_RETRIES } from './database/data-source-options.js';
import { InstancesModule } from './instances/instances.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { UsersModule } from './users/users.module.js';
let AppModule = AppModule_1 = class AppModule {
    static forRoot(config = loadConfig()) {
        return {
            module: AppModule_1,
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
};
AppModule = AppModule_1 = __decorate([
    Module({})
], AppModule);
export { AppModule };
//# sourceMappingURL=app.module.js.map