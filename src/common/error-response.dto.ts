import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiPropertyOptional({ example: 'quantity_used' }) field?: string;
  @ApiPropertyOptional({ example: 3, description: 'Row index, for imports' }) index?: number;
  @ApiProperty({ example: 'must not be greater than quantity_total' }) message: string;
}

/** The one shape of every 4xx/5xx response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: 'quantity_used must not be greater than quantity_total' }) message: string;
  @ApiPropertyOptional({
    example: 'BACKUP_IN_PROGRESS',
    description: 'A stable code for errors of the backup and schedule services (see src/common/domain-error.ts)',
  })
  code?: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
  @ApiProperty({ example: '/api/inventory/items' }) path: string;
  @ApiProperty({ example: 'b7d1c1c4-2b8e-4a53-9d43-0d9f7f1d2f10' }) requestId: string;
  @ApiProperty({ example: '2026-11-26T11:00:00.000Z' }) timestamp: string;
}
