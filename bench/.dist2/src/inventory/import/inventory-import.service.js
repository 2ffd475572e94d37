var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var InventoryImportService_1;
import { BadRequestException, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource, In } from 'typeorm';
import { DetailedHttpException } from '../../common/http-exception.filter.js';
import { PrivateTemp } from '../../instances/private-temp.service.js';
import { AppConfig } from '../../config/app-config.js';
import { InventoryItem } from '../inventory-item.entity.js';
import { fieldsOfRow, ImportChangeLog } from './import-changes.js';
import { ImportFileError, readImportBatches, sniffFormat } from './import-file-reader.js';
import { itemKey, validateImportRow } from './import-row.validator.js';
import { ImportWriter, rowChars } from './import-writer.js';
const DELETE_BATCH = 500;
/** An .xlsx may inflate to 20 × IMPORT_MAX_BYTES (XML is verbose), never beyond 1 GiB. */
const XLSX_INFLATE_FACTOR = 20;
const XLSX_MAX_UNCOMPRESSED = 1024 ** 3;
const IMPORT_FILE_STATUS = { malformed: 400, too_large: 413, unsupported: 415 };
const MAX_REPORTED_ERRORS = 100;
/** Thrown inside the transaction of a dry run so that nothing it did is kept. */
class DryRunRollback extends Error {
    report;
    constructor(report) {
        super('dry run');
        this.report = report;
    }
}
/**
 * Restores an inventory from the inventory JSON, a bare items array or the
 * original CSV. All or nothing: the file is streamed once (constant memory),
 * validated and written in batches inside one transaction that any bad row
 * rolls back, so nothing of a bad file is ever kept.
 */
