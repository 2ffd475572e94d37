var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { InventoryItem } from './inventory-item.entity.js';
import { InventoryImportService } from './import/inventory-import.service.js';
import { InventoryExportService } from './inventory-export.service.js';
import { InventoryService } from './inventory.service.js';
let InventoryModule = class InventoryModule {
};
InventoryModule = __decorate([
    Module({
        imports: [TypeOrmModule.forFeature([InventoryItem]), UsersModule],
        providers: [InventoryService, InventoryExportService, InventoryImportService],
        exports: [InventoryService, InventoryExportService, InventoryImportService],
    })
], InventoryModule);
export { InventoryModule };
//# sourceMappingURL=inventory.module.js.map