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
import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { pipeline } from 'node:stream/promises';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { BackupsService } from './backups.service.js';
import { formatOfPath } from './backup-formats.js';
import { BackupQueryService } from './backup-query.service.js';
import { ImportReportDto } from '../inventory/dto/import.dto.js';
import { DeleteQueryDto } from './dto/retention.dto.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { AllUsersBackupDto, BackupDto, BackupPageDto, BackupRunDto, BackupRunPageDto, BackupStatsDto, CreateBackupDto, CreatedBackupDto, DownloadQueryDto, ListBackupsQueryDto, ListRunsQueryDto, RestoreQueryDto, VerifyResultDto, lastEvent, } from './dto/backup.dto.js';
/** The body's rotation fields, with BACKUP_KEEP for a missing keep (tiers: null = the environment's). */
function retentionOf(dto, defaultKeep) {
    return { keep: dto.keep ?? defaultKeep, keepDaily: dto.keep_daily ?? null, keepWeekly: dto.keep_weekly ?? null, keepMonthly: dto.keep_monthly ?? null };
}
let BackupsController = class BackupsController {
    backups;
    query;
    trash;
    config;
    constructor(backups, query, trash, config) {
        this.backups = backups;
        this.query = query;
        this.trash = trash;
        this.config = config;
    }
    async createMine(user, dto) {
        const result = await this.backups.createUserBackup({ id: user.id, username: user.username }, { trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) });
        return { backup: BackupDto.from(result.backup), run: BackupRunDto.from(result.run), deleted: result.deleted };
    }
    async createFullDb(user, dto) {
        const result = await this.backups.createFullDb({ trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) });
        return { backup: BackupDto.from(result.backup), run: BackupRunDto.from(result.run), deleted: result.deleted };
    }
    async createAllUsers(user, dto) {
        const { run, results } = await this.backups.createAllUsers({ trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) });
        return {
            run: BackupRunDto.from(run),
            results: results.map((r) => ({ user_id: r.user.id, username: r.user.username, backup: r.backup ? BackupDto.from(r.backup) : undefined, error: r.error })),
        };
    }
    async list(user, query) {
        const filter = user.role === 'admin' ? { type: query.type, userId: query.userId } : { type: 'user_inventory', userId: user.id };
        if (user.role !== 'admin' && query.type === 'full_db')
            return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
        const { items, total } = await this.query.list(filter, query.page, query.pageSize);
        const copies = await this.query.copiesFor(items.map((b) => b.id));
        return { items: items.map((b) => BackupDto.from(b, copies.get(b.id))), total, page: query.page, pageSize: query.pageSize };
    }
    async stats() {
        const stats = await this.query.stats();
        return {
            types: stats.perType.map((t) => ({
                type: t.type,
                count: t.count,
                bytes: t.bytes,
                newest: t.newest ? BackupDto.from(t.newest) : null,
                last_success: lastEvent(t.lastSuccess),
                last_failure: lastEvent(t.lastFailure),
            })),
            free_bytes: stats.freeBytes,
            total_bytes: stats.perType.reduce((sum, t) => sum + t.bytes, 0),
        };
    }
    async runs(query) {
        const { items, total } = await this.query.listRuns({ target: query.target, status: query.status }, query.page, query.pageSize);
        return { items: items.map(BackupRunDto.from), total, page: query.page, pageSize: query.pageSize };
    }
    async get(user, id) {
        const backup = await this.query.getVisible(id, user);
        return BackupDto.from(backup, (await this.query.copiesFor([id])).get(id));
    }
    async download(user, id, query, res) {
        const backup = await this.query.getVisible(id, user);
        if (!(await this.query.fileExists(backup)))
            throw new NotFoundException(`The file of backup ${id} is missing from disk`);
        const stored = backup.filePath.split('/').pop();
        const decrypt = query.decrypt && stored.endsWith('.enc');
        const name = decrypt ? stored.replace(/\.enc$/, '') : stored;
        // Decrypt before sending a single byte, so a missing key is a clean error response.
        const body = decrypt ? await this.query.openPlainStream(backup) : this.query.openStream(backup);
        res.setHeader('Content-Type', formatOfPath(name)?.contentType ?? 'application/octet-stream');
        res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
        if (!decrypt) {
            res.setHeader('Content-Length', String(backup.sizeBytes));
            res.setHeader('X-Checksum-SHA256', backup.sha256);
            res.setHeader('Digest', `sha-256=${Buffer.from(backup.sha256, 'hex').toString('base64')}`);
        }
        await pipeline(body, res);
    }
    async restore(user, id, query) {
        return this.backups.restoreInventory(await this.query.getVisible(id, user), { mode: query.mode, dryRun: query.dryRun });
    }
    async verify(user, id) {
        const backup = await this.query.getVisible(id, user);
        const result = await this.backups.verify(backup);
        const fresh = await this.query.getVisible(id, user);
        return { ok: result.ok, checksum_ok: result.checksumOk, integrity_ok: result.integrityOk, error: result.error, backup: BackupDto.from(fresh) };
    }
    async remove(user, id, q) {
        const backup = await this.query.getVisible(id, user, { includeTrashed: Boolean(q.purge) });
        if (q.purge)
            await this.trash.purge(backup);
        else
            await this.trash.trash(backup);
    }
};
__decorate([
    Post('me'),
    ApiOperation({
        summary: 'Create Backup Now: back up my inventory',
        description: 'Streams my inventory JSON to a new file, verifies it, records its sha256, then keeps my newest `keep` backups.',
    }),
    ApiCreatedResponse({ type: CreatedBackupDto }),
    ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' }),
    ApiErrors(400, 409, 500),
    __param(0, CurrentUser()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, CreateBackupDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "createMine", null);
__decorate([
    Post('full-db'),
    Roles('admin'),
    ApiOperation({
        summary: 'Create Full DB Backup (admin)',
        description: 'SQLite online backup, pg_dump -Fc or mariadb-dump | gzip; verified and checksummed. 409 while another full backup runs.',
    }),
    ApiCreatedResponse({ type: CreatedBackupDto }),
    ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' }),
    ApiErrors(400, 403, 409, 500),
    __param(0, CurrentUser()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, CreateBackupDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "createFullDb", null);
__decorate([
    Post('all-users'),
    Roles('admin'),
    ApiOperation({
        summary: 'Backup All Users (admin)',
        description: "Every active user's inventory; one user's failure does not stop the others (run status partial).",
    }),
    ApiCreatedResponse({ type: AllUsersBackupDto }),
    ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' }),
    ApiErrors(400, 403, 409),
    __param(0, CurrentUser()),
    __param(1, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, CreateBackupDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "createAllUsers", null);
__decorate([
    Get(),
    ApiOperation({
        summary: 'List backups, newest first',
        description: 'Users see their own inventory backups; admins see all and may filter by type and userId.',
    }),
    ApiOkResponse({ type: BackupPageDto }),
    ApiErrors(400),
    __param(0, CurrentUser()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, ListBackupsQueryDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "list", null);
__decorate([
    Get('stats'),
    Roles('admin'),
    ApiOperation({ summary: 'Monitoring (admin): last success and failure per type, counts, bytes, free disk' }),
    ApiOkResponse({ type: BackupStatsDto }),
    ApiErrors(403),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "stats", null);
__decorate([
    Get('runs'),
    Roles('admin'),
    ApiOperation({ summary: 'Backup run history (admin), newest first' }),
    ApiOkResponse({ type: BackupRunPageDto }),
    ApiErrors(400, 403),
    __param(0, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [ListRunsQueryDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "runs", null);
__decorate([
    Get(':id'),
    ApiOperation({ summary: 'Backup metadata (owner or admin)' }),
    ApiOkResponse({ type: BackupDto }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "get", null);
__decorate([
    Get(':id/download'),
    ApiOperation({
        summary: 'Download the backup file, streamed (owner or admin; full database backups: admin only)',
        description: 'By default the stored bytes, with X-Checksum-SHA256 (the recorded sha256) and Content-Length. For an encrypted backup, decrypt=true streams the plain content instead (named without .enc; no checksum header, since it differs from the stored bytes).',
    }),
    ApiResponse({
        status: 200,
        description: 'The file (JSON for an inventory backup, the dump or SQLite file for a full one)',
        content: Object.fromEntries(['application/octet-stream', 'application/gzip', 'application/vnd.sqlite3', 'application/json'].map((type) => [
            type,
            { schema: { type: 'string', format: 'binary' } },
        ])),
    }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Query()),
    __param(3, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, DownloadQueryDto, Object]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "download", null);
__decorate([
    Post(':id/restore'),
    HttpCode(200),
    ApiOperation({
        summary: "Restore a user inventory backup into its owner's inventory (owner or admin)",
        description: 'Checks the sha256 first (409 if the file is damaged), then (unless dryRun) takes a safety backup of the current inventory (safety_backup_id; pinned for BACKUP_TRASH_HOURS; restoring it is the undo), then runs the inventory import: mode=replace (default) makes the inventory exactly the backup; merge upserts. dryRun=true reports without writing. Full database backups are restored with the CLI (blockshelf restore-backup).',
    }),
    ApiOkResponse({ type: ImportReportDto }),
    ApiErrors(400, 404, 409),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, RestoreQueryDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "restore", null);
__decorate([
    Post(':id/verify'),
    HttpCode(200),
    Roles('admin'),
    ApiOperation({ summary: 'Re-check checksum and integrity (admin)' }),
    ApiOkResponse({ type: VerifyResultDto }),
    ApiErrors(400, 403, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "verify", null);
__decorate([
    Delete(':id'),
    HttpCode(204),
    Roles('admin'),
    ApiOperation({ summary: 'Delete a backup (admin): to the trash for BACKUP_TRASH_HOURS, or at once with purge=true (also for one already in the trash)' }),
    ApiNoContentResponse(),
    ApiErrors(400, 403, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, DeleteQueryDto]),
    __metadata("design:returntype", Promise)
], BackupsController.prototype, "remove", null);
BackupsController = __decorate([
    ApiTags('backups'),
    ApiBearerAuth(),
    ApiErrors(401),
    Controller('backups'),
    __metadata("design:paramtypes", [BackupsService,
        BackupQueryService,
        BackupTrash,
        AppConfig])
], BackupsController);
export { BackupsController };
//# sourceMappingURL=backups.controller.js.map