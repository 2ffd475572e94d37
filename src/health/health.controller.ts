import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Public } from '../auth/auth.decorators.js';
import { AppConfig } from '../config/app-config.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable and media folder writable (503 when not)' })
  check() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(3000),
      () => this.indicators.check('media').attempt(() => this.probeMediaWritable()),
    ]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  /** Writes and removes a small file, which is what a backup needs to be able to do. */
  private async probeMediaWritable(): Promise<{ path: string }> {
    const dir = join(this.config.mediaRoot, 'backups');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const probe = join(dir, `.health-${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(probe, 'ok', { mode: 0o600 });
    await rm(probe, { force: true });
    return { path: this.config.mediaRoot };
  }
}
