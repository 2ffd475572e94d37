var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Public } from '../auth/auth.decorators.js';
import { BackupFilesService } from '../backups/backup-files.service.js';
import { BackupQueryService } from '../backups/backup-query.service.js';
import { AppConfig } from '../config/app-config.js';
const HOUR_MS = 3600_000;
let HealthController = class HealthController {
    health;
    db;
    indicators;
    config;
    files;
    backups;
    constructor(health, db, indicators, config, files, backups) {
        this.health = health;
        this.db = db;
        this.indicators = indicators;
        this.config = config;
        this.files = files;
        this.backups = backups;
    }
    check() {
        return this.health.check([
            () => this.db.pingCheck('database').withTimeout(3000),
            () => this.indicators.check('media').attempt(() => this.probeMediaWritable()),
            () => this.checkDisk(),
            () => this.checkLastFullBackup(),
        ]);
    }
    live() {
        return { status: 'ok' };
    }
    /** Writes and removes a small file, which is what a backup needs to be able to do. */
    async probeMediaWritable() {
        const dir = join(this.config.mediaRoot, 'backups');
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const probe = join(dir, `.health-${randomBytes(6).toString('hex')}.tmp`);
        await writeFile(probe, 'ok', { mode: 0o600 });
        await rm(probe, { force: true });
        return { path: this.config.mediaRoot };
    }
    /** A backup that cannot be written is worse than none: fail readiness before the disk is full. */
    async checkDisk() {
        const session = this.indicators.check('disk');
        const minFreeBytes = this.config.healthMinFreeBytes;
        try {
            const freeBytes = await this.files.freeBytes();
            if (freeBytes < minFreeBytes) {
                return session.down({ freeBytes, minFreeBytes, message: `Only ${freeBytes} bytes free under MEDIA_ROOT; HEALTH_MIN_FREE_BYTES is ${minFreeBytes}` });
            }
            return session.up({ freeBytes, minFreeBytes });
        }
        catch (error) {
            return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
    }
    /** Never fails the check: the age of the last full backup is a warning for whoever watches /health. */
    async checkLastFullBackup() {
        const session = this.indicators.check('backup');
        const maxAgeHours = this.config.healthMaxBackupAgeHours;
        const facts = await this.backups.healthFacts().catch(() => null);
        if (!facts)
            return session.up({ maxAgeHours, warning: 'Could not read the backup history' });
        const last = facts.lastFullSuccess;
        const lastAt = last ? (last.finishedAt ?? last.startedAt) : null;
        const exactAgeHours = lastAt ? (Date.now() - lastAt.getTime()) / HOUR_MS : null;
        const ageHours = exactAgeHours === null ? null : Math.round(exactAgeHours * 10) / 10;
        let warning;
        if (maxAgeHours > 0 && lastAt === null)
            warning = 'No successful full database backup yet';
        else if (maxAgeHours > 0 && exactAgeHours !== null && exactAgeHours > maxAgeHours) {
            warning = `The last successful full database backup is ${ageHours} hours old (HEALTH_MAX_BACKUP_AGE_HOURS is ${maxAgeHours})`;
        }
        // The newest run of each kind, when it failed: a full disk says so here (the next run may succeed once space is freed).
        const lastFailedRuns = facts.lastRuns
            .filter((t) => t.lastRun && t.lastRun.status === 'failed')
            .map((t) => ({
            type: t.type,
            runId: t.lastRun.id,
            at: (t.lastRun.finishedAt ?? t.lastRun.startedAt).toISOString(),
            diskFull: /ENOSPC|disk is full/i.test(t.lastRun.error ?? ''),
            error: t.lastRun.error,
        }));
        const missingBackups = facts.missing;
        if (!warning && lastFailedRuns.some((r) => r.diskFull))
            warning = 'The last backup run failed because the disk holding MEDIA_ROOT is full';
        if (!warning && missingBackups)
            warning = `${missingBackups} listed backup(s) have no file on disk (status missing); run blockshelf reconcile`;
        return session.up({
            lastFullBackupAt: lastAt?.toISOString() ?? null,
            ageHours,
            maxAgeHours,
            ...(lastFailedRuns.length ? { lastFailedRuns } : {}),
            ...(missingBackups ? { missingBackups } : {}),
            ...(warning ? { warning } : {}),
        });
    }
};
__decorate([
    Get(),
    HealthCheck(),
    ApiOperation({
        summary: 'Readiness: database reachable, media folder writable, free disk above HEALTH_MIN_FREE_BYTES (503 when not)',
        description: '`details.backup` reports the last successful full database backup. When it is older than HEALTH_MAX_BACKUP_AGE_HOURS (or there is none) ' +
            'it carries a `warning`, but stays `up`: a late backup is something to alert on, not a reason to take the API out of service.',
    }),
    ApiOkResponse({ description: '`{ status: "ok", details: { database, media, disk, backup } }`' }),
    ApiServiceUnavailableResponse({ description: 'A check failed; `details` names it' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "check", null);
__decorate([
    Get('live'),
    ApiOperation({ summary: 'Liveness: the process answers (no database or disk checks)' }),
    ApiOkResponse({ description: '`{ status: "ok" }`' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], HealthController.prototype, "live", null);
HealthController = __decorate([
    ApiTags('health'),
    Public(),
    Controller('health'),
    __metadata("design:paramtypes", [HealthCheckService,
        TypeOrmHealthIndicator,
        HealthIndicatorService,
        AppConfig,
        BackupFilesService,
        BackupQueryService])
], HealthController);
export { HealthController };
//# sourceMappingURL=health.controller.js.map