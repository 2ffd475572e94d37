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
import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { compactTimestamp } from '../common/timestamps.js';
import { CreateItemDto, InventoryExportDto, ItemDto, ItemPageDto, ListItemsQueryDto, UpdateItemDto } from './dto/item.dto.js';
import { ImportQueryDto, ImportReportDto } from './dto/import.dto.js';
import { InventoryImportService } from './import/inventory-import.service.js';
import { InventoryExportService } from './inventory-export.service.js';
import { UsersService } from '../users/users.service.js';
import { InventoryService } from './inventory.service.js';
let InventoryController = class InventoryController {
    inventory;
    exporter;
    importer;
    users;
    constructor(inventory, exporter, importer, users) {
        this.inventory = inventory;
        this.exporter = exporter;
        this.importer = importer;
        this.users = users;
    }
    async list(user, query) {
        const { items, total } = await this.inventory.list(user.id, query);
        return { items: items.map(ItemDto.from), total, page: query.page, pageSize: query.pageSize };
    }
    async create(user, dto) {
        return ItemDto.from(await this.inventory.create(user.id, dto));
    }
    async get(user, id) {
        return ItemDto.from(await this.inventory.get(user.id, id));
    }
    async update(user, id, dto) {
        return ItemDto.from(await this.inventory.update(user.id, id, dto));
    }
    async remove(user, id) {
        await this.inventory.remove(user.id, id);
    }
    async export(user, res) {
        const now = new Date();
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${user.username}_inventory_${compactTimestamp(now)}.json"`);
        await pipeline(Readable.from(this.exporter.stream({ id: user.id, username: user.username }, now)), res);
    }
    async import(user, query, req) {
        let targetId = user.id;
        if (query.userId !== undefined && query.userId !== user.id) {
            if (user.role !== 'admin')
                throw new ForbiddenException("Only admins can import into another user's inventory");
            targetId = (await this.users.getById(query.userId)).id;
        }
        const path = await this.importer.spoolRequest(req);
        return this.importer.importUpload(path, targetId, { mode: query.mode, dryRun: query.dryRun });
    }
};
__decorate([
    Get('items'),
    ApiOperation({ summary: 'List my items: paged, searchable, sortable' }),
    ApiOkResponse({ type: ItemPageDto }),
    ApiErrors(400),
    __param(0, CurrentUser()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, ListItemsQueryDto]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "list", null);
__decorate([
    Post('items'),
    ApiOperation({ summary: 'Add an item; (part_id, color) is unique per user' }),
    ApiCreatedResponse({ type: ItemDto }),
    ApiErrors(400, 409),
    __param(0, CurrentUser()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, CreateItemDto]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "create", null);
__decorate([
    Get('items/:id'),
    ApiOperation({ summary: 'One of my items' }),
    ApiOkResponse({ type: ItemDto }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "get", null);
__decorate([
    Patch('items/:id'),
    ApiOperation({ summary: 'Change some fields of one of my items' }),
    ApiOkResponse({ type: ItemDto }),
    ApiErrors(400, 404, 409),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, UpdateItemDto]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "update", null);
__decorate([
    Delete('items/:id'),
    HttpCode(204),
    ApiOperation({ summary: 'Delete one of my items' }),
    ApiNoContentResponse(),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "remove", null);
__decorate([
    Get('export'),
    ApiOperation({ summary: 'My whole inventory as the inventory JSON (streamed; the restore format)' }),
    ApiProduces('application/json'),
    ApiOkResponse({ type: InventoryExportDto }),
    __param(0, CurrentUser()),
    __param(1, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "export", null);
__decorate([
    Post('import'),
    HttpCode(200),
    ApiOperation({
        summary: 'Restore my inventory from JSON or CSV (all or nothing)',
        description: 'Body: the inventory JSON (as exported), a bare array of items, or the original BlockShelf CSV; sent raw (application/json, text/csv) or as the "file" field of a multipart form. The whole file is validated first: one bad row gives 400 listing the bad rows and nothing changes. ids, user ids and roles in the file are ignored.',
    }),
    ApiConsumes('application/json', 'text/csv', 'multipart/form-data'),
    ApiBody({
        required: true,
        description: 'The file: inventory JSON, items array, or CSV; as multipart, the "file" field',
        schema: { oneOf: [{ $ref: '#/components/schemas/InventoryExportDto' }, { type: 'object', properties: { file: { type: 'string', format: 'binary' } } }] },
    }),
    ApiOkResponse({ type: ImportReportDto }),
    ApiErrors(400, 403, 404, 413),
    __param(0, CurrentUser()),
    __param(1, Query()),
    __param(2, Req()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, ImportQueryDto, Object]),
    __metadata("design:returntype", Promise)
], InventoryController.prototype, "import", null);
InventoryController = __decorate([
    ApiTags('inventory'),
    ApiBearerAuth(),
    ApiErrors(401),
    Controller('inventory'),
    __metadata("design:paramtypes", [InventoryService,
        InventoryExportService,
        InventoryImportService,
        UsersService])
], InventoryController);
export { InventoryController };
//# sourceMappingURL=inventory.controller.js.map