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
var BackupRotationService_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Backup } from './backup.entity.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { evaluateRetention } from './retention/retention-policy.js';
/**
 * Rotation of one set (all full_db backups, or one user's inventory backups):
 * the policy decides (retention-policy.ts), what it does not keep goes to the
 * trash. Called only after a successful backup, and never removes that one.
 */
let BackupRotationService = BackupRotationService_1 = class BackupRotationService {
    backups;
    trash;
    config;
    logger = new Logger(BackupRotationService_1.name);
    constructor(backups, trash, config) {
        this.backups = backups;
        this.trash = trash;
        this.config = config;
    }
    policyOf(input) {
        return {
            keep: input.keep,
            keepDaily: input.keepDaily ?? this.config.backupKeepDaily,
            keepWeekly: input.keepWeekly ?? this.config.backupKeepWeekly,
            keepMonthly: input.keepMonthly ?? this.config.backupKeepMonthly,
            timezone: this.config.backupTimezone,
        };
    }
    /** What the policy would keep and why, newest first (the preview and prune --dry-run). */
    async preview(type, userId, policy, now = new Date(), protectId) {
        const set = await this.backups.find({
            where: { type, userId: userId === null ? IsNull() : userId, status: In(['ok', 'missing']) },
            select: { id: true, createdAt: true, pinned: true, pinReason: true, pinnedUntil: true },
        });
        return evaluateRetention(set, policy, now, protectId);
    }
    async rotate(type, userId, input, protectId) {
        if (userId === null)
            return this.rotateSets(type, [null], input, new Map(protectId ? [[null, protectId]] : [])).then((d) => d.get(null) ?? 0);
        return (await this.rotateSets(type, [userId], input, new Map(protectId ? [[userId, protectId]] : []))).get(userId) ?? 0;
    }
    /**
     * Rotation of many sets at once (the users of an all-users batch): one query
     * reads them all, one UPDATE trashes what the policy does not keep.
     * Returns how many went to the trash per set.
     */
    async rotateSets(type, userIds, input, protect) {
        if (!Number.isInteger(input.keep) || input.keep < 0)
            throw new Error(`keep must be a whole number, got ${input.keep}`);
        const policy = this.policyOf(input);
        const now = new Date();
        const ids = userIds.filter((id) => id !== null);
        const rows = await this.backups.find({
            where: { type, userId: userIds.includes(null) ? IsNull() : In(ids), status: In(['ok', 'missing']) },
            select: { id: true, userId: true, createdAt: true, pinned: true, pinReason: true, pinnedUntil: true },
        });
        const sets = new Map(userIds.map((id) => [id, []]));
        for (const row of rows)
            sets.get(row.userId)?.push(row);
        const deleted = new Map();
        const doomed = [];
        for (const [userId, set] of sets) {
            const verdicts = evaluateRetention(set, policy, now, protect.get(userId));
            const gone = verdicts.filter((v) => !v.keep).map((v) => v.id);
            deleted.set(userId, gone.length);
            doomed.push(...gone);
            if (gone.length)
                this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): ${verdicts.length - gone.length} kept, ${gone.length} to the trash`);
        }
        // Trashing that fails must not fail the backups just made: they are listed; the next rotation tries again.
        if (doomed.length)
            await this.trash
                .trashMany(await this.backups.findBy({ id: In(doomed) }))
                .catch((error) => this.logger.warn(`Could not move backups to the trash: ${error.message}`));
        return deleted;
    }
};
BackupRotationService = BackupRotationService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupTrash,
        AppConfig])
], BackupRotationService);
export { BackupRotationService };
//# sourceMappingURL=backup-rotation.service.js.map