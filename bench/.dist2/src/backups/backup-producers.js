var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { compactTimestamp } from '../common/timestamps.js';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { DatabaseDumper } from './dialects/database-dumper.js';
import { InventoryJsonCheck } from './inventory-json.verifier.js';
/** The two kinds of backup, as producers for the one pipeline in BackupsService. */
let BackupProducers = class BackupProducers {
    files;
    dumper;
    exporter;
    dataSource;
    constructor(files, dumper, exporter, dataSource) {
        this.files = files;
        this.dumper = dumper;
        this.exporter = exporter;
        this.dataSource = dataSource;
    }
    fullDb(label) {
        let counts = {};
        return {
            describe: `full database backup (${this.dumper.dialect})`,
            set: { type: 'full_db', userId: null },
            produce: async (now) => {
                // Counted just before the dump: what the shrink guard and the manifest compare.
                counts = await this.rowCounts();
                return this.files.produce('backups/full_db', `db_backup_${compactTimestamp(now)}`, this.dumper.extension, (temp) => this.dumper.dump(temp), (temp) => this.dumper.verify(temp));
            },
            meta: async () => ({
                type: 'full_db',
                userId: null,
                format: this.dumper.format,
                dialect: this.dumper.dialect,
                counts,
                toolVersion: this.dumper.toolVersion ?? null,
                label,
            }),
        };
    }
    userInventory(owner, label = null) {
        let check = new InventoryJsonCheck(owner.id);
        return {
            describe: `inventory backup of ${owner.username}`,
            set: { type: 'user_inventory', userId: owner.id },
            produce: (now) => {
                check = new InventoryJsonCheck(owner.id);
                const { folder, stem } = inventoryFileName(owner, now);
                return this.files.produce(folder, stem, 'json', 
                // Verified as it is written (each part parsed on its way to the file), hashed in the same pass.
                (temp) => this.files.streamToFile(Readable.from(checked(this.exporter.parts(owner, now), check)), temp), async () => void check.itemCount);
            },
            meta: async () => userInventoryMeta(owner, check.itemCount, label),
        };
    }
    async rowCounts() {
        const counts = {};
        for (const table of ['users', 'inventory_items']) {
            const [{ n }] = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`));
            counts[table] = Number(n);
        }
        return counts;
    }
};
BackupProducers = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [BackupFilesService,
        DatabaseDumper,
        InventoryExportService,
        DataSource])
], BackupProducers);
export { BackupProducers };
/** The parts' text, each checked on its way through. */
async function* checked(parts, check) {
    for await (const part of parts) {
        check.push(part);
        yield part.text;
    }
}
export function userInventoryMeta(owner, itemCount, label = null) {
    return { type: 'user_inventory', userId: owner.id, username: owner.username, format: 'inventory-json', dialect: 'json', counts: { items: itemCount }, label };
}
/** Where a user's inventory backup made at `now` goes (the extension is .json, .json.enc when encrypted). */
export function inventoryFileName(owner, now) {
    return { folder: `backups/user_inventory/${owner.id}`, stem: `${owner.username}_inventory_${compactTimestamp(now)}` };
}
//# sourceMappingURL=backup-producers.js.map