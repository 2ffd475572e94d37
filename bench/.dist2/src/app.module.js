var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var AppModule_1;
import { Module } from '@nestjs/common';
import { AlertsHttpModule } from './alerts/alerts-http.module.js';
import { BackupsHttpModule } from './backups/backups-http.module.js';
import { InventoryHttpModule } from './inventory/inventory-http.module.js';
import { UsersHttpModule } from './users/users-http.module.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventorySafetyNetModule } from './backups/inventory-safety-net.module.js';
import { AuthModule } from './auth/auth.module.js';
import { loadConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { buildDataSourceOptions, CONNECT_RETRIES } from './database/data-source-options.js';
import { InstancesModule } from './instances/instances.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsHttpModule } from './metrics/metrics-http.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
let AppModule = AppModule_1 = class AppModule {
    static forRoot(config = loadConfig()) {
        return {
            module: AppModule_1,
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
};
AppModule = AppModule_1 = __decorate([
    Module({})
], AppModule);
export { AppModule };
//# sourceMappingURL=app.module.js.map