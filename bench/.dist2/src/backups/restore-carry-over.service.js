var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var RestoreCarryOver_1;
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertWithIds } from '../database/insert-with-ids.js';
import { ensureIdsAbove, highestIdEver } from '../database/sequences.js';
import { BackupCopy } from './offsite/backup-copy.entity.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupRun } from './backup-run.entity.js';
import { Backup } from './backup.entity.js';
import { fsyncPath } from './store/backup-manifest.js';
const TABLES = [
    { table: 'backup_runs', entity: BackupRun, key: 'runs' },
    { table: 'backups', entity: Backup, key: 'backups' },
    { table: 'backup_copies', entity: BackupCopy, key: 'copies' },
];
/**
 * The catalog and the run history describe the files and what happened, not
 * the data: a full restore must not roll them back. Before the database is
 * replaced they are written to MEDIA_ROOT/backups/.restore-carry-over.json;
 * after it, they replace the restored copies in one transaction. If the
 * restoring process is killed in between, the next start applies the file.
 */
let RestoreCarryOver = RestoreCarryOver_1 = class RestoreCarryOver {
    dataSource;
    files;
    logger = new Logger(RestoreCarryOver_1.name);
    constructor(dataSource, files) {
        this.dataSource = dataSource;
        this.files = files;
    }
    get path() {
        return join(this.files.backupsRoot, '.restore-carry-over.json');
    }
    async capture() {
        const high_water = {};
        for (const { table } of TABLES)
            high_water[table] = await highestIdEver(this.dataSource, table);
        const content = {
            taken_at: new Date().toISOString(),
            high_water,
            backups: await this.dataSource.getRepository(Backup).find({ order: { id: 'ASC' } }),
            runs: await this.dataSource.getRepository(BackupRun).find({ order: { id: 'ASC' } }),
            copies: await this.dataSource.getRepository(BackupCopy).find({ order: { id: 'ASC' } }),
        };
        await this.files.ensureDir(this.files.backupsRoot);
        const temp = `${this.path}.${randomBytes(4).toString('hex')}.partial`;
        await writeFile(temp, JSON.stringify(content), { mode: 0o600, flag: 'wx' });
        await fsyncPath(temp);
        await rename(temp, this.path);
        await fsyncPath(this.files.backupsRoot);
    }
    /** Nothing was replaced (the restore failed before its swap): the carry-over is not needed. */
    async discard() {
        await rm(this.path, { force: true });
    }
    /** Applies a carry-over left by a restore; returns the rows carried, or null when there was none. */
    async applyPending() {
        let content;
        try {
            content = JSON.parse(await readFile(this.path, 'utf8'), (key, value) => typeof value === 'string' && /At$/.test(key) ? new Date(value) : value);
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return null;
            // A torn file cannot come from capture() (temp + rename); refuse to guess.
            throw new Error(`${this.path} cannot be read (${error.message}); move it away to start without it`, { cause: error });
        }
        await this.dataSource.transaction(async (em) => {
            for (const { entity } of [...TABLES].reverse())
                await em.createQueryBuilder().delete().from(entity).execute();
            for (const { entity, key } of TABLES) {
                await insertWithIds(em, entity, content[key]);
            }
        });
        for (const { table } of TABLES)
            await ensureIdsAbove(this.dataSource, table, content.high_water[table] ?? 0);
        await rm(this.path, { force: true });
        this.logger.log(`Carried the catalog over the restore: ${content.backups.length} backups, ${content.runs.length} runs`);
        return { backups: content.backups.length, runs: content.runs.length };
    }
};
RestoreCarryOver = RestoreCarryOver_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [DataSource,
        BackupFilesService])
], RestoreCarryOver);
export { RestoreCarryOver };
//# sourceMappingURL=restore-carry-over.service.js.map