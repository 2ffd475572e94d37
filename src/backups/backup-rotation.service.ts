import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { OffsiteCopyService } from './offsite/offsite-copy.service.js';
import { BackupCatalogService } from './backup-catalog.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { Backup } from './backup.entity.js';
import type { BackupType } from './backup.entity.js';

/**
 * Keeps the newest `keep` backups of one set (all full_db backups, or one
 * user's inventory backups) and removes the rest, file and row together.
 * Called only after a successful backup, so the newest is the one just made.
 */
@Injectable()
export class BackupRotationService {
  private readonly logger = new Logger(BackupRotationService.name);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly files: BackupFilesService,
    private readonly catalog: BackupCatalogService,
    private readonly offsite: OffsiteCopyService,
  ) {}

  async rotate(type: BackupType, userId: number | null, keep: number, protectId: number): Promise<number> {
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a positive integer, got ${keep}`);
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
    if (doomed.length) this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): kept ${keep}, deleted ${doomed.length}`);
    return doomed.length;
  }
}
