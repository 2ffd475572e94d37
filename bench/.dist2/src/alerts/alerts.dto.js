var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../users/dto/user.dto.js';
export class AlertsQueryDto extends PageQueryDto {
}
export class AlertDeliveryDto {
    id;
    event;
    channel;
    status;
    attempts;
    last_error;
    next_attempt_at;
    created_at;
    sent_at;
    static from(d) {
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
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertDeliveryDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ example: 'backup.failed' }),
    __metadata("design:type", String)
], AlertDeliveryDto.prototype, "event", void 0);
__decorate([
    ApiProperty({ example: 'https://hooks.slack.com/services/***', description: 'The channel, with its secrets masked' }),
    __metadata("design:type", String)
], AlertDeliveryDto.prototype, "channel", void 0);
__decorate([
    ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'], description: 'failed: given up after 6 attempts over about an hour' }),
    __metadata("design:type", String)
], AlertDeliveryDto.prototype, "status", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertDeliveryDto.prototype, "attempts", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String, example: 'HTTP 500 from hooks.slack.com' }),
    __metadata("design:type", Object)
], AlertDeliveryDto.prototype, "last_error", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], AlertDeliveryDto.prototype, "next_attempt_at", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], AlertDeliveryDto.prototype, "created_at", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], AlertDeliveryDto.prototype, "sent_at", void 0);
export class AlertDeliveryPageDto {
    items;
    total;
    page;
    pageSize;
}
__decorate([
    ApiProperty({ type: [AlertDeliveryDto] }),
    __metadata("design:type", Array)
], AlertDeliveryPageDto.prototype, "items", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertDeliveryPageDto.prototype, "total", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertDeliveryPageDto.prototype, "page", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertDeliveryPageDto.prototype, "pageSize", void 0);
export class CreateAlertChannelDto {
    kind;
    url;
    name;
    secret;
    email_to;
    email_from;
}
__decorate([
    ApiProperty({
        enum: ['webhook', 'email'],
        description: 'webhook: a JSON POST (Slack and Discord incoming-webhook URLs get their own payload); email: over SMTP',
    }),
    IsIn(['webhook', 'email']),
    __metadata("design:type", String)
], CreateAlertChannelDto.prototype, "kind", void 0);
__decorate([
    ApiProperty({
        example: 'https://hooks.slack.com/services/T000/B000/XXXX',
        description: 'webhook: http(s) URL; email: smtp:// or smtps:// URL with user:password@host:port. Never shown in full again.',
    }),
    IsString(),
    MaxLength(2000),
    ValidateIf((o) => o.kind === 'webhook'),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL for a webhook' }),
    __metadata("design:type", String)
], CreateAlertChannelDto.prototype, "url", void 0);
__decorate([
    ApiPropertyOptional({ example: 'Team Slack' }),
    IsOptional(),
    IsString(),
    MaxLength(100),
    __metadata("design:type", String)
], CreateAlertChannelDto.prototype, "name", void 0);
__decorate([
    ApiPropertyOptional({ description: 'webhook: sign each body with HMAC-SHA256 (X-BlockShelf-Signature: sha256=<hex>); at least 16 characters' }),
    IsOptional(),
    IsString(),
    MinLength(16),
    MaxLength(200),
    __metadata("design:type", String)
], CreateAlertChannelDto.prototype, "secret", void 0);
__decorate([
    ApiPropertyOptional({ type: [String], example: ['admin@example.com'], description: 'email: the recipients (required)' }),
    ValidateIf((o) => o.kind === 'email'),
    IsArray(),
    ArrayMinSize(1),
    IsEmail({}, { each: true }),
    __metadata("design:type", Array)
], CreateAlertChannelDto.prototype, "email_to", void 0);
__decorate([
    ApiPropertyOptional({ example: 'BlockShelf <backups@example.com>' }),
    IsOptional(),
    IsString(),
    MaxLength(200),
    __metadata("design:type", String)
], CreateAlertChannelDto.prototype, "email_from", void 0);
export class AlertChannelDto {
    key;
    id;
    kind;
    name;
    target;
    source;
}
__decorate([
    ApiProperty({ example: 'db:3', description: 'env:… channels come from the environment and cannot be deleted here' }),
    __metadata("design:type", String)
], AlertChannelDto.prototype, "key", void 0);
__decorate([
    ApiProperty({ nullable: true, type: Number, description: 'For DELETE /api/alerts/channels/:id (null for environment channels)' }),
    __metadata("design:type", Object)
], AlertChannelDto.prototype, "id", void 0);
__decorate([
    ApiProperty({ enum: ['webhook', 'slack', 'discord', 'email'] }),
    __metadata("design:type", String)
], AlertChannelDto.prototype, "kind", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], AlertChannelDto.prototype, "name", void 0);
__decorate([
    ApiProperty({ example: 'https://hooks.slack.com/services/***', description: 'Secrets masked' }),
    __metadata("design:type", String)
], AlertChannelDto.prototype, "target", void 0);
__decorate([
    ApiProperty({ enum: ['environment', 'api'] }),
    __metadata("design:type", String)
], AlertChannelDto.prototype, "source", void 0);
export class AlertTestResultDto {
    channel;
    target;
    ok;
    error;
    duration_ms;
}
__decorate([
    ApiProperty(),
    __metadata("design:type", String)
], AlertTestResultDto.prototype, "channel", void 0);
__decorate([
    ApiProperty({ description: 'Masked' }),
    __metadata("design:type", String)
], AlertTestResultDto.prototype, "target", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Boolean)
], AlertTestResultDto.prototype, "ok", void 0);
__decorate([
    ApiProperty({ nullable: true, type: String }),
    __metadata("design:type", Object)
], AlertTestResultDto.prototype, "error", void 0);
__decorate([
    ApiProperty(),
    __metadata("design:type", Number)
], AlertTestResultDto.prototype, "duration_ms", void 0);
//# sourceMappingURL=alerts.dto.js.map