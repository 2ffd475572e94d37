import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { BackupFilesService } from '../backups/backup-files.service.js';
import { BackupQueryService } from '../backups/backup-query.service.js';
import { AppConfig } from '../config/app-config.js';

const HOUR_MS = 3600_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly files: BackupFilesService,
    private readonly backups: BackupQueryService,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: database reachable, media folder writable, free disk above HEALTH_MIN_FREE_BYTES (503 when not)',
    description:
      '`details.backup` reports the last successful full database backup. When it is older than HEALTH_MAX_BACKUP_AGE_HOURS (or there is none) ' +
      'it carries a `warning`, but stays `up`: a late backup is something to alert on, not a reason to take the API out of service.',
  })
  @ApiOkResponse({ description: '`{ status: "ok", details: { database, media, disk, backup } }`' })
  @ApiServiceUnavailableResponse({ description: 'A check failed; `details` names it' })
  check() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(3000),
      () => this.indicators.check('media').attempt(() => this.probeMediaWritable()),
      () => this.checkDisk(),
      () => this.checkLastFullBackup(),
    ]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no database or disk checks)' })
  @ApiOkResponse({ description: '`{ status: "ok" }`' })
  live() {
    return { status: 'ok' };
  }

  /** Creates, writes and removes a small file, which is what a backup needs to be able to do. */
  private async probeMediaWritable(): Promise<{ path: string }> {
    await this.files.probeWritable();
    return { path: this.config.mediaRoot };
  }

  /** A backup that cannot be written is worse than none: fail readiness before the disk is full. */
  private async checkDisk() {
    const session = this.indicators.check('disk');
    const minFreeBytes = this.config.healthMinFreeBytes;
    try {
      const freeBytes = await this.files.freeBytes();
      if (freeBytes < minFreeBytes) {
        return session.down({ freeBytes, minFreeBytes, message: `Only ${freeBytes} bytes free under MEDIA_ROOT; HEALTH_MIN_FREE_BYTES is ${minFreeBytes}` });
      }
      return session.up({ freeBytes, minFreeBytes });
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Never fails the check: the age of the last full backup is a warning for whoever watches /health. */
  private async checkLastFullBackup() {
    const session = this.indicators.check('backup');
    const maxAgeHours = this.config.healthMaxBackupAgeHours;
    const facts = await this.backups.healthFacts().catch(() => null);
    if (!facts) return session.up({ maxAgeHours, warning: 'Could not read the backup history' });
    const last = facts.lastFullSuccess;
    const lastAt = last ? (last.finishedAt ?? last.startedAt) : null;
    const exactAgeHours = lastAt ? (Date.now() - lastAt.getTime()) / HOUR_MS : null;
    const ageHours = exactAgeHours === null ? null : Math.round(exactAgeHours * 10) / 10;
    let warning: string | undefined;
    if (maxAgeHours > 0 && lastAt === null) warning = 'No successful full database backup yet';
    else if (maxAgeHours > 0 && exactAgeHours !== null && exactAgeHours > maxAgeHours) {
      warning = `The last successful full database backup is ${ageHours} hours old (HEALTH_MAX_BACKUP_AGE_HOURS is ${maxAgeHours})`;
    }
    // The newest run of each kind, when it failed: a full disk says so here (the next run may succeed once space is freed).
    const lastFailedRuns = facts.lastRuns
      .filter((t) => t.lastRun && t.lastRun.status === 'failed')
      .map((t) => ({
        type: t.type,
        runId: t.lastRun!.id,
        at: (t.lastRun!.finishedAt ?? t.lastRun!.startedAt).toISOString(),
        diskFull: /ENOSPC|disk is full/i.test(t.lastRun!.error ?? ''),
        error: t.lastRun!.error,
      }));
    const missingBackups = facts.missing;
    if (!warning && lastFailedRuns.some((r) => r.diskFull)) warning = 'The last backup run failed because the disk holding MEDIA_ROOT is full';
    if (!warning && missingBackups) warning = `${missingBackups} listed backup(s) have no file on disk (status missing); run blockshelf reconcile`;
    return session.up({
      lastFullBackupAt: lastAt?.toISOString() ?? null,
      ageHours,
      maxAgeHours,
      ...(lastFailedRuns.length ? { lastFailedRuns } : {}),
      ...(missingBackups ? { missingBackups } : {}),
      ...(warning ? { warning } : {}),
    });
  }
}
