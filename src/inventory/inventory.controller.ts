import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Optional, Param, ParseIntPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { compactTimestamp } from '../common/timestamps.js';
import { CreateItemDto, InventoryExportDto, ItemDto, ItemPageDto, ListItemsQueryDto, UpdateItemDto } from './dto/item.dto.js';
import { ImportQueryDto, ImportReportDto } from './dto/import.dto.js';
import { InventoryImportService } from './import/inventory-import.service.js';
import { InventorySafetyNet } from './import/inventory-safety-net.js';
import { InventoryExportService } from './inventory-export.service.js';
import { UsersService } from '../users/users.service.js';
import { InventoryService } from './inventory.service.js';

@ApiTags('inventory')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('inventory')
export class InventoryController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly exporter: InventoryExportService,
    private readonly importer: InventoryImportService,
    private readonly users: UsersService,
    // Provided by the backups module (a pinned backup before a replace import); absent in a bare inventory module.
    @Optional() private readonly safetyNet?: InventorySafetyNet,
  ) {}

  @Get('items')
  @ApiOperation({ summary: 'List my items: paged, searchable, sortable' })
  @ApiOkResponse({ type: ItemPageDto })
  @ApiErrors(400)
  async list(@CurrentUser() user: AuthUser, @Query() query: ListItemsQueryDto): Promise<ItemPageDto> {
    const { items, total } = await this.inventory.list(user.id, query);
    return { items: items.map(ItemDto.from), total, page: query.page, pageSize: query.pageSize };
  }

  @Post('items')
  @ApiOperation({ summary: 'Add an item; (part_id, color) is unique per user' })
  @ApiCreatedResponse({ type: ItemDto })
  @ApiErrors(400, 409)
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateItemDto): Promise<ItemDto> {
    return ItemDto.from(await this.inventory.create(user.id, dto));
  }

  @Get('items/:id')
  @ApiOperation({ summary: 'One of my items' })
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(400, 404)
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ItemDto> {
    return ItemDto.from(await this.inventory.get(user.id, id));
  }

  @Patch('items/:id')
  @ApiOperation({ summary: 'Change some fields of one of my items' })
  @ApiOkResponse({ type: ItemDto })
  @ApiErrors(400, 404, 409)
  async update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateItemDto): Promise<ItemDto> {
    return ItemDto.from(await this.inventory.update(user.id, id, dto));
  }

  @Delete('items/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of my items' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.inventory.remove(user.id, id);
  }

  @Get('export')
  @ApiOperation({ summary: 'My whole inventory as the inventory JSON (streamed; the restore format)' })
  @ApiProduces('application/json')
  @ApiOkResponse({ type: InventoryExportDto })
  async export(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const now = new Date();
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${user.username}_inventory_${compactTimestamp(now)}.json"`);
    await pipeline(Readable.from(this.exporter.stream({ id: user.id, username: user.username }, now)), res);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore my inventory from JSON, CSV or Excel .xlsx (all or nothing)',
    description:
      'A real replace import first keeps the current inventory as a pinned backup (safety_backup_id: restore it to undo). Body: the inventory JSON (as exported), a bare array of items, the original BlockShelf CSV (its backup header or its 8-column "Export CSV" header, any order, case-insensitive), or an Excel .xlsx (the first sheet, a header row with the same column names); recognised by content, not by name. Sent raw (application/json, text/csv, the .xlsx type) or as the "file" field of a multipart form (the file picker here). An .xlsx may inflate to at most 20 × IMPORT_MAX_BYTES (1 GiB at most; 413 beyond); a legacy .xls gets 415. Text must be UTF-8 (400 naming the byte offset otherwise). All or nothing: the file is validated and written inside one transaction; one bad row gives 400 listing the bad rows (every row is still checked) and nothing changes. ids, user ids and roles in the file are ignored.',
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
  })
  @ApiConsumes('multipart/form-data', 'application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ type: ImportReportDto })
  @ApiErrors(400, 403, 404, 413, 415)
  async import(@CurrentUser() user: AuthUser, @Query() query: ImportQueryDto, @Req() req: Request): Promise<ImportReportDto> {
    let targetId = user.id;
    if (query.userId !== undefined && query.userId !== user.id) {
      if (user.role !== 'admin') throw new ForbiddenException("Only admins can import into another user's inventory");
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
    } finally {
      await this.importer.discardUpload(path);
    }
  }
}
