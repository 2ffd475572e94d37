import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { BackupMetricsCollector } from './backup-metrics.collector.js';
import { MetricsRegistry } from './metrics.registry.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Prometheus scrape endpoint, outside /api like /health. Its token is METRICS_TOKEN, not a user's JWT. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly backups: BackupMetricsCollector,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: backups created/failed, last success per type, durations, sizes, disk, HTTP latencies',
    description: 'Off when METRICS_ENABLED=false (404). When METRICS_TOKEN is set, send it as `Authorization: Bearer <METRICS_TOKEN>`.',
  })
  @ApiBearerAuth('metrics')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the bearer token does not match', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'Metrics are disabled (METRICS_ENABLED=false)', type: ErrorResponseDto })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.config.metricsEnabled) throw new NotFoundException('Metrics are disabled (METRICS_ENABLED=false)');
    if (this.config.metricsToken) {
      const given = authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
      // Compare digests: equal length, so the comparison time says nothing about the token.
      if (!timingSafeEqual(digest(given), digest(this.config.metricsToken))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      }
    }
    await this.backups.refresh();
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
