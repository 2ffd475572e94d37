import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { BackupStore } from './store/backup-store.service.js';
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
    private readonly store: BackupStore,
  ) {}

  async rotate(type: BackupType, userId: number | null, keep: number, protectId: number): Promise<number> {
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a positive integer, got ${keep}`);
    const set = await this.backups.find({
      where: { type, userId: userId === null ? IsNull() : userId, status: Not('pending' as const) },
      order: { createdAt: 'DESC', id: 'DESC' },
      select: { id: true, filePath: true },
    });
    const doomed = set.slice(keep).filter((b) => b.id !== protectId);
    for (const backup of doomed) {
      // One that cannot be removed (a file system error) must not stop the rotation of the others.
      await this.store.remove(backup).catch((error) => this.logger.warn(`Could not remove ${backup.filePath}: ${error.message}`));
    }
    if (doomed.length) this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): kept ${keep}, deleted ${doomed.length}`);
    return doomed.length;
  }
}
