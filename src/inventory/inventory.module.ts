import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { InventoryItem } from './inventory-item.entity.js';
import { InventoryImportService } from './import/inventory-import.service.js';
import { InventoryExportService } from './inventory-export.service.js';
import { InventoryService } from './inventory.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([InventoryItem]), UsersModule],
  providers: [InventoryService, InventoryExportService, InventoryImportService],
  exports: [InventoryService, InventoryExportService, InventoryImportService],
})
export class InventoryModule {}
