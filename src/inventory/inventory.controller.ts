import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { compactTimestamp } from '../common/timestamps.js';
import { CreateItemDto, InventoryExportDto, ItemDto, ItemPageDto, ListItemsQueryDto, UpdateItemDto } from './dto/item.dto.js';
import { InventoryExportService } from './inventory-export.service.js';
import { InventoryService } from './inventory.service.js';

@ApiTags('inventory')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('inventory')
export class InventoryController {
  constructor(
    private readonly inventory: InventoryService,
    private readonly exporter: InventoryExportService,
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
}
