import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { BackupsService } from './backups.service.js';
import { formatOfPath } from './backup-formats.js';
import { BackupListCache, jsonBody } from './backup-list-cache.js';
import { BackupQueryService } from './backup-query.service.js';
import { ImportReportDto } from '../inventory/dto/import.dto.js';
import { DeleteQueryDto } from './dto/retention.dto.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import {
  AllUsersBackupDto,
  BackupDto,
  BackupPageDto,
  BackupRunDto,
  BackupRunPageDto,
  BackupStatsDto,
  CreateBackupDto,
  CreatedBackupDto,
  DownloadQueryDto,
  ListBackupsQueryDto,
  ListRunsQueryDto,
  RestoreQueryDto,
  VerifyResultDto,
  lastEvent,
} from './dto/backup.dto.js';

/** The body's rotation fields, with BACKUP_KEEP for a missing keep (tiers: null = the environment's). */
function retentionOf(dto: CreateBackupDto, defaultKeep: number) {
  return { keep: dto.keep ?? defaultKeep, keepDaily: dto.keep_daily ?? null, keepWeekly: dto.keep_weekly ?? null, keepMonthly: dto.keep_monthly ?? null };
}

@ApiTags('backups')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('backups')
export class BackupsController {
  constructor(
    private readonly backups: BackupsService,
    private readonly query: BackupQueryService,
    private readonly trash: BackupTrash,
    private readonly config: AppConfig,
    private readonly listCache: BackupListCache,
  ) {}