let InventoryImportService = InventoryImportService_1 = class InventoryImportService {
    dataSource;
    config;
    temp;
    logger = new Logger(InventoryImportService_1.name);
    constructor(dataSource, config, temp) {
        this.dataSource = dataSource;
        this.config = config;
        this.temp = temp;
    }
    /** Saves the request body (raw JSON/CSV, or the `file` part of a multipart form) to a private temp file. */
    async spoolRequest(req) {
        const max = this.config.importMaxBytes;
        const tooLarge = () => new PayloadTooLargeException(`The import is larger than IMPORT_MAX_BYTES (${max} bytes)`);
        if (Number(req.headers['content-length'] ?? 0) > max + 64 * 1024)
            throw tooLarge();
        const dir = await this.temp.makeDir('import');
        const path = join(dir, 'upload');
        try {
            if (req.is('multipart/form-data'))
                await this.spoolMultipart(req, path, max, tooLarge);
            else
                await this.spoolRaw(req, path, max, tooLarge);
            return path;
        }
        catch (error) {
            await rm(dir, { recursive: true, force: true });
            throw error;
        }
    }
    /**
     * Copies the body to `path`, stopping at `max` bytes. The rest of an oversized
     * body is drained rather than the socket destroyed, so the client gets its 413.
     */
    spoolRaw(req, path, max, tooLarge) {
        return new Promise((resolve, reject) => {
            const out = createWriteStream(path, { mode: 0o600 });
            let seen = 0;
            let failed = false;
            const fail = (error) => {
                if (failed)
                    return;
                failed = true;
                out.destroy();
                reject(error);
            };
            req.on('data', (chunk) => {
                if (failed)
                    return;
                seen += chunk.length;
                if (seen > max)
                    return fail(tooLarge());
                if (!out.write(chunk)) {
                    req.pause();
                    out.once('drain', () => req.resume());
                }
            });
            req.on('end', () => failed || out.end());
            req.on('error', fail);
            out.on('error', fail);
            out.on('finish', () => failed || resolve());
        });
    }
    spoolMultipart(req, path, max, tooLarge) {
        return new Promise((resolve, reject) => {
            let parser;
            try {
                parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: max } });
            }
            catch (error) {
                return reject(new BadRequestException(`Malformed multipart body: ${error.message}`));
            }
            let written;
            let settled = false;
            const settle = (error) => {
                if (settled)
                    return;
                settled = true;
                if (error)
                    reject(error);
                else
                    resolve();
            };
            parser.on('file', (field, file) => {
                if (field !== 'file' || written) {
                    file.resume();
                    return;
                }
                const out = createWriteStream(path, { mode: 0o600 });
                // busboy stops at fileSize and says so; drain the rest so the client still gets its 413.
                file.on('limit', () => {
                    out.destroy();
                    settle(tooLarge());
                    file.resume();
                });
                written = pipeline(file, out).catch((error) => settle(error));
            });
            parser.on('error', (error) => settle(new BadRequestException(`Malformed multipart body: ${error.message}`)));
            parser.on('close', () => {
                if (!written)
                    return settle(new BadRequestException('The multipart form has no "file" field'));
                void written.then(() => settle());
            });
            req.pipe(parser);
        });
    }
    /** Imports a spooled upload and removes it. */
    async importUpload(path, userId, options) {
        try {
            return await this.importFile(path, userId, options);
        }
        finally {
            await this.discardUpload(path);
        }
    }
    /** Removes a spooled upload (and its private folder). */
    async discardUpload(path) {
        await rm(dirname(path), { recursive: true, force: true });
    }
    /**
     * One pass over the file inside one transaction: each batch of rows is
     * validated, then written. The first bad row stops the writing (the rest is
     * still validated, for the report) and the transaction is rolled back, so a
     * bad file changes nothing, exactly as if it had been validated up front,
     * while a good file is read and parsed once instead of twice.
     */
    async importFile(path, userId, options) {
        const started = Date.now();
        try {
            const format = await sniffFormat(path);
            const report = { mode: options.mode, dry_run: options.dryRun, format, total: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
            // CSV and Excel rows arrive as text (quantities as digits), JSON with its own types.
            const check = new RowChecker(format !== 'json');
            const read = {
                xlsx: {
                    maxUncompressedBytes: Math.min(XLSX_INFLATE_FACTOR * this.config.importMaxBytes, XLSX_MAX_UNCOMPRESSED),
                    // exceljs keeps the shared strings in memory: no more of them than a JSON import may hold in bytes.
                    maxSharedStringsBytes: this.config.importMaxBytes,
                },
            };
            // Only a dry run lists changes: a real one would pay for entries nobody reads.
            const changes = options.dryRun ? new ImportChangeLog() : undefined;
            try {
                await this.dataSource.transaction(async (manager) => {
                    const existing = await this.existingKeys(manager, userId);
                    const writer = new ImportWriter(this.dataSource, manager, userId, existing, report, changes);
                    let batch = [];
                    let batchChars = 0;
                    try {
                        for await (const records of readImportBatches(path, format, read)) {
                            for (const record of records) {
                                const row = check.next(record);
                                // After the first bad row nothing more is written (it will all be rolled back); the rest is only checked.
                                if (!row || check.badRows)
                                    continue;
                                batch.push(row);
                                batchChars += rowChars(row.item);
                                if (batch.length === writer.batchSize || batchChars >= writer.maxBatchChars) {
                                    await writer.write(batch);
                                    batch = [];
                                    batchChars = 0;
                                }
                            }
                        }
                        check.throwIfInvalid();
                        if (batch.length)
                            await writer.write(batch);
                    }
                    finally {
                        // The insert still in flight finishes (or fails) before the transaction ends either way.
                        await writer.finish();
                    }
                    report.total = check.keys.size;
                    if (options.mode === 'replace')
                        report.deleted = await this.deleteMissing(manager, existing, check.keys, changes);
                    if (changes) {
                        report.changes = changes.entries;
                        report.changes_truncated = changes.truncated;
                    }
                    if (options.dryRun)
                        throw new DryRunRollback(report);
                });
            }
            catch (error) {
                if (!(error instanceof DryRunRollback))
                    throw error;
            }
            this.logger.log(`Import for user ${userId} (${format}, ${options.mode}${options.dryRun ? ', dry run' : ''}): ${report.total} items, ${report.created} created, ${report.updated} updated, ${report.deleted} deleted in ${Date.now() - started} ms`);
            return report;
        }
        catch (error) {
            if (error instanceof ImportFileError)
                throw new DetailedHttpException(IMPORT_FILE_STATUS[error.code], `${error.message}; nothing was imported`, [{ field: 'file', message: error.message }]);
            throw error;
        }
    }
    /**
     * The (part_id, color) → id of every item the user has now, read once in
     * pages by id. Per-batch lookups by part_id looked simpler, but planners
     * answer them from the user_id index and rescan the growing inventory each time.
     */
    async existingKeys(manager, userId) {
        const keys = new Map();
        let afterId = 0;
        for (;;) {
            const rows = await manager
                .createQueryBuilder(InventoryItem, 'i')
                .select('i.id', 'id')
                .addSelect('i.partId', 'part_id')
                .addSelect('i.color', 'color')
                .where('i.userId = :userId AND i.id > :afterId', { userId, afterId })
                .orderBy('i.id', 'ASC')
                .limit(5000)
                .getRawMany();
            if (rows.length === 0)
                return keys;
            for (const row of rows)
                keys.set(itemKey(row.part_id, row.color), Number(row.id));
            afterId = Number(rows[rows.length - 1].id);
        }
    }
    /** Replace mode: whatever the file does not contain goes. */
    async deleteMissing(manager, existing, keys, changes) {
        const doomed = [];
        for (const [key, id] of existing)
            if (!keys.has(key))
                doomed.push(id);
        if (changes)
            await this.logRemoved(manager, doomed, changes);
        for (let i = 0; i < doomed.length; i += DELETE_BATCH) {
            await manager.delete(InventoryItem, { id: In(doomed.slice(i, i + DELETE_BATCH)) });
        }
        return doomed.length;
    }
    /** Reads the fields of only as many doomed items as the change log still lists, before they go. */
    async logRemoved(manager, doomed, changes) {
        const listed = doomed.slice(0, Math.max(changes.room, 0));
        changes.skipped(doomed.length - listed.length);
        if (listed.length === 0)
            return;
        const rows = await manager
            .createQueryBuilder(InventoryItem, 'i')
            .select('i.id', 'id')
            .addSelect('i.partId', 'part_id')
            .addSelect('i.color', 'color')
            .addSelect('i.name', 'name')
            .addSelect('i.quantityTotal', 'quantity_total')
            .addSelect('i.quantityUsed', 'quantity_used')
            .addSelect('i.storageLocation', 'storage_location')
            .addSelect('i.imageUrl', 'image_url')
            .addSelect('i.notes', 'notes')
            .where('i.id IN (:...ids)', { ids: listed })
            .orderBy('i.id', 'ASC')
            .getRawMany();
        for (const row of rows)
            changes.removed(String(row.part_id), String(row.color), fieldsOfRow(row));
    }
};
InventoryImportService = InventoryImportService_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [DataSource,
        AppConfig,
        PrivateTemp])
], InventoryImportService);
export { InventoryImportService };
/**
 * Checks rows one after another: the field rules of validateImportRow, plus
 * duplicates of (part_id, color) within the file. Keeps the first 100 errors.
 */
class RowChecker {
    fromCsv;
    keys = new Map();
    errors = [];
    badRows = 0;
    index = 0;
    constructor(fromCsv) {
        this.fromCsv = fromCsv;
    }
    /** The row as an item with its key, or undefined when it is bad. */
    next(record) {
        const index = this.index++;
        const { item, errors } = validateImportRow(record, index, this.fromCsv);
        let key = '';
        if (item) {
            key = itemKey(item.partId, item.color);
            const first = this.keys.get(key);
            if (first !== undefined)
                errors.push({ index, field: 'part_id', message: `part_id "${item.partId}" in color "${item.color}" is a duplicate of row ${first}` });
            else
                this.keys.set(key, index);
        }
        if (errors.length === 0)
            return { item: item, key };
        this.badRows++;
        for (const e of errors)
            if (this.errors.length < MAX_REPORTED_ERRORS)
                this.errors.push(e);
        return undefined;
    }
    throwIfInvalid() {
        if (this.badRows === 0)
            return;
        const [first] = this.errors;
        throw new DetailedHttpException(400, `${this.badRows} of ${this.index} row(s) are invalid; nothing was imported (first: row ${first.index}, ${first.message})`, this.errors);
    }
}
//# sourceMappingURL=inventory-import.service.js.map