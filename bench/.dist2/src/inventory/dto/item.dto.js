var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../users/dto/user.dto.js';
import { forbiddenCharacterMessage, ITEM_FORBIDDEN_CHARACTERS, ITEM_MAX_LENGTH, ITEM_QUANTITY_MAX, ITEM_QUANTITY_MIN } from '../item-limits.js';
const trim = ({ value }) => (typeof value === 'string' ? value.trim() : value);
/** Refuses the characters that item field `rules` may not hold (see item-limits.ts), naming the first; imports apply the same rule. */
function AllowedCharacters(rules) {
    const forbidden = ITEM_FORBIDDEN_CHARACTERS[rules];
    return ValidateBy({
        name: 'allowedCharacters',
        validator: {
            validate: (value) => typeof value !== 'string' || !forbidden.test(value),
            defaultMessage: (args) => forbiddenCharacterMessage(args.property, String(args.value), forbidden) ?? `${args.property} contains a character it cannot hold`,
        },
    });
}
export class ItemDto {
    id;
    name;
    part_id;
    color;
    quantity_total;
    quantity_used;
    storage_location;
    image_url;
    notes;
    created_at;
    updated_at;
    static from(item) {
        return {
            id: item.id,
            name: item.name,
            part_id: item.partId,
            color: item.color,
            quantity_total: item.quantityTotal,
            quantity_used: item.quantityUsed,
            storage_location: item.storageLocation,
            image_url: item.imageUrl,
            notes: item.notes,
            created_at: new Date(item.createdAt).toISOString(),
            updated_at: new Date(item.updatedAt).toISOString(),
        };
    }
}
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], ItemDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'Brick 2 x 4' }),
    __metadata("design:type", String)
], ItemDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: '3001' }),
    __metadata("design:type", String)
], ItemDto.prototype, "part_id", void 0);
__decorate([
    ApiProperty({ example: 'Red' }),
    __metadata("design:type", String)
], ItemDto.prototype, "color", void 0);
__decorate([
    ApiProperty({ type: 'integer', example: 10 }),
    __metadata("design:type", Number)
], ItemDto.prototype, "quantity_total", void 0);
__decorate([
    ApiProperty({ type: 'integer', example: 2 }),
    __metadata("design:type", Number)
], ItemDto.prototype, "quantity_used", void 0);
__decorate([
    ApiProperty({ example: 'Drawer A1' }),
    __metadata("design:type", String)
], ItemDto.prototype, "storage_location", void 0);
__decorate([
    ApiProperty({ example: '' }),
    __metadata("design:type", String)
], ItemDto.prototype, "image_url", void 0);
__decorate([
    ApiProperty({ example: '' }),
    __metadata("design:type", String)
], ItemDto.prototype, "notes", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T11:00:00.000Z' }),
    __metadata("design:type", String)
], ItemDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T11:00:00.000Z' }),
    __metadata("design:type", String)
], ItemDto.prototype, "updated_at", void 0);
export class CreateItemDto {
    name;
    part_id;
    color;
    quantity_total;
    quantity_used;
    storage_location;
    image_url;
    notes;
}
__decorate([
    ApiProperty({ example: 'Brick 2 x 4', maxLength: ITEM_MAX_LENGTH.name }),
    Transform(trim),
    IsString({ message: 'name is required and must be a string' }),
    MinLength(1, { message: 'name must not be empty' }),
    MaxLength(ITEM_MAX_LENGTH.name),
    AllowedCharacters('name'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: '3001', maxLength: ITEM_MAX_LENGTH.part_id }),
    Transform(trim),
    IsString({ message: 'part_id is required and must be a string' }),
    MinLength(1, { message: 'part_id must not be empty' }),
    MaxLength(ITEM_MAX_LENGTH.part_id),
    AllowedCharacters('part_id'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "part_id", void 0);
__decorate([
    ApiProperty({ example: 'Red', maxLength: ITEM_MAX_LENGTH.color }),
    Transform(trim),
    IsString({ message: 'color is required and must be a string' }),
    MinLength(1, { message: 'color must not be empty' }),
    MaxLength(ITEM_MAX_LENGTH.color),
    AllowedCharacters('color'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "color", void 0);
__decorate([
    ApiPropertyOptional({ type: 'integer', example: 10, minimum: ITEM_QUANTITY_MIN, maximum: ITEM_QUANTITY_MAX }),
    IsOptional(),
    IsInt(),
    Min(ITEM_QUANTITY_MIN),
    Max(ITEM_QUANTITY_MAX),
    __metadata("design:type", Number)
], CreateItemDto.prototype, "quantity_total", void 0);
__decorate([
    ApiPropertyOptional({ type: 'integer', example: 2, minimum: ITEM_QUANTITY_MIN, maximum: ITEM_QUANTITY_MAX, description: 'Must not exceed quantity_total' }),
    IsOptional(),
    IsInt(),
    Min(ITEM_QUANTITY_MIN),
    Max(ITEM_QUANTITY_MAX),
    __metadata("design:type", Number)
], CreateItemDto.prototype, "quantity_used", void 0);
__decorate([
    ApiPropertyOptional({ example: 'Drawer A1', maxLength: ITEM_MAX_LENGTH.storage_location }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.storage_location),
    AllowedCharacters('storage_location'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "storage_location", void 0);
__decorate([
    ApiPropertyOptional({ example: 'https://img.bricklink.com/3001.png', maxLength: ITEM_MAX_LENGTH.image_url }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.image_url),
    AllowedCharacters('image_url'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "image_url", void 0);
__decorate([
    ApiPropertyOptional({ example: 'from set 10698', maxLength: ITEM_MAX_LENGTH.notes }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.notes),
    AllowedCharacters('notes'),
    __metadata("design:type", String)
], CreateItemDto.prototype, "notes", void 0);
/** Every field optional, same rules. */
export class UpdateItemDto extends PartialType(CreateItemDto) {
}
export const ITEM_SORT_FIELDS = ['name', 'part_id', 'color', 'quantity_total', 'quantity_used', 'storage_location', 'created_at', 'updated_at'];
export const ITEM_SORTS = ITEM_SORT_FIELDS.flatMap((f) => [f, `-${f}`]);
export class ListItemsQueryDto extends PageQueryDto {
    q;
    partId;
    color;
    storageLocation;
    sort = 'name';
}
__decorate([
    ApiPropertyOptional({ description: 'Case-insensitive text search in name, part_id, color and storage_location' }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.name),
    AllowedCharacters('name'),
    __metadata("design:type", String)
], ListItemsQueryDto.prototype, "q", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Exact part_id' }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.part_id),
    AllowedCharacters('part_id'),
    __metadata("design:type", String)
], ListItemsQueryDto.prototype, "partId", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Exact color' }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.color),
    AllowedCharacters('color'),
    __metadata("design:type", String)
], ListItemsQueryDto.prototype, "color", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Exact storage location' }),
    IsOptional(),
    IsString(),
    MaxLength(ITEM_MAX_LENGTH.storage_location),
    AllowedCharacters('storage_location'),
    __metadata("design:type", String)
], ListItemsQueryDto.prototype, "storageLocation", void 0);
__decorate([
    ApiPropertyOptional({ enum: ITEM_SORTS, default: 'name', description: 'Field to sort by; prefix with - for descending' }),
    IsOptional(),
    IsIn(ITEM_SORTS),
    __metadata("design:type", String)
], ListItemsQueryDto.prototype, "sort", void 0);
export class ItemPageDto {
    items;
    total;
    page;
    pageSize;
}
__decorate([
    ApiProperty({ type: [ItemDto] }),
    __metadata("design:type", Array)
], ItemPageDto.prototype, "items", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], ItemPageDto.prototype, "total", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], ItemPageDto.prototype, "page", void 0);
__decorate([
    ApiProperty({ example: 50 }),
    __metadata("design:type", Number)
], ItemPageDto.prototype, "pageSize", void 0);
export class ExportedItemDto {
    name;
    part_id;
    color;
    quantity_total;
    quantity_used;
    storage_location;
    image_url;
    notes;
    created_at;
    updated_at;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "name", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "part_id", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "color", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ExportedItemDto.prototype, "quantity_total", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], ExportedItemDto.prototype, "quantity_used", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "storage_location", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "image_url", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "notes", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], ExportedItemDto.prototype, "updated_at", void 0);
