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
import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertOutbox } from './alert-outbox.service.js';
import { AlertChannelDto, AlertDeliveryDto, AlertDeliveryPageDto, AlertsQueryDto, AlertTestResultDto, CreateAlertChannelDto } from './alerts.dto.js';
import { AlertsService } from './alerts.service.js';
const toDto = ({ channel, row }) => ({
    key: channel.key,
    id: row?.id ?? null,
    kind: channel.kind,
    name: row?.name ?? null,
    target: channel.display,
    source: row ? 'api' : 'environment',
});
let AlertsController = class AlertsController {
    outbox;
    channels;
    alerts;
    constructor(outbox, channels, alerts) {
        this.outbox = outbox;
        this.channels = channels;
        this.alerts = alerts;
    }
    async list(q) {
        const [items, total] = await this.outbox.list(q.page, q.pageSize);
        return { items: items.map((d) => AlertDeliveryDto.from(d)), total, page: q.page, pageSize: q.pageSize };
    }
    async listChannels() {
        return (await this.channels.all()).map(toDto);
    }
    async addChannel(dto) {
        return toDto(await this.channels.add({ kind: dto.kind, url: dto.url, name: dto.name, secret: dto.secret, emailTo: dto.email_to, emailFrom: dto.email_from }));
    }
    async removeChannel(id) {
        await this.channels.remove(id);
    }
    async test() {
        const message = this.alerts.message('test', 'A test alert from BlockShelf: if you read this, this channel works.');
        return Promise.all((await this.channels.all()).map(async ({ channel }) => {
            const started = Date.now();
            const error = await channel.send(message).then(() => null, (e) => (e instanceof Error ? e.message : String(e)));
            await this.outbox.record(message, channel, error);
            return { channel: channel.key, target: channel.display, ok: error === null, error, duration_ms: Date.now() - started };
        }));
    }
};
__decorate([
    Get(),
    ApiOperation({ summary: 'The delivery log, newest first (admin): event, channel, status, attempts, last error, sent_at' }),
    ApiOkResponse({ type: AlertDeliveryPageDto }),
    ApiErrors(400),
    __param(0, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [AlertsQueryDto]),
    __metadata("design:returntype", Promise)
], AlertsController.prototype, "list", null);
__decorate([
    Get('channels'),
    ApiOperation({ summary: 'Alert channels (admin): from the environment and added here; secrets masked' }),
    ApiOkResponse({ type: [AlertChannelDto] }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], AlertsController.prototype, "listChannels", null);
__decorate([
    Post('channels'),
    ApiOperation({ summary: 'Add an alert channel (admin): a webhook (generic JSON, Slack, Discord) or email over SMTP' }),
    ApiCreatedResponse({ type: AlertChannelDto }),
    ApiErrors(400),
    __param(0, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [CreateAlertChannelDto]),
    __metadata("design:returntype", Promise)
], AlertsController.prototype, "addChannel", null);
__decorate([
    Delete('channels/:id'),
    HttpCode(204),
    ApiOperation({ summary: 'Remove a channel added through the API (admin)' }),
    ApiNoContentResponse(),
    ApiErrors(400, 404),
    __param(0, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number]),
    __metadata("design:returntype", Promise)
], AlertsController.prototype, "removeChannel", null);
__decorate([
    Post('test'),
    HttpCode(200),
    ApiOperation({ summary: "Send a test alert to every channel now (admin); answers each channel's result (10 s timeout each, sent in parallel)" }),
    ApiOkResponse({ type: [AlertTestResultDto] }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], AlertsController.prototype, "test", null);
AlertsController = __decorate([
    ApiTags('alerts'),
    ApiBearerAuth(),
    ApiErrors(401, 403),
    Roles('admin'),
    Controller('alerts'),
    __metadata("design:paramtypes", [AlertOutbox,
        AlertChannels,
        AlertsService])
], AlertsController);
export { AlertsController };
//# sourceMappingURL=alerts.controller.js.map