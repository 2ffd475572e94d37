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
import { createReadStream } from 'node:fs';
import { appendFile, open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { Repository } from 'typeorm';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
const FORMATS = {
    sqlite3: { format: 'sqlite3', dialect: 'sqlite' },
    dump: { format: 'pg_dump-custom', dialect: 'postgres' },
    'sql.gz': { format: 'mysqldump-gzip', dialect: 'mysql' },
    json: { format: 'inventory-json', dialect: 'json' },
};
/**
 * The backups table lives in the database, so restoring an older database
 * would forget every backup made since. Each backup is therefore also written
 * to an append-only journal beside the files (MEDIA_ROOT/backups/catalog.jsonl),
 * and `reconcile` rebuilds the table from the files on disk: rows whose file is
 * gone are dropped, files the table does not know are added back with the
 * checksum the journal recorded when they were made.
 */
let BackupCatalogService = BackupCatalogService_1 = class BackupCatalogService {
    backups;
    files;
    logger = new Logger(BackupCatalogService_1.name);
    constructor(backups, files) {
        this.backups = backups;
        this.files = files;
    }
    get journalPath() {
        return join(this.files.backupsRoot, 'catalog.jsonl');
    }
    async recordAdded(b) {
        await this.append({
            op: 'add',
            file_path: b.filePath,
            type: b.type,
            user_id: b.userId,
            size_bytes: b.sizeBytes,
            sha256: b.sha256,
            format: b.format,
            dialect: b.dialect,
            created_at: new Date(b.createdAt).toISOString(),
            created_by: b.createdBy,
            is_scheduled: b.isScheduled,
            encryption_key_id: b.encryptionKeyId,
        });
    }
    async recordRemoved(filePath) {
        await this.append({ op: 'remove', file_path: filePath });
    }
    /** The sha256 the journal recorded for a file, if any. */
    async recordedChecksum(filePath) {
        return (await this.readJournal()).get(filePath)?.sha256;
    }
    async reconcile() {
        const onDisk = new Set(await this.listBackupFiles());
        const journal = await this.readJournal();
        const rows = await this.backups.find({ select: { id: true, filePath: true } });
        const known = new Set(rows.map((r) => r.filePath));
        let removed = 0;
        for (const row of rows) {
            if (!onDisk.has(row.filePath)) {
                await this.backups.delete(row.id);
                removed++;
            }
        }
        let added = 0;
        for (const filePath of onDisk) {
            if (known.has(filePath))
                continue;
            await this.backups.save(this.backups.create(await this.rowFor(filePath, journal.get(filePath))));
            added++;
        }
        if (added || removed)
            this.logger.log(`Catalog reconciled with the files: ${added} added, ${removed} removed`);
        return { added, removed };
    }
    async rowFor(filePath, entry) {
        if (entry?.sha256) {
            return {
                type: entry.type,
                userId: entry.user_id ?? null,
                filePath,
                sizeBytes: entry.size_bytes,
                sha256: entry.sha256,
                format: entry.format,
                dialect: entry.dialect,
                createdAt: new Date(entry.created_at),
                createdBy: entry.created_by ?? null,
                isScheduled: Boolean(entry.is_scheduled),
                verifiedAt: null,
                runId: null,
                encryptionKeyId: entry.encryption_key_id ?? null,
            };
        }
        // Not in the journal (made by an older version, or the journal was lost): everything but who made it is in the name and the bytes.
        const absolute = this.files.resolveStored(filePath);
        const digest = await this.files.digestOf(absolute);
        const stamp = filePath.match(/_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_\d+)?\./);
        const plainName = filePath.replace(/\.enc$/, '');
        const extension = plainName.endsWith('.sql.gz') ? 'sql.gz' : plainName.split('.').pop();
        const userId = filePath.match(/^backups\/user_inventory\/(\d+)\//)?.[1];
        return {
            type: userId ? 'user_inventory' : 'full_db',
            userId: userId ? Number(userId) : null,
            filePath,
            sizeBytes: digest.sizeBytes,
            sha256: digest.sha256,
            ...FORMATS[extension],
            createdAt: new Date(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`),
            createdBy: null,
            isScheduled: false,
            verifiedAt: null,
            runId: null,
            encryptionKeyId: filePath.endsWith('.enc') ? await this.files.encryptionKeyIdOf(absolute) : null,
        };
    }
    async listBackupFiles() {
        const found = [];
        const walk = async (dir) => {
            for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
                const path = join(dir, entry.name);
                if (entry.isDirectory())
                    await walk(path);
                else {
                    const rel = relative(join(this.files.backupsRoot, '..'), path).split(sep).join('/');
                    if (this.files.isBackupPath(rel))
                        found.push(rel);
                }
            }
        };
        await walk(this.files.backupsRoot);
        return found;
    }
    async readJournal() {
        const entries = new Map();
        const stream = createReadStream(this.journalPath);
        const ready = await new Promise((resolve) => {
            stream.once('open', () => resolve(true));
            stream.once('error', () => resolve(false));
        });
        if (!ready)
            return entries;
        for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
            if (!line.trim())
                continue;
            try {
                const entry = JSON.parse(line);
                if (entry.op === 'remove')
                    entries.delete(entry.file_path);
                else
                    entries.set(entry.file_path, entry);
            }
            catch {
                // A torn last line after a crash: skip it, the rest still counts.
            }
        }
        return entries;
    }
    async append(entry) {
        await this.files.ensureDir(this.files.backupsRoot);
        await appendFile(this.journalPath, JSON.stringify(entry) + '\n', { mode: 0o600 });
        const handle = await open(this.journalPath, 'r');
        try {
            await handle.sync();
        }
        finally {
            await handle.close();
        }
    }
};
BackupCatalogService = BackupCatalogService_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupFilesService])
], BackupCatalogService);
export { BackupCatalogService };
//# sourceMappingURL=backup-catalog.service.js.map