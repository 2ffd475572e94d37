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
    if (userId === null) return this.rotateSets(type, [null], input, new Map(protectId ? [[null, protectId]] : [])).then((d) => d.get(null) ?? 0);
    return (await this.rotateSets(type, [userId], input, new Map(protectId ? [[userId, protectId]] : []))).get(userId) ?? 0;
  }

  /**
   * Rotation of many sets at once (the users of an all-users batch): one query
   * reads them all, one UPDATE trashes what the policy does not keep.
   * Returns how many went to the trash per set.
   */
  async rotateSets(
    type: BackupType,
    userIds: Array<number | null>,
    input: RetentionInput,
    protect: Map<number | null, number>,
  ): Promise<Map<number | null, number>> {
    if (!Number.isInteger(input.keep) || input.keep < 0) throw new Error(`keep must be a whole number, got ${input.keep}`);
    const policy = this.policyOf(input);
    const now = new Date();
    const ids = userIds.filter((id): id is number => id !== null);
    const rows = await this.backups.find({
      where: { type, userId: userIds.includes(null) ? IsNull() : In(ids), status: In(['ok', 'missing']) },
      select: { id: true, userId: true, createdAt: true, pinned: true, pinReason: true, pinnedUntil: true },
    });
    const sets = new Map<number | null, Backup[]>(userIds.map((id) => [id, []]));
    for (const row of rows) sets.get(row.userId)?.push(row);
    const deleted = new Map<number | null, number>();
    const doomed: number[] = [];
    for (const [userId, set] of sets) {
      const verdicts = evaluateRetention(set, policy, now, protect.get(userId));
      const gone = verdicts.filter((v) => !v.keep).map((v) => v.id);
      deleted.set(userId, gone.length);
      doomed.push(...gone);
      if (gone.length)
        this.logger.log(`Rotation (${type}${userId ? ` user ${userId}` : ''}): ${verdicts.length - gone.length} kept, ${gone.length} to the trash`);
    }
    // Trashing that fails must not fail the backups just made: they are listed; the next rotation tries again.
    if (doomed.length)
      await this.trash
        .trashMany(await this.backups.findBy({ id: In(doomed) }))
        .catch((error) => this.logger.warn(`Could not move backups to the trash: ${error.message}`));
    return deleted;
  }
}
