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
var BackupCatalogService_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DataSource, Repository } from 'typeorm';
import { insertWithIds } from '../database/insert-with-ids.js';
import { ensureIdsAbove } from '../database/sequences.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { formatOfPath } from './backup-formats.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { MANIFEST_SUFFIX, manifestPathOf, manifestToRow, readManifest, writeManifest } from './store/backup-manifest.js';
import { BackupStore, isUniqueViolation } from './store/backup-store.service.js';
/**
 * Brings the backups table in line with the files, which are the truth: every
 * backup file has a manifest beside it with its id and checksum. Runs at
 * every start, after a full restore, and from `blockshelf reconcile`.
 */
let BackupCatalogService = BackupCatalogService_1 = class BackupCatalogService {
    backups;
    runs;
    files;
    store;
    instances;
    dataSource;
    logger = new Logger(BackupCatalogService_1.name);
    constructor(backups, runs, files, store, instances, dataSource) {
        this.backups = backups;
        this.runs = runs;
        this.files = files;
        this.store = store;
        this.instances = instances;
        this.dataSource = dataSource;
    }
    async reconcile(options = {}) {
        const dry = Boolean(options.dryRun);
        const report = { relisted: [], published: [], dropped: [], missing: [], found: [], quarantined: [], manifestsWritten: 0 };
        const { backupFiles, manifests } = await this.scan();
        const rows = await this.backups.find();
        const byPath = new Map(rows.map((r) => [r.filePath, r]));
        const inProgress = await this.pendingInProgress(rows);
        for (const row of rows) {
            // In the trash: its file lies in backups/trash until purged or undeleted.
            if (inProgress.has(row.id) || row.status === 'trashed')
                continue;
            const onDisk = backupFiles.has(row.filePath);
            if (row.status === 'pending') {
                const manifest = onDisk ? await readManifest(this.files.resolveStored(row.filePath)) : null;
                if (onDisk && manifest && manifest !== 'unreadable' && manifest.id === row.id && (await this.matches(row.filePath, manifest.sha256))) {
                    report.published.push(row.id);
                    if (!dry)
                        await this.backups.update(row.id, { status: 'ok' });
                }
                else if (onDisk) {
                    report.quarantined.push(row.filePath);
                    if (!dry) {
                        await this.backups.delete(row.id);
                        await this.store.quarantine(row.filePath);
                    }
                }
                else {
                    report.dropped.push(`pending row ${row.id} (${row.filePath})`);
                    if (!dry) {
                        await this.backups.delete(row.id);
                        manifests.delete(row.filePath);
                        await this.removeManifest(row.filePath);
                    }
                }
                continue;
            }
            if (!onDisk) {
                if (row.status !== 'missing') {
                    report.missing.push(row.id);
                    if (!dry)
                        await this.backups.update(row.id, { status: 'missing' });
                }
                continue;
            }
            if (row.status === 'missing') {
                report.found.push(row.id);
                if (!dry)
                    await this.backups.update(row.id, { status: 'ok' });
            }
            if (!manifests.has(row.filePath)) {
                // Made before manifests existed: write one from the row (the one-time migration).
                report.manifestsWritten++;
                if (!dry)
                    await writeManifest(this.files.resolveStored(row.filePath), this.store.manifestOf(row, { counts: {} }), this.files.tempTag);
            }
        }
        for (const filePath of backupFiles) {
            if (byPath.has(filePath))
                continue;
            await this.listAgain(filePath, report, dry);
        }
        for (const filePath of manifests) {
            if (backupFiles.has(filePath) || byPath.has(filePath))
                continue;
            report.dropped.push(`manifest without a file (${filePath}${MANIFEST_SUFFIX})`);
            if (!dry)
                await this.removeManifest(filePath);
        }
        if (!dry && report.relisted.length)
            await ensureIdsAbove(this.dataSource, 'backups');
        this.log(report, dry);
        return report;
    }
    /** A file the table does not know: listed again with its manifest's id, or quarantined when it does not match. */
    async listAgain(filePath, report, dry) {
        const absolute = this.files.resolveStored(filePath);
        const manifest = await readManifest(absolute);
        if (manifest && manifest !== 'unreadable') {
            if (!(await this.matches(filePath, manifest.sha256))) {
                report.quarantined.push(filePath);
                if (!dry)
                    await this.store.quarantine(filePath);
                return;
            }
            report.relisted.push(manifest.id);
            if (dry)
                return;
            try {
                await insertWithIds(this.backups.manager, Backup, [manifestToRow(manifest, filePath)]);
            }
            catch (error) {
                if (!isUniqueViolation(error))
                    throw error;
                // The id went to another backup meanwhile (an id generator restored to an older state): a new id, and a new manifest.
                const { id: _taken, ...rest } = manifestToRow(manifest, filePath);
                const saved = await this.backups.save(this.backups.create(rest));
                await writeManifest(absolute, { ...manifest, id: saved.id }, this.files.tempTag);
                report.relisted[report.relisted.length - 1] = saved.id;
            }
            return;
        }
        // No manifest (a file from before manifests, or copied in by hand): what it is comes from its name and bytes.
        const row = await this.rowFromName(filePath);
        if (!row)
            return;
        report.manifestsWritten++;
        if (dry) {
            report.relisted.push(0);
            return;
        }
        const saved = await this.backups.save(this.backups.create(row));
        report.relisted.push(saved.id);
        await writeManifest(absolute, this.store.manifestOf(saved, { counts: {} }), this.files.tempTag);
    }
    async rowFromName(filePath) {
        const absolute = this.files.resolveStored(filePath);
        const format = formatOfPath(filePath);
        const stamp = filePath.match(/_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_\d+)?\./);
        if (!format || !stamp)
            return null;
        const digest = await this.files.digestOf(absolute);
        const userId = filePath.match(/^backups\/user_inventory\/(\d+)\//)?.[1];
        return {
            type: userId ? 'user_inventory' : 'full_db',
            userId: userId ? Number(userId) : null,
            filePath,
            sizeBytes: digest.sizeBytes,
            sha256: digest.sha256,
            format: format.format,
            dialect: format.dialect,
            createdAt: new Date(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`),
            createdBy: null,
            isScheduled: false,
            verifiedAt: null,
            runId: null,
            encryptionKeyId: filePath.endsWith('.enc') ? await this.files.encryptionKeyIdOf(absolute) : null,
            status: 'ok',
            label: null,
        };
    }
    /** Pending rows whose run is still going in a live process: being published right now, not ours to touch. */
    async pendingInProgress(rows) {
        const pending = rows.filter((r) => r.status === 'pending');
        if (!pending.length)
            return new Set();
        const live = await this.instances.liveIds();
        const result = new Set();
        for (const row of pending) {
            const run = row.runId ? await this.runs.findOneBy({ id: row.runId }) : null;
            if (run?.status === 'running' && run.instanceId && live.has(run.instanceId))
                result.add(row.id);
        }
        return result;
    }
    async matches(filePath, sha256) {
        return (await this.files.digestOf(this.files.resolveStored(filePath))).sha256 === sha256;
    }
    async removeManifest(filePath) {
        await rm(manifestPathOf(this.files.resolveStored(filePath)), { force: true });
    }
    /** Backup files and manifests under backups/ (quarantine and trash are not scanned). */
    async scan() {
        const backupFiles = new Set();
        const manifests = new Set();
        const mediaRoot = join(this.files.backupsRoot, '..');
        const walk = async (dir) => {
            for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
                const path = join(dir, entry.name);
                const rel = relative(mediaRoot, path).split(sep).join('/');
                if (entry.isDirectory()) {
                    if (rel !== 'backups/quarantine' && rel !== 'backups/trash')
                        await walk(path);
                }
                else if (entry.name.endsWith(MANIFEST_SUFFIX)) {
                    const target = rel.slice(0, -MANIFEST_SUFFIX.length);
                    if (this.files.isBackupPath(target))
                        manifests.add(target);
                }
                else if (this.files.isBackupPath(rel))
                    backupFiles.add(rel);
            }
        };
        await walk(this.files.backupsRoot);
        return { backupFiles, manifests };
    }
    log(r, dry) {
        const parts = [
            r.relisted.length && `${r.relisted.length} listed again`,
            r.published.length && `${r.published.length} published`,
            r.dropped.length && `${r.dropped.length} leftovers removed`,
            r.missing.length && `${r.missing.length} missing (ids ${r.missing.join(', ')})`,
            r.found.length && `${r.found.length} found again`,
            r.quarantined.length && `${r.quarantined.length} quarantined (${r.quarantined.join(', ')})`,
            r.manifestsWritten && `${r.manifestsWritten} manifests written`,
        ].filter(Boolean);
        if (!parts.length)
            return;
        const line = `Catalog ${dry ? 'check (dry run)' : 'reconciled with the files'}: ${parts.join(', ')}`;
        if (r.missing.length || r.quarantined.length)
            this.logger.warn(line);
        else
            this.logger.log(line);
    }
};
BackupCatalogService = BackupCatalogService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __param(1, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        BackupFilesService,
        BackupStore,
        InstanceRegistry,
        DataSource])
], BackupCatalogService);
export { BackupCatalogService };
//# sourceMappingURL=backup-catalog.service.js.map