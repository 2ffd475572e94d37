import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Backup } from './backup.entity.js';
import type { BackupType } from './backup.entity.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { evaluateRetention } from './retention/retention-policy.js';
import type { RetentionPolicy, RetentionVerdict } from './retention/retention-policy.js';

/** What a caller may say about rotation (POST bodies, CLI flags, schedules); the rest comes from the environment. */
export interface RetentionInput {
  keep: number;
  keepDaily?: number | null;
  keepWeekly?: number | null;
  keepMonthly?: number | null;
}

/**
 * Rotation of one set (all full_db backups, or one user's inventory backups):
 * the policy decides (retention-policy.ts), what it does not keep goes to the
 * trash. Called only after a successful backup, and never removes that one.
 */
@Injectable()
export class BackupRotationService {
  private readonly logger = new Logger(BackupRotationService.name);

  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly trash: BackupTrash,
    private readonly config: AppConfig,
  ) {}

  policyOf(input: RetentionInput): RetentionPolicy {
    return {
      keep: input.keep,
      keepDaily: input.keepDaily ?? this.config.backupKeepDaily,
      keepWeekly: input.keepWeekly ?? this.config.backupKeepWeekly,
      keepMonthly: input.keepMonthly ?? this.config.backupKeepMonthly,
      timezone: this.config.backupTimezone,
    };
  }

  /** What the policy would keep and why, newest first (the preview and prune --dry-run). */
  async preview(type: BackupType, userId: number | null, policy: RetentionPolicy, now = new Date(), protectId?: number): Promise<RetentionVerdict[]> {
    const set = await this.backups.find({
      where: { type, userId: userId === null ? IsNull() : userId, status: In(['ok', 'missing']) },
      select: { id: true, createdAt: true, pinned: true, pinReason: true, pinnedUntil: true },
    });
    return evaluateRetention(set, policy, now, protectId);
  }

  async rotate(type: BackupType, userId: number | null, input: RetentionInput, protectId?: number): Promise<number> {
    if (!Number.isInteger(input.keep) || input.keep < 0) throw new Error(`keep must be a whole number, got ${input.keep}`);
    const verdicts = await this.preview(type, userId, this.policyOf(input), new Date(), protectId);
    const doomed = verdicts.filter((v) => !v.keep);
    for (const { id } of doomed) {
      const backup = await this.backups.findOneBy({ id });
      // One that cannot be moved (a file system error) must not stop the rotation of the others.
      if (backup) await this.trash.trash(backup).catch((error) => this.logger.warn(`Could not move backup ${id} to the trash: ${error.message}`));
    }
    if (doomed.length)
      this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): ${verdicts.length - doomed.length} kept, ${doomed.length} to the trash`);
    return doomed.length;
  }
}