class ExportedUserDto {
    id;
    username;
}
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], ExportedUserDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'john' }),
    __metadata("design:type", String)
], ExportedUserDto.prototype, "username", void 0);
/** The inventory JSON: what export and user backups write, and what import reads. */
export class InventoryExportDto {
    format;
    version;
    exported_at;
    user;
    items;
    item_count;
}
__decorate([
    ApiProperty({ example: 'blockshelf-inventory' }),
    __metadata("design:type", String)
], InventoryExportDto.prototype, "format", void 0);
__decorate([
    ApiProperty({ example: 1 }),
    __metadata("design:type", Number)
], InventoryExportDto.prototype, "version", void 0);
__decorate([
    ApiProperty({ example: '2026-11-26T02:00:00.000Z' }),
    __metadata("design:type", String)
], InventoryExportDto.prototype, "exported_at", void 0);
__decorate([
    ApiProperty({ type: ExportedUserDto }),
    __metadata("design:type", ExportedUserDto)
], InventoryExportDto.prototype, "user", void 0);
__decorate([
    ApiProperty({ type: [ExportedItemDto] }),
    __metadata("design:type", Array)
], InventoryExportDto.prototype, "items", void 0);
__decorate([
    ApiProperty({ example: 1, description: 'Number of items; written after the items so it always matches them' }),
    __metadata("design:type", Number)
], InventoryExportDto.prototype, "item_count", void 0);
//# sourceMappingURL=item.dto.js.map