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
var BackupTrash_1;
import { Injectable, Logger } from '@nestjs/common';
import { BackupError } from '../backup.errors.js';
import { InjectRepository } from '@nestjs/typeorm';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { In, LessThan, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { OffsiteCopyService } from '../offsite/offsite-copy.service.js';
import { BackupFilesService } from '../backup-files.service.js';
import { Backup } from '../backup.entity.js';
import { manifestPathOf } from '../store/backup-manifest.js';
import { BackupStore } from '../store/backup-store.service.js';
/**
 * Rotation and DELETE move a backup (file and manifest) to
 * MEDIA_ROOT/backups/trash/ for BACKUP_TRASH_HOURS; it keeps its row (status
 * trashed), so undelete gives back the same id and file name. The row is
 * marked first: a kill before the move leaves a trashed row whose file is
 * still in place, which purge and undelete both handle.
 */
let BackupTrash = BackupTrash_1 = class BackupTrash {
    backups;
    files;
    store;
    offsite;
    config;
    logger = new Logger(BackupTrash_1.name);
    constructor(backups, files, store, offsite, config) {
        this.backups = backups;
        this.files = files;
        this.store = store;
        this.offsite = offsite;
        this.config = config;
    }
    /** Where a backup's file lies while trashed (its path under backups/, inside backups/trash/). */
    trashPathOf(filePath) {
        this.files.resolveStored(filePath);
        return join(this.files.backupsRoot, 'trash', filePath.replace(/^backups\//, ''));
    }
    /** Moves a backup to the trash; with BACKUP_TRASH_HOURS=0 it is deleted at once. */
    trash(backup, now = new Date()) {
        return this.trashMany([backup], now);
    }
    /**
     * Moves backups to the trash, the rows in one UPDATE first. A file that
     * cannot be moved (a file system error) does not stop the others: it is
     * logged, and purge or undelete finds it where it is.
     */
    async trashMany(backups, now = new Date()) {
        if (!backups.length)
            return;
        if (this.config.backupTrashHours === 0) {
            for (const backup of backups)
                await this.store.remove(backup);
            return;
        }
        await this.backups.update({ id: In(backups.map((b) => b.id)) }, { status: 'trashed', trashedAt: now });
        // Off-site copies follow the set as it is listed; an undeleted backup is copied again by the next run.
        await this.offsite.removeCopies(backups.map((b) => b.id));
        for (const backup of backups) {
            try {
                const from = this.files.resolveStored(backup.filePath);
                const to = this.trashPathOf(backup.filePath);
                await mkdir(dirname(to), { recursive: true, mode: 0o700 });
                await rename(from, to).catch(ignoreMissing);
                await rename(manifestPathOf(from), manifestPathOf(to)).catch(ignoreMissing);
            }
            catch (error) {
                this.logger.warn(`Could not move backup ${backup.id} to the trash: ${error.message}`);
            }
        }
    }
    async undelete(id) {
        const backup = await this.backups.findOneBy({ id, status: 'trashed' });
        if (!backup)
            throw new BackupError('BACKUP_NOT_FOUND', `Backup ${id} is not in the trash`);
        const original = this.files.resolveStored(backup.filePath);
        const trashed = this.trashPathOf(backup.filePath);
        const inTrash = await exists(trashed);
        if (inTrash && (await exists(original)))
            throw new BackupError('BACKUP_UNDELETE_CONFLICT', `Cannot undelete backup ${id}: ${backup.filePath} exists again`);
        if (!inTrash && !(await exists(original)))
            throw new BackupError('BACKUP_UNDELETE_CONFLICT', `Cannot undelete backup ${id}: its file is gone from the trash`);
        if (inTrash) {
            await rename(trashed, original);
            await rename(manifestPathOf(trashed), manifestPathOf(original)).catch(ignoreMissing);
        }
        await this.backups.update(id, { status: 'ok', trashedAt: null });
        return this.backups.findOneByOrFail({ id });
    }
    /** Deletes a trashed (or any) backup for good: its row, and its file and manifest wherever they are. */
    async purge(backup) {
        await this.store.remove(backup);
        const trashed = this.trashPathOf(backup.filePath);
        await rm(trashed, { force: true });
        await rm(manifestPathOf(trashed), { force: true });
    }
    list(filter, page, pageSize) {
        const where = { status: 'trashed', ...(filter.userId !== undefined ? { userId: filter.userId } : {}) };
        return this.backups.findAndCount({ where, order: { trashedAt: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    }
    /** Purges what has been in the trash longer than BACKUP_TRASH_HOURS. */
    async sweep(now = new Date()) {
        const expired = await this.backups.findBy({ status: 'trashed', trashedAt: LessThan(new Date(now.getTime() - this.config.backupTrashHours * 3600_000)) });
        for (const backup of expired)
            await this.purge(backup);
        if (expired.length)
            this.logger.log(`Purged ${expired.length} backup(s) from the trash after ${this.config.backupTrashHours} h`);
        return expired.length;
    }
    /** Space is short: purge the trash, oldest first. Returns how many were purged. */
    async empty() {
        const all = await this.backups.find({ where: { status: In(['trashed']) }, order: { trashedAt: 'ASC', id: 'ASC' } });
        for (const backup of all)
            await this.purge(backup);
        if (all.length)
            this.logger.warn(`Disk full: emptied the trash (${all.length} backup(s)) to make room`);
        return all.length;
    }
};
BackupTrash = BackupTrash_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupFilesService,
        BackupStore,
        OffsiteCopyService,
        AppConfig])
], BackupTrash);
export { BackupTrash };
function ignoreMissing(error) {
    if (error.code !== 'ENOENT')
        throw error;
}
async function exists(path) {
    return stat(path).then(() => true, () => false);
}
//# sourceMappingURL=backup-trash.service.js.map