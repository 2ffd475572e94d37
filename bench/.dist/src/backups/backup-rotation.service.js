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
import { IsNull, Repository } from 'typeorm';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
/**
 * Keeps the newest `keep` backups of one set (all full_db backups, or one
 * user's inventory backups) and removes the rest, file and row together.
 * Called only after a successful backup, so the newest is the one just made.
 */
let BackupRotationService = BackupRotationService_1 = class BackupRotationService {
    backups;
    files;
    catalog;
    offsite;
    logger = new Logger(BackupRotationService_1.name);
    constructor(backups, files, catalog, offsite) {
        this.backups = backups;
        this.files = files;
        this.catalog = catalog;
        this.offsite = offsite;
    }
    async rotate(type, userId, keep, protectId) {
        if (!Number.isInteger(keep) || keep < 1)
            throw new Error(`keep must be a positive integer, got ${keep}`);
        const set = await this.backups.find({
            where: { type, userId: userId === null ? IsNull() : userId },
            order: { createdAt: 'DESC', id: 'DESC' },
            select: { id: true, filePath: true },
        });
        const doomed = set.slice(keep).filter((b) => b.id !== protectId);
        for (const backup of doomed) {
            // A file already gone (deleted by hand) must not stop the rotation.
            await this.offsite.removeCopies(backup.id);
            await this.files.remove(backup.filePath).catch((error) => this.logger.warn(`Could not remove ${backup.filePath}: ${error.message}`));
            await this.backups.delete(backup.id);
            await this.catalog.recordRemoved(backup.filePath);
        }
        if (doomed.length)
            this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): kept ${keep}, deleted ${doomed.length}`);
        return doomed.length;
    }
};
BackupRotationService = BackupRotationService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupFilesService,
        BackupCatalogService,
        OffsiteCopyService])
], BackupRotationService);
export { BackupRotationService };
//# sourceMappingURL=backup-rotation.service.js.map