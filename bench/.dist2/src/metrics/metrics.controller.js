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
import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { BackupMetricsCollector } from './backup-metrics.collector.js';
import { MetricsRegistry } from './metrics.registry.js';
const digest = (value) => createHash('sha256').update(value).digest();
/** Prometheus scrape endpoint, outside /api like /health. Its token is METRICS_TOKEN, not a user's JWT. */
let MetricsController = class MetricsController {
    metrics;
    backups;
    config;
    constructor(metrics, backups, config) {
        this.metrics = metrics;
        this.backups = backups;
        this.config = config;
    }
    async scrape(authorization, res) {
        if (!this.config.metricsEnabled)
            throw new NotFoundException('Metrics are disabled (METRICS_ENABLED=false)');
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
};
__decorate([
    Get(),
    ApiOperation({
        summary: 'Prometheus metrics: backups created/failed, last success per type, durations, sizes, disk, HTTP latencies',
        description: 'Off when METRICS_ENABLED=false (404). When METRICS_TOKEN is set, send it as `Authorization: Bearer <METRICS_TOKEN>`.',
    }),
    ApiBearerAuth('metrics'),
    ApiProduces('text/plain'),
    ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } }),
    ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the bearer token does not match', type: ErrorResponseDto }),
    ApiNotFoundResponse({ description: 'Metrics are disabled (METRICS_ENABLED=false)', type: ErrorResponseDto }),
    __param(0, Headers('authorization')),
    __param(1, Res({ passthrough: true })),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], MetricsController.prototype, "scrape", null);
MetricsController = __decorate([
    ApiTags('operations'),
    Public(),
    Controller('metrics'),
    __metadata("design:paramtypes", [MetricsRegistry,
        BackupMetricsCollector,
        AppConfig])
], MetricsController);
export { MetricsController };
//# sourceMappingURL=metrics.controller.js.map