  @Post('me')
  @ApiOperation({
    summary: 'Create Backup Now: back up my inventory',
    description: 'Streams my inventory JSON to a new file, verifies it, records its sha256, then keeps my newest `keep` backups.',
  })
  @ApiCreatedResponse({ type: CreatedBackupDto })
  @ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' })
  @ApiErrors(400, 409, 500)
  async createMine(@CurrentUser() user: AuthUser, @Body() dto: CreateBackupDto): Promise<CreatedBackupDto> {
    const result = await this.backups.createUserBackup(
      { id: user.id, username: user.username },
      { trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) },
    );
    return { backup: BackupDto.from(result.backup), run: BackupRunDto.from(result.run), deleted: result.deleted };
  }

  @Post('full-db')
  @Roles('admin')
  @ApiOperation({
    summary: 'Create Full DB Backup (admin)',
    description: 'SQLite online backup, pg_dump -Fc or mariadb-dump | gzip; verified and checksummed. 409 while another full backup runs.',
  })
  @ApiCreatedResponse({ type: CreatedBackupDto })
  @ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' })
  @ApiErrors(400, 403, 409, 500)
  async createFullDb(@CurrentUser() user: AuthUser, @Body() dto: CreateBackupDto): Promise<CreatedBackupDto> {
    const result = await this.backups.createFullDb({ trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) });
    return { backup: BackupDto.from(result.backup), run: BackupRunDto.from(result.run), deleted: result.deleted };
  }

  @Post('all-users')
  @Roles('admin')
  @ApiOperation({
    summary: 'Backup All Users (admin)',
    description: "Every active user's inventory; one user's failure does not stop the others (run status partial).",
  })
  @ApiCreatedResponse({ type: AllUsersBackupDto })
  @ApiBody({ type: CreateBackupDto, required: false, description: 'Optional: rotation for this run (keep, keep_daily, keep_weekly, keep_monthly)' })
  @ApiErrors(400, 403, 409)
  async createAllUsers(@CurrentUser() user: AuthUser, @Body() dto: CreateBackupDto): Promise<AllUsersBackupDto> {
    const { run, results } = await this.backups.createAllUsers({ trigger: 'manual', createdBy: user.id, ...retentionOf(dto, this.config.backupKeep) });
    return {
      run: BackupRunDto.from(run),
      results: results.map((r) => ({ user_id: r.user.id, username: r.user.username, backup: r.backup ? BackupDto.from(r.backup) : undefined, error: r.error })),
    };
  }

  @Get()
  @ApiOperation({
    summary: 'List backups, newest first',
    description: 'Users see their own inventory backups; admins see all and may filter by type and userId.',
  })
  @ApiOkResponse({ type: BackupPageDto })
  @ApiErrors(400)
  async list(@CurrentUser() user: AuthUser, @Query() query: ListBackupsQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const admin = user.role === 'admin';
    const filter = admin ? { type: query.type, userId: query.userId } : { type: 'user_inventory' as const, userId: user.id };
    const key = [admin ? 'admin' : `user ${user.id}`, query.type, filter.userId, query.page, query.pageSize].join('|');
    // Served as the JSON text it was sent as (BackupListCache): serialising the page and its ETag was a quarter of a request.
    const page = await this.listCache.get(key, async (now) => {
      if (!admin && query.type === 'full_db') return jsonBody({ items: [], total: 0, page: query.page, pageSize: query.pageSize } satisfies BackupPageDto);
      const { items, total } = await this.query.list(filter, query.page, query.pageSize);
      const copies = await this.query.copiesFor(items.map((b) => b.id));
      return jsonBody({
        items: items.map((b) => BackupDto.from(b, copies.get(b.id), now)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      } satisfies BackupPageDto);
    });
    res.type('application/json').setHeader('ETag', page.etag);
    return page.text;
  }

  @Get('stats')
  @Roles('admin')
  @ApiOperation({ summary: 'Monitoring (admin): last success and failure per type, counts, bytes, free disk' })
  @ApiOkResponse({ type: BackupStatsDto })
  @ApiErrors(403)
  async stats(): Promise<BackupStatsDto> {
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

  @Get('runs')
  @Roles('admin')
  @ApiOperation({ summary: 'Backup run history (admin), newest first' })
  @ApiOkResponse({ type: BackupRunPageDto })
  @ApiErrors(400, 403)
  async runs(@Query() query: ListRunsQueryDto): Promise<BackupRunPageDto> {
    const { items, total } = await this.query.listRuns({ target: query.target, status: query.status }, query.page, query.pageSize);
    return { items: items.map(BackupRunDto.from), total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Backup metadata (owner or admin)' })
  @ApiOkResponse({ type: BackupDto })
  @ApiErrors(400, 404)
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<BackupDto> {
    const backup = await this.query.getVisible(id, user);
    return BackupDto.from(backup, (await this.query.copiesFor([id])).get(id));
  }

  @Get(':id/download')
  @ApiOperation({
    summary: 'Download the backup file, streamed (owner or admin; full database backups: admin only)',
    description:
      'By default the stored bytes, with X-Checksum-SHA256 (the recorded sha256) and Content-Length. For an encrypted backup, decrypt=true streams the plain content instead (named without .enc; no checksum header, since it differs from the stored bytes).',
  })
  @ApiResponse({
    status: 200,
    description: 'The file (JSON for an inventory backup, the dump or SQLite file for a full one)',
    content: Object.fromEntries(
      ['application/octet-stream', 'application/gzip', 'application/vnd.sqlite3', 'application/json'].map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
  })
  @ApiErrors(400, 404)
  async download(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() query: DownloadQueryDto, @Res() res: Response): Promise<void> {
    const backup = await this.query.getVisible(id, user);
    if (!(await this.query.fileExists(backup))) throw new NotFoundException(`The file of backup ${id} is missing from disk`);
    const stored = backup.filePath.split('/').pop()!;
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

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: "Restore a user inventory backup into its owner's inventory (owner or admin)",
    description:
      'Checks the sha256 first (409 if the file is damaged), then (unless dryRun) takes a safety backup of the current inventory (safety_backup_id; pinned for BACKUP_TRASH_HOURS; restoring it is the undo), then runs the inventory import: mode=replace (default) makes the inventory exactly the backup; merge upserts. dryRun=true reports without writing. Full database backups are restored with the CLI (blockshelf restore-backup).',
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiErrors(400, 404, 409)
  async restore(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() query: RestoreQueryDto): Promise<ImportReportDto> {
    return this.backups.restoreInventory(await this.query.getVisible(id, user), { mode: query.mode, dryRun: query.dryRun });
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Re-check checksum and integrity (admin)' })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(400, 403, 404)
  async verify(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<VerifyResultDto> {
    const backup = await this.query.getVisible(id, user);
    const result = await this.backups.verify(backup);
    const fresh = await this.query.getVisible(id, user);
    return { ok: result.ok, checksum_ok: result.checksumOk, integrity_ok: result.integrityOk, error: result.error, backup: BackupDto.from(fresh) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a backup (admin): to the trash for BACKUP_TRASH_HOURS, or at once with purge=true (also for one already in the trash)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 403, 404)
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() q: DeleteQueryDto): Promise<void> {
    const backup = await this.query.getVisible(id, user, { includeTrashed: Boolean(q.purge) });
    if (q.purge) await this.trash.purge(backup);
    else await this.trash.trash(backup);
  }
}
