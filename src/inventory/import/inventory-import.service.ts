import { BadRequestException, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { DetailedHttpException } from '../../common/http-exception.filter.js';
import type { ErrorDetailDto } from '../../common/error-response.dto.js';
import { AppConfig } from '../../config/app-config.js';
import { InventoryItem } from '../inventory-item.entity.js';
import { ImportFileError, readImportRecords, sniffFormat } from './import-file-reader.js';
import type { ImportFormat } from './import-file-reader.js';
import { itemKey, validateImportRow } from './import-row.validator.js';
import type { ImportItem } from './import-row.validator.js';

export type ImportMode = 'merge' | 'replace';

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
}

export interface ImportReport {
  mode: ImportMode;
  dry_run: boolean;
  format: ImportFormat;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

const WRITE_BATCH = 500;
const MAX_REPORTED_ERRORS = 100;

/** Thrown inside the transaction of a dry run so that nothing it did is kept. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/**
 * Restores an inventory from the inventory JSON, a bare items array or the
 * original CSV. All or nothing: the whole file is validated first (streamed,
 * constant memory), then written in batches inside one transaction.
 */
@Injectable()
export class InventoryImportService {
  private readonly logger = new Logger(InventoryImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Saves the request body (raw JSON/CSV, or the `file` part of a multipart form) to a private temp file. */
  async spoolRequest(req: Request): Promise<string> {
    const max = this.config.importMaxBytes;
    const tooLarge = () => new PayloadTooLargeException(`The import is larger than IMPORT_MAX_BYTES (${max} bytes)`);
    if (Number(req.headers['content-length'] ?? 0) > max + 64 * 1024) throw tooLarge();
    const dir = await mkdtemp(join(tmpdir(), 'blockshelf-import-'));
    const path = join(dir, 'upload');
    try {
      if (req.is('multipart/form-data')) await this.spoolMultipart(req, path, max, tooLarge);
      else await this.spoolRaw(req, path, max, tooLarge);
      return path;
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Copies the body to `path`, stopping at `max` bytes. The rest of an oversized
   * body is drained rather than the socket destroyed, so the client gets its 413.
   */
  private spoolRaw(req: Request, path: string, max: number, tooLarge: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path, { mode: 0o600 });
      let seen = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        out.destroy();
        reject(error);
      };
      req.on('data', (chunk: Buffer) => {
        if (failed) return;
        seen += chunk.length;
        if (seen > max) return fail(tooLarge());
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

  private spoolMultipart(req: Request, path: string, max: number, tooLarge: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: max } });
      } catch (error) {
        return reject(new BadRequestException(`Malformed multipart body: ${(error as Error).message}`));
      }
      let written: Promise<void> | undefined;
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
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
      parser.on('error', (error) => settle(new BadRequestException(`Malformed multipart body: ${(error as Error).message}`)));
      parser.on('close', () => {
        if (!written) return settle(new BadRequestException('The multipart form has no "file" field'));
        void written.then(() => settle());
      });
      req.pipe(parser);
    });
  }

  /** Imports a spooled upload and removes it. */
  async importUpload(path: string, userId: number, options: ImportOptions): Promise<ImportReport> {
    try {
      return await this.importFile(path, userId, options);
    } finally {
      await rm(dirname(path), { recursive: true, force: true });
    }
  }

  async importFile(path: string, userId: number, options: ImportOptions): Promise<ImportReport> {
    const started = Date.now();
    try {
      const format = await sniffFormat(path);
      const keys = await this.validate(path, format);
      const report: ImportReport = { mode: options.mode, dry_run: options.dryRun, format, total: keys.size, created: 0, updated: 0, unchanged: 0, deleted: 0 };
      try {
        await this.dataSource.transaction(async (manager) => {
          let batch: ImportItem[] = [];
          for await (const record of readImportRecords(path, format)) {
            batch.push(validateImportRow(record, 0, format === 'csv').item!);
            if (batch.length === WRITE_BATCH) {
              await this.writeBatch(manager, userId, batch, report);
              batch = [];
            }
          }
          if (batch.length) await this.writeBatch(manager, userId, batch, report);
          if (options.mode === 'replace') report.deleted = await this.deleteMissing(manager, userId, keys);
          if (options.dryRun) throw new DryRunRollback(report);
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      this.logger.log(`Import for user ${userId} (${format}, ${options.mode}${options.dryRun ? ', dry run' : ''}): ${report.total} items, ${report.created} created, ${report.updated} updated, ${report.deleted} deleted in ${Date.now() - started} ms`);
      return report;
    } catch (error) {
      if (error instanceof ImportFileError) throw new BadRequestException({ message: `${error.message}; nothing was imported`, details: [{ field: 'file', message: error.message }] });
      throw error;
    }
  }

  /** First pass: every row checked, duplicates found; returns the set of (part_id, color) keys. */
  private async validate(path: string, format: ImportFormat): Promise<Map<string, number>> {
    const keys = new Map<string, number>();
    const errors: ErrorDetailDto[] = [];
    let badRows = 0;
    let index = 0;
    for await (const record of readImportRecords(path, format)) {
      const { item, errors: rowErrors } = validateImportRow(record, index, format === 'csv');
      if (item) {
        const key = itemKey(item.partId, item.color);
        const first = keys.get(key);
        if (first !== undefined) rowErrors.push({ index, field: 'part_id', message: `part_id "${item.partId}" in color "${item.color}" is a duplicate of row ${first}` });
        else keys.set(key, index);
      }
      if (rowErrors.length) {
        badRows++;
        for (const e of rowErrors) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
      }
      index++;
    }
    if (badRows) {
      throw new DetailedHttpException(400, `${badRows} of ${index} row(s) are invalid; nothing was imported (first: row ${errors[0].index}, ${errors[0].message})`, errors);
    }
    return keys;
  }

  private async writeBatch(manager: EntityManager, userId: number, batch: ImportItem[], report: ImportReport): Promise<void> {
    const existing = await manager.find(InventoryItem, {
      where: { userId, partId: In([...new Set(batch.map((i) => i.partId))]) },
    });
    const byKey = new Map(existing.map((e) => [itemKey(e.partId, e.color), e]));
    const now = new Date();
    const inserts: Partial<InventoryItem>[] = [];
    for (const item of batch) {
      const current = byKey.get(itemKey(item.partId, item.color));
      if (!current) {
        inserts.push({ ...contentOf(item), userId, createdAt: item.createdAt ?? now, updatedAt: item.updatedAt ?? item.createdAt ?? now });
      } else if (sameContent(current, item)) {
        report.unchanged++;
      } else {
        await manager.update(InventoryItem, { id: current.id }, { ...contentOf(item), updatedAt: item.updatedAt ?? now });
        report.updated++;
      }
    }
    if (inserts.length) {
      await manager.createQueryBuilder().insert().into(InventoryItem).values(inserts).updateEntity(false).execute();
      report.created += inserts.length;
    }
  }

  /** Replace mode: whatever the file does not contain goes. */
  private async deleteMissing(manager: EntityManager, userId: number, keys: Map<string, number>): Promise<number> {
    const doomed: number[] = [];
    let afterId = 0;
    for (;;) {
      const rows = await manager
        .createQueryBuilder(InventoryItem, 'i')
        .select(['i.id', 'i.partId', 'i.color'])
        .where('i.userId = :userId AND i.id > :afterId', { userId, afterId })
        .orderBy('i.id', 'ASC')
        .limit(5000)
        .getMany();
      if (rows.length === 0) break;
      for (const row of rows) if (!keys.has(itemKey(row.partId, row.color))) doomed.push(row.id);
      afterId = rows[rows.length - 1].id;
    }
    for (let i = 0; i < doomed.length; i += WRITE_BATCH) {
      await manager.delete(InventoryItem, { id: In(doomed.slice(i, i + WRITE_BATCH)) });
    }
    return doomed.length;
  }
}

function contentOf(item: ImportItem) {
  return {
    name: item.name,
    partId: item.partId,
    color: item.color,
    quantityTotal: item.quantityTotal,
    quantityUsed: item.quantityUsed,
    storageLocation: item.storageLocation,
    imageUrl: item.imageUrl,
    notes: item.notes,
  };
}

function sameContent(current: InventoryItem, item: ImportItem): boolean {
  return (
    current.name === item.name &&
    current.quantityTotal === item.quantityTotal &&
    current.quantityUsed === item.quantityUsed &&
    current.storageLocation === item.storageLocation &&
    current.imageUrl === item.imageUrl &&
    current.notes === item.notes
  );
}
