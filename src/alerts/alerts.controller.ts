import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertOutbox } from './alert-outbox.service.js';
import { AlertChannelDto, AlertDeliveryDto, AlertDeliveryPageDto, AlertsQueryDto, AlertTestResultDto, CreateAlertChannelDto } from './alerts.dto.js';
import { AlertsService } from './alerts.service.js';
import type { AlertChannel } from './channels/alert-channel.js';
import type { AlertChannelRow } from './alert.entities.js';

const toDto = ({ channel, row }: { channel: AlertChannel; row?: AlertChannelRow }): AlertChannelDto => ({
  key: channel.key,
  id: row?.id ?? null,
  kind: channel.kind,
  name: row?.name ?? null,
  target: channel.display,
  source: row ? 'api' : 'environment',
});

@ApiTags('alerts')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Roles('admin')
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly outbox: AlertOutbox,
    private readonly channels: AlertChannels,
    private readonly alerts: AlertsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log, newest first (admin): event, channel, status, attempts, last error, sent_at' })
  @ApiOkResponse({ type: AlertDeliveryPageDto })
  @ApiErrors(400)
  async list(@Query() q: AlertsQueryDto): Promise<AlertDeliveryPageDto> {
    const [items, total] = await this.outbox.list(q.page, q.pageSize);
    return { items: items.map((d) => AlertDeliveryDto.from(d)), total, page: q.page, pageSize: q.pageSize };
  }

  @Get('channels')
  @ApiOperation({ summary: 'Alert channels (admin): from the environment and added here; secrets masked' })
  @ApiOkResponse({ type: [AlertChannelDto] })
  async listChannels(): Promise<AlertChannelDto[]> {
    return (await this.channels.all()).map(toDto);
  }

  @Post('channels')
  @ApiOperation({ summary: 'Add an alert channel (admin): a webhook (generic JSON, Slack, Discord) or email over SMTP' })
  @ApiCreatedResponse({ type: AlertChannelDto })
  @ApiErrors(400)
  async addChannel(@Body() dto: CreateAlertChannelDto): Promise<AlertChannelDto> {
    return toDto(
      await this.channels.add({ kind: dto.kind, url: dto.url, name: dto.name, secret: dto.secret, emailTo: dto.email_to, emailFrom: dto.email_from }),
    );
  }

  @Delete('channels/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a channel added through the API (admin)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async removeChannel(@Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.channels.remove(id);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: "Send a test alert to every channel now (admin); answers each channel's result (10 s timeout each, sent in parallel)" })
  @ApiOkResponse({ type: [AlertTestResultDto] })
  async test(): Promise<AlertTestResultDto[]> {
    const message = this.alerts.message('test', 'A test alert from BlockShelf: if you read this, this channel works.');
    return Promise.all(
      (await this.channels.all()).map(async ({ channel }) => {
        const started = Date.now();
        const error = await channel.send(message).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        );
        await this.outbox.record(message, channel, error);
        return { channel: channel.key, target: channel.display, ok: error === null, error, duration_ms: Date.now() - started };
      }),
    );
  }
}
