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
import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Optional, Param, ParseIntPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { compactTimestamp } from '../common/timestamps.js';
import { CreateItemDto, InventoryExportDto, ItemDto, ItemPageDto, ListItemsQueryDto, UpdateItemDto } from './dto/item.dto.js';
import { ImportQueryDto, ImportReportDto } from './dto/import.dto.js';
import { InventoryImportService } from './import/inventory-import.service.js';
import { InventorySafetyNet } from './import/inventory-safety-net.js';
import { InventoryExportService } from './inventory-export.service.js';
import { UsersService } from '../users/users.service.js';
import { InventoryService } from './inventory.service.js';
let InventoryController = class InventoryController {
    inventory;
    exporter;
    importer;
    users;
    safetyNet;
    constructor(inventory, exporter, importer, users, safetyNet) {
        this.inventory = inventory;
        this.exporter = exporter;
        this.importer = importer;
        this.users = users;
        this.safetyNet = safetyNet;
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
        if (query.mode !== 'replace' || query.dryRun || !this.safetyNet)
            return this.importer.importUpload(path, targetId, { mode: query.mode, dryRun: query.dryRun });
        try {
            // A bad file is a 400 that writes nothing: checked (dry run) before the safety backup is taken.
            await this.importer.importFile(path, targetId, { mode: 'replace', dryRun: true });
            const owner = targetId === user.id ? user : await this.users.getById(targetId);
            const safetyBackupId = await this.safetyNet.keepCurrent({ id: owner.id, username: owner.username }, 'before a replace import');
            return { ...(await this.importer.importFile(path, targetId, { mode: 'replace', dryRun: false })), safety_backup_id: safetyBackupId };
        }
        finally {
            await this.importer.discardUpload(path);
        }
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
        summary: 'Restore my inventory from JSON, CSV or Excel .xlsx (all or nothing)',
        description: 'A real replace import first keeps the current inventory as a pinned backup (safety_backup_id: restore it to undo). Body: the inventory JSON (as exported), a bare array of items, the original BlockShelf CSV (its backup header or its 8-column "Export CSV" header, any order, case-insensitive), or an Excel .xlsx (the first sheet, a header row with the same column names); recognised by content, not by name. Sent raw (application/json, text/csv, the .xlsx type) or as the "file" field of a multipart form (the file picker here). An .xlsx may inflate to at most 20 × IMPORT_MAX_BYTES (1 GiB at most; 413 beyond); a legacy .xls gets 415. Text must be UTF-8 (400 naming the byte offset otherwise). All or nothing: the file is validated and written inside one transaction; one bad row gives 400 listing the bad rows (every row is still checked) and nothing changes. ids, user ids and roles in the file are ignored.',
        // Written out rather than @ApiBody: the request has no @Body parameter and each media type has its own schema (the multipart one is the file picker).
        requestBody: {
            required: true,
            description: 'The file: inventory JSON, items array, CSV or .xlsx; as multipart, the "file" field',
            content: {
                'multipart/form-data': {
                    schema: {
                        type: 'object',
                        properties: { file: { type: 'string', format: 'binary', description: 'An inventory JSON, CSV or .xlsx file' } },
                        required: ['file'],
                    },
                },
                'application/json': {
                    schema: { oneOf: [{ $ref: '#/components/schemas/InventoryExportDto' }, { type: 'array', items: { $ref: '#/components/schemas/ExportedItemDto' } }] },
                    example: {
                        format: 'blockshelf-inventory',
                        version: 1,
                        exported_at: '2026-11-26T02:00:00.000Z',
                        user: { id: 1, username: 'admin' },
                        items: [
                            {
                                name: 'Brick 2 x 4',
                                part_id: '3001',
                                color: 'Red',
                                quantity_total: 10,
                                quantity_used: 2,
                                storage_location: 'Drawer A1',
                                image_url: '',
                                notes: 'from set 10698',
                                created_at: '2026-11-20T10:00:00.000Z',
                                updated_at: '2026-11-25T18:30:00.000Z',
                            },
                        ],
                        item_count: 1,
                    },
                },
                'text/csv': {
                    schema: { type: 'string' },
                    example: 'name,part_id,color,quantity_total,quantity_used,storage_location,image_url,notes\nBrick 2 x 4,3001,Red,10,2,Drawer A1,,from set 10698\n',
                },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
        },
    }),
    ApiConsumes('multipart/form-data', 'application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    ApiOkResponse({ type: ImportReportDto }),
    ApiErrors(400, 403, 404, 413, 415),
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
    __param(4, Optional()),
    __metadata("design:paramtypes", [InventoryService,
        InventoryExportService,
        InventoryImportService,
        UsersService,
        InventorySafetyNet])
], InventoryController);
export { InventoryController };
//# sourceMappingURL=inventory.controller.js.map