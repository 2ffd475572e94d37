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
var BackupPins_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { Backup } from '../backup.entity.js';
/** Pins keep a backup from rotation; the shrink guard pins the last good one when a backup suddenly holds far less. */
let BackupPins = BackupPins_1 = class BackupPins {
    backups;
    config;
    logger = new Logger(BackupPins_1.name);
    constructor(backups, config) {
        this.backups = backups;
        this.config = config;
    }
    async pin(backup, reason, until = null) {
        await this.backups.update(backup.id, { pinned: true, pinReason: reason?.trim() || null, pinnedUntil: until });
        return this.backups.findOneByOrFail({ id: backup.id });
    }
    async unpin(backup) {
        await this.backups.update(backup.id, { pinned: false, pinReason: null, pinnedUntil: null });
        return this.backups.findOneByOrFail({ id: backup.id });
    }
    /**
     * When `fresh` holds fewer than (100 − BACKUP_SHRINK_PERCENT)% of the items
     * (or rows) of the previous backup of its set, pins the previous one and
     * returns the warning (event backup.shrunk); null otherwise.
     */
    async guardShrink(fresh) {
        return (await this.guardShrinkMany([fresh]))[0];
    }
    /** guardShrink for many fresh backups of one type (an all-users batch): one query for all their sets. Warnings in their order. */
    async guardShrinkMany(fresh) {
        const counted = fresh.filter((f) => f.itemCount !== null);
        if (!counted.length)
            return fresh.map(() => null);
        const userIds = [...new Set(counted.map((f) => f.userId))];
        const earlier = await this.backups.find({
            where: {
                type: counted[0].type,
                userId: userIds.includes(null) ? IsNull() : In(userIds),
                status: In(['ok']),
                id: Not(In(fresh.map((f) => f.id))),
                createdAt: LessThan(new Date(Math.max(...counted.map((f) => f.createdAt.getTime())) + 1)),
                itemCount: Not(IsNull()),
            },
            select: { id: true, userId: true, createdAt: true, itemCount: true },
            order: { createdAt: 'DESC', id: 'DESC' },
        });
        const warnings = [];
        for (const backup of fresh) {
            const previous = earlier.find((e) => e.userId === backup.userId && e.createdAt.getTime() <= backup.createdAt.getTime());
            warnings.push(backup.itemCount === null || !previous ? null : await this.shrinkWarning(backup, previous));
        }
        return warnings;
    }
    async shrinkWarning(fresh, previous) {
        if (!previous.itemCount || fresh.itemCount === null)
            return null;
        const floor = (previous.itemCount * (100 - this.config.backupShrinkPercent)) / 100;
        if (fresh.itemCount >= floor)
            return null;
        const what = fresh.type === 'full_db' ? 'rows' : 'items';
        const reason = `Shrink guard: backup ${fresh.id} has ${fresh.itemCount} ${what}, fewer than ${100 - this.config.backupShrinkPercent}% of the ${previous.itemCount} in this one`;
        await this.pin(previous, reason);
        this.logger.warn(`backup.shrunk: ${reason} (backup ${previous.id} pinned)`);
        return `backup.shrunk: ${reason} (backup ${previous.id} pinned)`;
    }
};
BackupPins = BackupPins_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        AppConfig])
], BackupPins);
export { BackupPins };
//# sourceMappingURL=backup-pins.service.js.map