var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var InstancesModule_1;
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppInstance } from './app-instance.entity.js';
import { INSTANCE_KIND, InstanceRegistry } from './instance-registry.service.js';
import { PrivateTemp } from './private-temp.service.js';
/** The registry of live processes and the private temp folder they share; the server registers as 'server', the CLI as 'cli'. */
let InstancesModule = InstancesModule_1 = class InstancesModule {
    static forRoot(kind) {
        return {
            module: InstancesModule_1,
            imports: [TypeOrmModule.forFeature([AppInstance])],
            providers: [{ provide: INSTANCE_KIND, useValue: kind }, InstanceRegistry, PrivateTemp],
            exports: [InstanceRegistry, PrivateTemp, INSTANCE_KIND],
        };
    }
};
InstancesModule = InstancesModule_1 = __decorate([
    Global(),
    Module({})
], InstancesModule);
export { InstancesModule };
//# sourceMappingURL=instances.module.js.map