import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';

export class ImportQueryDto {
  @ApiPropertyOptional({
    enum: ['merge', 'replace'],
    default: 'merge',
    description: 'merge: upsert on (part_id, color), leave other items alone. replace: the inventory becomes exactly the file.',
  })
  @IsOptional()
  @IsIn(['merge', 'replace'])
  mode: 'merge' | 'replace' = 'merge';

  @ApiPropertyOptional({ default: false, description: 'Report what would change without writing anything' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun: boolean = false;

  @ApiPropertyOptional({ description: "Admins only: import into this user's inventory" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;
}

/** The fields of an item as a dry run shows them; a `changed` entry carries only those that differ. */
export class ItemChangeFieldsDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() quantity_total?: number;
  @ApiPropertyOptional() quantity_used?: number;
  @ApiPropertyOptional() storage_location?: string;
  @ApiPropertyOptional() image_url?: string;
  @ApiPropertyOptional() notes?: string;
}

export class ItemChangeDto {
  @ApiProperty({ example: '3001' }) part_id: string;
  @ApiProperty({ example: 'Red' }) color: string;
  @ApiProperty({
    enum: ['added', 'removed', 'changed'],
    description:
      'added: in the file, not in the inventory. removed: in the inventory, not in the file (replace mode only). changed: in both, with different fields',
  })
  change: 'added' | 'removed' | 'changed';
  @ApiPropertyOptional({
    type: ItemChangeFieldsDto,
    description: 'removed: every field of the item now; changed: the current value of each field that differs',
  })
  before?: ItemChangeFieldsDto;
  @ApiPropertyOptional({ type: ItemChangeFieldsDto, description: 'added: every field from the file; changed: the new value of each field that differs' })
  after?: ItemChangeFieldsDto;
}

export class ImportReportDto {
  @ApiProperty({ enum: ['merge', 'replace'] }) mode: string;
  @ApiProperty() dry_run: boolean;
  @ApiProperty({ enum: ['json', 'csv', 'xlsx'], description: 'What the file was read as, by its content' }) format: string;
  @ApiProperty({ description: 'Items in the file' }) total: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Removed because the file does not contain them (replace mode)' }) deleted: number;
  @ApiPropertyOptional({
    type: [ItemChangeDto],
    maxItems: 200,
    description:
      'Dry runs only (absent otherwise): what the import would do, item by item, up to 200 entries (changed and added ones as the file is read, batch by batch; removed ones last); the counts above cover every change',
  })
  changes?: ItemChangeDto[];

  @ApiPropertyOptional({
    example: 57,
    description: 'A real replace import or restore: the backup of the inventory taken just before (pinned for BACKUP_TRASH_HOURS). Restoring it is the undo.',
  })
  safety_backup_id?: number;
  @ApiPropertyOptional({ description: 'Dry runs only: true when there were more than 200 changes and `changes` lists the first 200' })
  changes_truncated?: boolean;
}
