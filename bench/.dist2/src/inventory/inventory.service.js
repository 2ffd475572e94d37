var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { InventoryItem } from './inventory-item.entity.js';
const SORT_COLUMNS = {
    name: 'name',
    part_id: 'partId',
    color: 'color',
    quantity_total: 'quantityTotal',
    quantity_used: 'quantityUsed',
    storage_location: 'storageLocation',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
};
// '!' as the LIKE escape: a backslash means different things in MySQL and PostgreSQL string literals.
function escapeLike(text) {
    return text.replace(/[!%_]/g, (c) => '!' + c);
}
/** CRUD on one user's items. Every query is scoped by userId: another user's item is simply not found. */
let InventoryService = class InventoryService {
    repo;
    constructor(repo) {
        this.repo = repo;
    }
    async list(userId, query) {
        const qb = this.repo.createQueryBuilder('i').where('i.userId = :userId', { userId });
        if (query.q) {
            const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
            qb.andWhere(new Brackets((w) => {
                for (const column of ['name', 'partId', 'color', 'storageLocation']) {
                    w.orWhere(`LOWER(i.${column}) LIKE :pattern ESCAPE '!'`, { pattern });
                }
            }));
        }
        if (query.partId)
            qb.andWhere('i.partId = :partId', { partId: query.partId });
        if (query.color)
            qb.andWhere('i.color = :color', { color: query.color });
        if (query.storageLocation)
            qb.andWhere('i.storageLocation = :loc', { loc: query.storageLocation });
        const descending = query.sort.startsWith('-');
        const column = SORT_COLUMNS[query.sort.replace(/^-/, '')];
        qb.orderBy(`i.${column}`, descending ? 'DESC' : 'ASC').addOrderBy('i.id', 'ASC');
        const [items, total] = await qb
            .skip((query.page - 1) * query.pageSize)
            .take(query.pageSize)
            .getManyAndCount();
        return { items, total };
    }
    async get(userId, id) {
        const item = await this.repo.findOneBy({ id, userId });
        if (!item)
            throw new NotFoundException(`Inventory item ${id} not found`);
        return item;
    }
    async create(userId, dto) {
        const total = dto.quantity_total ?? 0;
        const used = dto.quantity_used ?? 0;
        checkQuantities(total, used);
        await this.ensureUnique(userId, dto.part_id, dto.color);
        const saved = await this.repo.save(this.repo.create({
            userId,
            name: dto.name,
            partId: dto.part_id,
            color: dto.color,
            quantityTotal: total,
            quantityUsed: used,
            storageLocation: dto.storage_location ?? '',
            imageUrl: dto.image_url ?? '',
            notes: dto.notes ?? '',
        }));
        return this.get(userId, saved.id);
    }
    async update(userId, id, dto) {
        const item = await this.get(userId, id);
        const next = {
            name: dto.name ?? item.name,
            partId: dto.part_id ?? item.partId,
            color: dto.color ?? item.color,
            quantityTotal: dto.quantity_total ?? item.quantityTotal,
            quantityUsed: dto.quantity_used ?? item.quantityUsed,
            storageLocation: dto.storage_location ?? item.storageLocation,
            imageUrl: dto.image_url ?? item.imageUrl,
            notes: dto.notes ?? item.notes,
        };
        checkQuantities(next.quantityTotal, next.quantityUsed);
        if (next.partId !== item.partId || next.color !== item.color)
            await this.ensureUnique(userId, next.partId, next.color, id);
        await this.repo.update({ id, userId }, next);
        return this.get(userId, id);
    }
    async remove(userId, id) {
        const item = await this.get(userId, id);
        await this.repo.delete({ id: item.id, userId });
    }
    async ensureUnique(userId, partId, color, exceptId) {
        const clash = await this.repo.findOneBy({ userId, partId, color });
        if (clash && clash.id !== exceptId) {
            throw new ConflictException(`You already have part_id "${partId}" in color "${color}" (item ${clash.id})`);
        }
    }
};
InventoryService = __decorate([
    Injectable(),
    __param(0, InjectRepository(InventoryItem)),
    __metadata("design:paramtypes", [Repository])
], InventoryService);
export { InventoryService };
function checkQuantities(total, used) {
    if (used > total) {
        throw new BadRequestException({
            message: `quantity_used (${used}) must not be greater than quantity_total (${total})`,
            details: [{ field: 'quantity_used', message: 'must not be greater than quantity_total' }],
        });
    }
}
//# sourceMappingURL=inventory.service.js.map