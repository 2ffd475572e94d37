import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';


export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['merge', 'replace'], default: 'merge', description: 'merge: upsert on (part_id, color), leave other items alone. replace: the inventory becomes exactly the file.' })
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

export class ImportReportDto {
  @ApiProperty({ enum: ['merge', 'replace'] }) mode: string;
  @ApiProperty() dry_run: boolean;
  @ApiProperty({ enum: ['json', 'csv'] }) format: string;
  @ApiProperty({ description: 'Items in the file' }) total: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Removed because the file does not contain them (replace mode)' }) deleted: number;
}
