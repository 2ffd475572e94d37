import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../users/dto/user.dto.js';
import type { InventoryItem } from '../inventory-item.entity.js';
import { forbiddenCharacterMessage, ITEM_FORBIDDEN_CHARACTERS, ITEM_MAX_LENGTH, ITEM_QUANTITY_MAX, ITEM_QUANTITY_MIN } from '../item-limits.js';
import type { ItemTextField } from '../item-limits.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Refuses the characters that item field `rules` may not hold (see item-limits.ts), naming the first; imports apply the same rule. */
function AllowedCharacters(rules: ItemTextField): PropertyDecorator {
  const forbidden = ITEM_FORBIDDEN_CHARACTERS[rules];
  return ValidateBy({
    name: 'allowedCharacters',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !forbidden.test(value),
      defaultMessage: (args) =>
        forbiddenCharacterMessage(args!.property, String(args!.value), forbidden) ?? `${args!.property} contains a character it cannot hold`,
    },
  });
}

export class ItemDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Brick 2 x 4' }) name: string;
  @ApiProperty({ example: '3001' }) part_id: string;
  @ApiProperty({ example: 'Red' }) color: string;
  @ApiProperty({ type: 'integer', example: 10 }) quantity_total: number;
  @ApiProperty({ type: 'integer', example: 2 }) quantity_used: number;
  @ApiProperty({ example: 'Drawer A1' }) storage_location: string;
  @ApiProperty({ example: '' }) image_url: string;
  @ApiProperty({ example: '' }) notes: string;
  @ApiProperty({ example: '2026-11-26T11:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-26T11:00:00.000Z' }) updated_at: string;

  static from(item: InventoryItem): ItemDto {
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

export class CreateItemDto {
  @ApiProperty({ example: 'Brick 2 x 4', maxLength: ITEM_MAX_LENGTH.name })
  @Transform(trim)
  @IsString({ message: 'name is required and must be a string' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(ITEM_MAX_LENGTH.name)
  @AllowedCharacters('name')
  name: string;

  @ApiProperty({ example: '3001', maxLength: ITEM_MAX_LENGTH.part_id })
  @Transform(trim)
  @IsString({ message: 'part_id is required and must be a string' })
  @MinLength(1, { message: 'part_id must not be empty' })
  @MaxLength(ITEM_MAX_LENGTH.part_id)
  @AllowedCharacters('part_id')
  part_id: string;

  @ApiProperty({ example: 'Red', maxLength: ITEM_MAX_LENGTH.color })
  @Transform(trim)
  @IsString({ message: 'color is required and must be a string' })
  @MinLength(1, { message: 'color must not be empty' })
  @MaxLength(ITEM_MAX_LENGTH.color)
  @AllowedCharacters('color')
  color: string;

  @ApiPropertyOptional({ type: 'integer', example: 10, minimum: ITEM_QUANTITY_MIN, maximum: ITEM_QUANTITY_MAX })
  @IsOptional()
  @IsInt()
  @Min(ITEM_QUANTITY_MIN)
  @Max(ITEM_QUANTITY_MAX)
  quantity_total?: number;

  @ApiPropertyOptional({ type: 'integer', example: 2, minimum: ITEM_QUANTITY_MIN, maximum: ITEM_QUANTITY_MAX, description: 'Must not exceed quantity_total' })
  @IsOptional()
  @IsInt()
  @Min(ITEM_QUANTITY_MIN)
  @Max(ITEM_QUANTITY_MAX)
  quantity_used?: number;

  @ApiPropertyOptional({ example: 'Drawer A1', maxLength: ITEM_MAX_LENGTH.storage_location })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.storage_location)
  @AllowedCharacters('storage_location')
  storage_location?: string;

  @ApiPropertyOptional({ example: 'https://img.bricklink.com/3001.png', maxLength: ITEM_MAX_LENGTH.image_url })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.image_url)
  @AllowedCharacters('image_url')
  image_url?: string;

  @ApiPropertyOptional({ example: 'from set 10698', maxLength: ITEM_MAX_LENGTH.notes })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.notes)
  @AllowedCharacters('notes')
  notes?: string;
}

/** Every field optional, same rules. */
export class UpdateItemDto extends PartialType(CreateItemDto) {}

export const ITEM_SORT_FIELDS = ['name', 'part_id', 'color', 'quantity_total', 'quantity_used', 'storage_location', 'created_at', 'updated_at'] as const;
export const ITEM_SORTS = ITEM_SORT_FIELDS.flatMap((f) => [f, `-${f}`]);

export class ListItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive text search in name, part_id, color and storage_location' })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.name)
  @AllowedCharacters('name')
  q?: string;

  @ApiPropertyOptional({ description: 'Exact part_id' })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.part_id)
  @AllowedCharacters('part_id')
  partId?: string;

  @ApiPropertyOptional({ description: 'Exact color' })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.color)
  @AllowedCharacters('color')
  color?: string;

  @ApiPropertyOptional({ description: 'Exact storage location' })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM_MAX_LENGTH.storage_location)
  @AllowedCharacters('storage_location')
  storageLocation?: string;

  @ApiPropertyOptional({ enum: ITEM_SORTS, default: 'name', description: 'Field to sort by; prefix with - for descending' })
  @IsOptional()
  @IsIn(ITEM_SORTS)
  sort: string = 'name';
}

export class ItemPageDto {
  @ApiProperty({ type: [ItemDto] }) items: ItemDto[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 50 }) pageSize: number;
}

export class ExportedItemDto {
  @ApiProperty() name: string;
  @ApiProperty() part_id: string;
  @ApiProperty() color: string;
  @ApiProperty() quantity_total: number;
  @ApiProperty() quantity_used: number;
  @ApiProperty() storage_location: string;
  @ApiProperty() image_url: string;
  @ApiProperty() notes: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

class ExportedUserDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'john' }) username: string;
}

/** The inventory JSON: what export and user backups write, and what import reads. */
export class InventoryExportDto {
  @ApiProperty({ example: 'blockshelf-inventory' }) format: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '2026-11-26T02:00:00.000Z' }) exported_at: string;
  @ApiProperty({ type: ExportedUserDto }) user: ExportedUserDto;
  @ApiProperty({ type: [ExportedItemDto] }) items: ExportedItemDto[];
  @ApiProperty({ example: 1, description: 'Number of items; written after the items so it always matches them' }) item_count: number;
}
