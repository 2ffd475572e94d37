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
var OffsiteCopyService_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { BackupFilesService } from '../backup-files.service.js';
import { Backup } from '../backup.entity.js';
import { BackupCopy } from './backup-copy.entity.js';
import { OFFSITE_TARGETS } from './offsite-target.js';
/**
 * Copies local backups to every configured off-site target and records each
 * copy. Anything not yet copied (new, or failed last time) is tried on every
 * run, so a target that was down catches up without losing the local backup.
 */
let OffsiteCopyService = OffsiteCopyService_1 = class OffsiteCopyService {
    targets;
    copies;
    backups;
    files;
    logger = new Logger(OffsiteCopyService_1.name);
    running;
    constructor(targets, copies, backups, files) {
        this.targets = targets;
        this.copies = copies;
        this.backups = backups;
        this.files = files;
    }
    get enabled() {
        return this.targets.length > 0;
    }
    /** One pass at a time per process; a second caller shares the pass in flight. */
    copyPending() {
        if (!this.enabled)
            return Promise.resolve({ copied: 0, failed: 0, errors: [] });
        this.running ??= this.copyAll().finally(() => (this.running = undefined));
        return this.running;
    }
    async copyAll() {
        const outcome = { copied: 0, failed: 0, errors: [] };
        for (const target of this.targets) {
            const done = await this.copies.find({ where: { target: target.name, status: 'copied' }, select: { backupId: true } });
            const skip = new Set(done.map((c) => c.backupId));
            const all = await this.backups.find({ select: { id: true, filePath: true, sha256: true }, where: { status: 'ok' }, order: { id: 'ASC' } });
            for (const backup of all.filter((b) => !skip.has(b.id))) {
                const error = await this.copyOne(target, backup);
                if (error) {
                    outcome.failed++;
                    outcome.errors.push(`${target.name} ${backup.filePath}: ${error}`);
                }
                else
                    outcome.copied++;
            }
        }
        if (outcome.copied || outcome.failed)
            this.logger.log(`Off-site copies: ${outcome.copied} copied, ${outcome.failed} failed`);
        return outcome;
    }
    async copyOne(target, backup) {
        const key = target.remoteKey(backup.filePath);
        const row = (await this.copies.findOneBy({ backupId: backup.id, target: target.name })) ??
            this.copies.create({ backupId: backup.id, target: target.name, attempts: 0 });
        row.remoteKey = key;
        row.attempts += 1;
        row.updatedAt = new Date();
        let error;
        try {
            const { sha256 } = await target.upload(this.files.resolveStored(backup.filePath), key);
            row.sha256 = sha256;
            if (sha256 !== backup.sha256)
                throw new Error(`the remote object's sha256 ${sha256} differs from the backup's ${backup.sha256}`);
            row.status = 'copied';
            row.error = null;
            row.copiedAt = new Date();
        }
        catch (e) {
            error = e.message || e.name;
            row.status = 'failed';
            row.error = error;
            this.logger.warn(`Failure: off-site copy of ${backup.filePath} to ${target.name}: ${error}`);
        }
        await this.copies.save(row);
        return error;
    }
    async copiesFor(backupIds) {
        const map = new Map();
        if (!backupIds.length)
            return map;
        for (const copy of await this.copies.find({ where: { backupId: In(backupIds) }, order: { id: 'ASC' } })) {
            map.set(copy.backupId, [...(map.get(copy.backupId) ?? []), copy]);
        }
        return map;
    }
    /** Before a backup is deleted (rotation, DELETE): its remote copies go too. */
    async removeCopies(backupIds) {
        if (!this.targets.length)
            return;
        const ids = Array.isArray(backupIds) ? backupIds : [backupIds];
        for (const copy of await this.copies.findBy({ backupId: In(ids) })) {
            const target = this.targets.find((t) => t.name === copy.target);
            if (!target)
                continue;
            try {
                await target.remove(copy.remoteKey);
            }
            catch (error) {
                this.logger.warn(`Could not remove ${copy.remoteKey} from ${copy.target}: ${error.message}`);
            }
        }
    }
};
OffsiteCopyService = OffsiteCopyService_1 = __decorate([
    Injectable(),
    __param(0, Inject(OFFSITE_TARGETS)),
    __param(1, InjectRepository(BackupCopy)),
    __param(2, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Array, Repository,
        Repository,
        BackupFilesService])
], OffsiteCopyService);
export { OffsiteCopyService };
//# sourceMappingURL=offsite-copy.service.js.map