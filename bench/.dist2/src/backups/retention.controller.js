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
import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { BackupQueryService } from './backup-query.service.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { BackupDto, BackupPageDto } from './dto/backup.dto.js';
import { PinDto, RetentionPreviewDto, RetentionQueryDto, TrashQueryDto } from './dto/retention.dto.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';
/** Pins, the trash and the retention preview. Registered before BackupsController, so /trash and /retention are not taken for ids. */
let RetentionController = class RetentionController {
    query;
    pins;
    trash;
    rotation;
    config;
    constructor(query, pins, trash, rotation, config) {
        this.query = query;
        this.pins = pins;
        this.trash = trash;
        this.rotation = rotation;
        this.config = config;
    }
    async listTrash(user, q) {
        const [items, total] = await this.trash.list(user.role === 'admin' ? {} : { userId: user.id }, q.page, q.pageSize);
        return { items: items.map((b) => BackupDto.from(b)), total, page: q.page, pageSize: q.pageSize };
    }
    async preview(user, q) {
        const userId = q.type === 'full_db' ? null : user.role === 'admin' ? (q.userId ?? user.id) : user.id;
        if (q.type === 'full_db' && user.role !== 'admin')
            throw new ForbiddenException('The retention preview of full database backups is for admins');
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
    async pin(user, id, dto) {
        return BackupDto.from(await this.pins.pin(await this.query.getVisible(id, user), dto.reason ?? null));
    }
    async unpin(user, id) {
        return BackupDto.from(await this.pins.unpin(await this.query.getVisible(id, user)));
    }
    async undelete(user, id) {
        const backup = await this.query.getVisible(id, user, { includeTrashed: true });
        return BackupDto.from(await this.trash.undelete(backup.id));
    }
};
__decorate([
    Get('trash'),
    ApiOperation({
        summary: 'Backups in the trash (admin: all; users: their own)',
        description: `Rotated and deleted backups stay here for BACKUP_TRASH_HOURS (default 72), then they are purged. POST /api/backups/:id/undelete brings one back.`,
    }),
    ApiOkResponse({ type: BackupPageDto }),
    ApiErrors(400),
    __param(0, CurrentUser()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, TrashQueryDto]),
    __metadata("design:returntype", Promise)
], RetentionController.prototype, "listTrash", null);
__decorate([
    Get('retention'),
    ApiOperation({
        summary: 'Preview what rotation would keep, and why (owner or admin; full_db: admin)',
        description: 'Newest first. `reasons` says why each kept backup is kept ("newest 10", "daily 2026-11-30", "pinned: …"); empty for those rotation would move to the trash. Policy fields left out come from BACKUP_KEEP, BACKUP_KEEP_DAILY, _WEEKLY, _MONTHLY.',
    }),
    ApiOkResponse({ type: RetentionPreviewDto }),
    ApiErrors(400, 403),
    __param(0, CurrentUser()),
    __param(1, Query()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, RetentionQueryDto]),
    __metadata("design:returntype", Promise)
], RetentionController.prototype, "preview", null);
__decorate([
    Post(':id/pin'),
    HttpCode(200),
    ApiOperation({ summary: 'Pin a backup: rotation never removes it (owner or admin)' }),
    ApiOkResponse({ type: BackupDto }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __param(2, Body()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number, PinDto]),
    __metadata("design:returntype", Promise)
], RetentionController.prototype, "pin", null);
__decorate([
    Delete(':id/pin'),
    ApiOperation({ summary: 'Unpin a backup (owner or admin)' }),
    ApiOkResponse({ type: BackupDto }),
    ApiErrors(400, 404),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], RetentionController.prototype, "unpin", null);
__decorate([
    Post(':id/undelete'),
    HttpCode(200),
    ApiOperation({ summary: 'Bring a backup back from the trash: same id, same file name (owner or admin)' }),
    ApiOkResponse({ type: BackupDto }),
    ApiErrors(400, 404, 409),
    __param(0, CurrentUser()),
    __param(1, Param('id', ParseIntPipe)),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Number]),
    __metadata("design:returntype", Promise)
], RetentionController.prototype, "undelete", null);
RetentionController = __decorate([
    ApiTags('backups'),
    ApiBearerAuth(),
    ApiErrors(401),
    Controller('backups'),
    __metadata("design:paramtypes", [BackupQueryService,
        BackupPins,
        BackupTrash,
        BackupRotationService,
        AppConfig])
], RetentionController);
export { RetentionController };
//# sourceMappingURL=retention.controller.js.map