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
import { InjectRepository } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { In, Repository } from 'typeorm';
import { BackupRotationService } from '../../backups/backup-rotation.service.js';
import { Backup } from '../../backups/backup.entity.js';
import { AppConfig } from '../../config/app-config.js';
import { CliOutput } from '../cli-output.js';
import { parseKeep, parseTier } from '../usage-error.js';
/** Applies the retention policy now to every set (full_db, each user's inventories); --dry-run shows the same verdicts as GET /api/backups/retention. */
let PruneCommand = class PruneCommand extends CommandRunner {
    backups;
    rotation;
    config;
    out;
    constructor(backups, rotation, config, out) {
        super();
        this.backups = backups;
        this.rotation = rotation;
        this.config = config;
        this.out = out;
    }
    async run(_args, options) {
        const input = {
            keep: options.keep ?? this.config.backupKeep,
            keepDaily: options.keepDaily,
            keepWeekly: options.keepWeekly,
            keepMonthly: options.keepMonthly,
        };
        const policy = this.rotation.policyOf(input);
        this.out.line(`Policy: keep ${policy.keep}, daily ${policy.keepDaily}, weekly ${policy.keepWeekly}, monthly ${policy.keepMonthly} (${policy.timezone})${options.dryRun ? ' — dry run, nothing changes' : ''}`);
        const users = await this.backups
            .createQueryBuilder('b')
            .select('DISTINCT b.user_id', 'userId')
            .where("b.type = 'user_inventory' AND b.status IN ('ok', 'missing')")
            .getRawMany();
        const sets = [
            ['full_db', null],
            ...users.map((u) => ['user_inventory', Number(u.userId)]),
        ];
        let removed = 0;
        for (const [type, userId] of sets) {
            const verdicts = await this.rotation.preview(type, userId, policy);
            if (!verdicts.length)
                continue;
            this.out.line(`${type === 'full_db' ? 'Full database' : `User ${userId}`}:`);
            const rows = new Map((await this.backups.find({ where: { id: In(verdicts.map((v) => v.id)) }, select: { id: true, filePath: true } })).map((b) => [b.id, b.filePath]));
            for (const v of verdicts)
                this.out.line(`  ${v.keep ? 'keep  ' : 'remove'} ${String(v.id).padStart(5)} ${v.createdAt.toISOString()} ${rows.get(v.id)?.split('/').pop() ?? ''}${v.reasons.length ? `  (${v.reasons.join('; ')})` : ''}`);
            if (!options.dryRun)
                removed += await this.rotation.rotate(type, userId, input);
        }
        this.out.line(options.dryRun ? 'Dry run: nothing was changed.' : `✓ ${removed} backup(s) moved to the trash (kept there for ${this.config.backupTrashHours} h).`);
    }
    parseDryRun() {
        return true;
    }
    parseKeep(value) {
        return parseKeep(value);
    }
    parseKeepDaily(value) {
        return parseTier('--keep-daily', value);
    }
    parseKeepWeekly(value) {
        return parseTier('--keep-weekly', value);
    }
    parseKeepMonthly(value) {
        return parseTier('--keep-monthly', value);
    }
};
__decorate([
    Option({ flags: '--dry-run', description: 'Only print the verdicts' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], PruneCommand.prototype, "parseDryRun", null);
__decorate([
    Option({ flags: '--keep <n>', description: 'Newest N per set (default BACKUP_KEEP)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], PruneCommand.prototype, "parseKeep", null);
__decorate([
    Option({ flags: '--keep-daily <n>', description: 'Default BACKUP_KEEP_DAILY; 0 = off' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], PruneCommand.prototype, "parseKeepDaily", null);
__decorate([
    Option({ flags: '--keep-weekly <n>', description: 'Default BACKUP_KEEP_WEEKLY; 0 = off' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], PruneCommand.prototype, "parseKeepWeekly", null);
__decorate([
    Option({ flags: '--keep-monthly <n>', description: 'Default BACKUP_KEEP_MONTHLY; 0 = off' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], PruneCommand.prototype, "parseKeepMonthly", null);
PruneCommand = __decorate([
    Command({ name: 'prune', description: 'Apply the retention policy now (rotated backups go to the trash); --dry-run prints what it would keep and why' }),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupRotationService,
        AppConfig,
        CliOutput])
], PruneCommand);
export { PruneCommand };
//# sourceMappingURL=prune.command.js.map