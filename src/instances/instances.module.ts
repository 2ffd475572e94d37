import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppInstance } from './app-instance.entity.js';
import type { InstanceKind } from './app-instance.entity.js';
import { INSTANCE_KIND, InstanceRegistry } from './instance-registry.service.js';
import { PrivateTemp } from './private-temp.service.js';

/** The registry of live processes and the private temp folder they share; the server registers as 'server', the CLI as 'cli'. */
@Global()
@Module({})
export class InstancesModule {
  static forRoot(kind: InstanceKind): DynamicModule {
    return {
      module: InstancesModule,
      imports: [TypeOrmModule.forFeature([AppInstance])],
      providers: [{ provide: INSTANCE_KIND, useValue: kind }, InstanceRegistry, PrivateTemp],
      exports: [InstanceRegistry, PrivateTemp, INSTANCE_KIND],
    };
  }
}
