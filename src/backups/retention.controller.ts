import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { BackupQueryService } from './backup-query.service.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupDto, BackupPageDto } from './dto/backup.dto.js';
import { PinDto, RetentionPreviewDto, RetentionQueryDto, TrashQueryDto } from './dto/retention.dto.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';

/** Pins, the trash and the retention preview. Registered before BackupsController, so /trash and /retention are not taken for ids. */
@ApiTags('backups')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('backups')
export class RetentionController {
  constructor(
    private readonly query: BackupQueryService,
    private readonly pins: BackupPins,
    private readonly trash: BackupTrash,
    private readonly rotation: BackupRotationService,
    private readonly config: AppConfig,
  ) {}

  @Get('trash')
  @ApiOperation({
    summary: 'Backups in the trash (admin: all; users: their own)',
    description: `Rotated and deleted backups stay here for BACKUP_TRASH_HOURS (default 72), then they are purged. POST /api/backups/:id/undelete brings one back.`,
  })
  @ApiOkResponse({ type: BackupPageDto })
  @ApiErrors(400)
  async listTrash(@CurrentUser() user: AuthUser, @Query() q: TrashQueryDto): Promise<BackupPageDto> {
    const [items, total] = await this.trash.list(user.role === 'admin' ? {} : { userId: user.id }, q.page, q.pageSize);
    return { items: items.map((b) => BackupDto.from(b)), total, page: q.page, pageSize: q.pageSize };
  }

  @Get('retention')
  @ApiOperation({
    summary: 'Preview what rotation would keep, and why (owner or admin; full_db: admin)',
    description:
      'Newest first. `reasons` says why each kept backup is kept ("newest 10", "daily 2026-11-30", "pinned: …"); empty for those rotation would move to the trash. Policy fields left out come from BACKUP_KEEP, BACKUP_KEEP_DAILY, _WEEKLY, _MONTHLY.',
  })
  @ApiOkResponse({ type: RetentionPreviewDto })
  @ApiErrors(400, 403)
  async preview(@CurrentUser() user: AuthUser, @Query() q: RetentionQueryDto): Promise<RetentionPreviewDto> {
    const userId = q.type === 'full_db' ? null : user.role === 'admin' ? (q.userId ?? user.id) : user.id;
    if (q.type === 'full_db' && user.role !== 'admin') throw new ForbiddenException('The retention preview of full database backups is for admins');
    const policy = this.rotation.policyOf({
      keep: q.keep ?? this.config.backupKeep,
      keepDaily: q.keep_daily,
      keepWeekly: q.keep_weekly,
      keepMonthly: q.keep_monthly,
    });
    const verdicts = await this.rotation.preview(q.type, userId, policy);
    return {
      policy: { keep: policy.keep, keep_daily: policy.keepDaily, keep_weekly: policy.keepWeekly, keep_monthly: policy.keepMonthly, timezone: policy.timezone },
      backups: verdicts.map((v) => ({ id: v.id, created_at: v.createdAt.toISOString(), keep: v.keep, reasons: v.reasons })),
    };
  }

  @Post(':id/pin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pin a backup: rotation never removes it (owner or admin)' })
  @ApiOkResponse({ type: BackupDto })
  @ApiErrors(400, 404)
  async pin(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: PinDto): Promise<BackupDto> {
    return BackupDto.from(await this.pins.pin(await this.query.getVisible(id, user), dto.reason ?? null));
  }

  @Delete(':id/pin')
  @ApiOperation({ summary: 'Unpin a backup (owner or admin)' })
  @ApiOkResponse({ type: BackupDto })
  @ApiErrors(400, 404)
  async unpin(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<BackupDto> {
    return BackupDto.from(await this.pins.unpin(await this.query.getVisible(id, user)));
  }

  @Post(':id/undelete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a backup back from the trash: same id, same file name (owner or admin)' })
  @ApiOkResponse({ type: BackupDto })
  @ApiErrors(400, 404, 409)
  async undelete(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<BackupDto> {
    const backup = await this.query.getVisible(id, user, { includeTrashed: true });
    return BackupDto.from(await this.trash.undelete(backup.id));
  }
}
