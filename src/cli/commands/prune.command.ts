import { InjectRepository } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { In, Repository } from 'typeorm';
import { BackupRotationService } from '../../backups/backup-rotation.service.js';
import { Backup } from '../../backups/backup.entity.js';
import { AppConfig } from '../../config/app-config.js';
import { CliOutput } from '../cli-output.js';
import { parseKeep, parseTier } from '../usage-error.js';

interface Options {
  dryRun?: boolean;
  keep?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
}

/** Applies the retention policy now to every set (full_db, each user's inventories); --dry-run shows the same verdicts as GET /api/backups/retention. */
@Command({ name: 'prune', description: 'Apply the retention policy now (rotated backups go to the trash); --dry-run prints what it would keep and why' })
export class PruneCommand extends CommandRunner {
  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly rotation: BackupRotationService,
    private readonly config: AppConfig,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const input = {
      keep: options.keep ?? this.config.backupKeep,
      keepDaily: options.keepDaily,
      keepWeekly: options.keepWeekly,
      keepMonthly: options.keepMonthly,
    };
    const policy = this.rotation.policyOf(input);
    this.out.line(
      `Policy: keep ${policy.keep}, daily ${policy.keepDaily}, weekly ${policy.keepWeekly}, monthly ${policy.keepMonthly} (${policy.timezone})${options.dryRun ? ' — dry run, nothing changes' : ''}`,
    );
    const users = await this.backups
      .createQueryBuilder('b')
      .select('DISTINCT b.user_id', 'userId')
      .where("b.type = 'user_inventory' AND b.status IN ('ok', 'missing')")
      .getRawMany<{ userId: number }>();
    const sets: Array<[Backup['type'], number | null]> = [
      ['full_db', null],
      ...users.map((u) => ['user_inventory', Number(u.userId)] as [Backup['type'], number]),
    ];
    let removed = 0;
    for (const [type, userId] of sets) {
      const verdicts = await this.rotation.preview(type, userId, policy);
      if (!verdicts.length) continue;
      this.out.line(`${type === 'full_db' ? 'Full database' : `User ${userId}`}:`);
      const rows = new Map(
        (await this.backups.find({ where: { id: In(verdicts.map((v) => v.id)) }, select: { id: true, filePath: true } })).map((b) => [b.id, b.filePath]),
      );
      for (const v of verdicts)
        this.out.line(
          `  ${v.keep ? 'keep  ' : 'remove'} ${String(v.id).padStart(5)} ${v.createdAt.toISOString()} ${rows.get(v.id)?.split('/').pop() ?? ''}${v.reasons.length ? `  (${v.reasons.join('; ')})` : ''}`,
        );
      if (!options.dryRun) removed += await this.rotation.rotate(type, userId, input);
    }
    this.out.line(
      options.dryRun ? 'Dry run: nothing was changed.' : `✓ ${removed} backup(s) moved to the trash (kept there for ${this.config.backupTrashHours} h).`,
    );
  }

  @Option({ flags: '--dry-run', description: 'Only print the verdicts' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--keep <n>', description: 'Newest N per set (default BACKUP_KEEP)' })
  parseKeep(value: string): number {
    return parseKeep(value);
  }

  @Option({ flags: '--keep-daily <n>', description: 'Default BACKUP_KEEP_DAILY; 0 = off' })
  parseKeepDaily(value: string): number {
    return parseTier('--keep-daily', value);
  }

  @Option({ flags: '--keep-weekly <n>', description: 'Default BACKUP_KEEP_WEEKLY; 0 = off' })
  parseKeepWeekly(value: string): number {
    return parseTier('--keep-weekly', value);
  }

  @Option({ flags: '--keep-monthly <n>', description: 'Default BACKUP_KEEP_MONTHLY; 0 = off' })
  parseKeepMonthly(value: string): number {
    return parseTier('--keep-monthly', value);
  }
}
