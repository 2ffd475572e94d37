import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../users/dto/user.dto.js';
import type { AlertDelivery } from './alert.entities.js';

export class AlertsQueryDto extends PageQueryDto {}

export class AlertDeliveryDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'backup.failed' }) event: string;
  @ApiProperty({ example: 'https://hooks.slack.com/services/***', description: 'The channel, with its secrets masked' }) channel: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'], description: 'failed: given up after 6 attempts over about an hour' }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 500 from hooks.slack.com' }) last_error: string | null;
  @ApiProperty({ nullable: true, type: String }) next_attempt_at: string | null;
  @ApiProperty() created_at: string;
  @ApiProperty({ nullable: true, type: String }) sent_at: string | null;

  static from(d: AlertDelivery): AlertDeliveryDto {
    return {
      id: d.id,
      event: d.event,
      channel: d.channelDisplay,
      status: d.status,
      attempts: d.attempts,
      last_error: d.lastError,
      next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      created_at: d.createdAt.toISOString(),
      sent_at: d.sentAt?.toISOString() ?? null,
    };
  }
}

export class AlertDeliveryPageDto {
  @ApiProperty({ type: [AlertDeliveryDto] }) items: AlertDeliveryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CreateAlertChannelDto {
  @ApiProperty({
    enum: ['webhook', 'email'],
    description: 'webhook: a JSON POST (Slack and Discord incoming-webhook URLs get their own payload); email: over SMTP',
  })
  @IsIn(['webhook', 'email'])
  kind: 'webhook' | 'email';

  @ApiProperty({
    example: 'https://hooks.slack.com/services/T000/B000/XXXX',
    description: 'webhook: http(s) URL; email: smtp:// or smtps:// URL with user:password@host:port. Never shown in full again.',
  })
  @IsString()
  @MaxLength(2000)
  @ValidateIf((o: CreateAlertChannelDto) => o.kind === 'webhook')
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL for a webhook' })
  url: string;

  @ApiPropertyOptional({ example: 'Team Slack' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'webhook: sign each body with HMAC-SHA256 (X-BlockShelf-Signature: sha256=<hex>); at least 16 characters' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ type: [String], example: ['admin@example.com'], description: 'email: the recipients (required)' })
  @ValidateIf((o: CreateAlertChannelDto) => o.kind === 'email')
  @IsArray()
  @ArrayMinSize(1)
  @IsEmail({}, { each: true })
  email_to?: string[];

  @ApiPropertyOptional({ example: 'BlockShelf <backups@example.com>' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  email_from?: string;
}

export class AlertChannelDto {
  @ApiProperty({ example: 'db:3', description: 'env:… channels come from the environment and cannot be deleted here' }) key: string;
  @ApiProperty({ nullable: true, type: Number, description: 'For DELETE /api/alerts/channels/:id (null for environment channels)' }) id: number | null;
  @ApiProperty({ enum: ['webhook', 'slack', 'discord', 'email'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'https://hooks.slack.com/services/***', description: 'Secrets masked' }) target: string;
  @ApiProperty({ enum: ['environment', 'api'] }) source: string;
}

export class AlertTestResultDto {
  @ApiProperty() channel: string;
  @ApiProperty({ description: 'Masked' }) target: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() duration_ms: number;
}
