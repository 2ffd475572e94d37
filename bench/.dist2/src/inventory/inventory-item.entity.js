var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity.js';
import { ITEM_MAX_LENGTH } from './item-limits.js';
let InventoryItem = class InventoryItem {
    id;
    userId;
    user;
    name;
    partId;
    color;
    quantityTotal;
    quantityUsed;
    storageLocation;
    imageUrl;
    notes;
    createdAt;
    updatedAt;
};
__decorate([
    PrimaryGeneratedColumn(),
    __metadata("design:type", Number)
], InventoryItem.prototype, "id", void 0);
__decorate([
    Index('idx_inventory_items_user'),
    Column({ name: 'user_id', type: 'int' }),
    __metadata("design:type", Number)
], InventoryItem.prototype, "userId", void 0);
__decorate([
    ManyToOne(() => User, { onDelete: 'CASCADE' }),
    JoinColumn({ name: 'user_id' }),
    __metadata("design:type", Object)
], InventoryItem.prototype, "user", void 0);
__decorate([
    Column({ type: 'varchar', length: ITEM_MAX_LENGTH.name }),
    __metadata("design:type", String)
], InventoryItem.prototype, "name", void 0);
__decorate([
    Column({ name: 'part_id', type: 'varchar', length: ITEM_MAX_LENGTH.part_id }),
    __metadata("design:type", String)
], InventoryItem.prototype, "partId", void 0);
__decorate([
    Column({ type: 'varchar', length: ITEM_MAX_LENGTH.color }),
    __metadata("design:type", String)
], InventoryItem.prototype, "color", void 0);
__decorate([
    Column({ name: 'quantity_total', type: 'int', default: 0 }),
    __metadata("design:type", Number)
], InventoryItem.prototype, "quantityTotal", void 0);
__decorate([
    Column({ name: 'quantity_used', type: 'int', default: 0 }),
    __metadata("design:type", Number)
], InventoryItem.prototype, "quantityUsed", void 0);
__decorate([
    Column({ name: 'storage_location', type: 'varchar', length: ITEM_MAX_LENGTH.storage_location, default: '' }),
    __metadata("design:type", String)
], InventoryItem.prototype, "storageLocation", void 0);
__decorate([
    Column({ name: 'image_url', type: 'varchar', length: ITEM_MAX_LENGTH.image_url, default: '' }),
    __metadata("design:type", String)
], InventoryItem.prototype, "imageUrl", void 0);
__decorate([
    Column({ type: 'text' }),
    __metadata("design:type", String)
], InventoryItem.prototype, "notes", void 0);
__decorate([
    CreateDateColumn({ name: 'created_at' }),
    __metadata("design:type", Date)
], InventoryItem.prototype, "createdAt", void 0);
__decorate([
    UpdateDateColumn({ name: 'updated_at' }),
    __metadata("design:type", Date)
], InventoryItem.prototype, "updatedAt", void 0);
InventoryItem = __decorate([
    Entity('inventory_items'),
    Unique('uq_inventory_items_user_part_color', ['userId', 'partId', 'color'])
], InventoryItem);
export { InventoryItem };
//# sourceMappingURL=inventory-item.entity.js.map