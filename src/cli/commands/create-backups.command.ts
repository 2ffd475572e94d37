import { Command, CommandRunner, Option } from 'nest-commander';
import { BackupFailedException } from '../../backups/backup.errors.js';
import { BackupsService, formatBytes } from '../../backups/backups.service.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { parseKeep, parseTier, UsageError } from '../usage-error.js';

interface Options {
  fullDb?: boolean;
  allUsers?: boolean;
  keep?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
}

/** The seed's `manage.py create_backups` (its verb works too: `blockshelf create_backups`, so a crontab line can move over unchanged): exit 0 only when everything succeeded, 1 on any failure, 2 on usage errors. */
@Command({
  name: 'create-backups',
  aliases: ['create_backups'],
  description: 'Create a full database backup and/or inventory backups of all active users, then rotate',
})
export class CreateBackupsCommand extends CommandRunner {
  constructor(
    private readonly backups: BackupsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_params: string[], options: Options): Promise<void> {
    if (!options.fullDb && !options.allUsers) throw new UsageError('Nothing to do: give --full-db, --all-users or both');
    const keep = options.keep ?? this.config.backupKeep;
    const runOptions = {
      trigger: 'cli' as const,
      createdBy: null,
      keep,
      keepDaily: options.keepDaily,
      keepWeekly: options.keepWeekly,
      keepMonthly: options.keepMonthly,
    };
    let failed = false;
    // A cron line may be the only process that ever runs: it cleans up after killed runs too.
    await this.backups.startUp();

    if (options.fullDb) {
      this.out.line('Creating full database backup...');
      try {
        const { backup, deleted } = await this.backups.createFullDb(runOptions);
        this.out.line(`✓ Full database backup created: ${backup.filePath} (${formatBytes(backup.sizeBytes)})`);
        if (deleted) this.out.line(`  Deleted ${deleted} old backup(s)`);
      } catch (error) {
        failed = true;
        this.out.line(`✗ Full database backup failed: ${error instanceof BackupFailedException ? error.reason : (error as Error).message}`);
      }
    }

    if (options.allUsers) {
      const total = await this.users.countActive();
      this.out.line(`Creating inventory backups for ${total} user(s)...`);
      const { run, results } = await this.backups.createAllUsers(runOptions, (done, result) => this.out.progress(done, total, result.user.username));
      for (const r of results) {
        if (r.backup) this.out.line(`✓ ${r.user.username}: ${r.backup.filePath} (${formatBytes(r.backup.sizeBytes)})`);
        else this.out.line(`✗ ${r.user.username}: ${r.error}`);
      }
      if (run.backupsDeleted) this.out.line(`  Deleted ${run.backupsDeleted} old backup(s)`);
      this.out.line(`${run.backupsCreated} of ${results.length} user backup(s) created (run ${run.id}: ${run.status})`);
      if (run.status !== 'succeeded') failed = true;
    }

    process.exitCode = failed ? 1 : 0;
  }

  @Option({ flags: '--full-db', description: 'Back up the whole database' })
  parseFullDb(): boolean {
    return true;
  }

  @Option({ flags: '--all-users', description: "Back up every active user's inventory (JSON)" })
  parseAllUsers(): boolean {
    return true;
  }

  @Option({ flags: '--keep <n>', description: 'How many backups to keep per set (default BACKUP_KEEP, 10)' })
  parseKeep(value: string): number {
    return parseKeep(value);
  }

  @Option({ flags: '--keep-daily <n>', description: 'Also keep the newest backup of each of the last N days (default BACKUP_KEEP_DAILY, 7; 0 = off)' })
  parseKeepDaily(value: string): number {
    return parseTier('--keep-daily', value);
  }

  @Option({ flags: '--keep-weekly <n>', description: 'Also keep the newest of each of the last N ISO weeks (default BACKUP_KEEP_WEEKLY, 4; 0 = off)' })
  parseKeepWeekly(value: string): number {
    return parseTier('--keep-weekly', value);
  }

  @Option({ flags: '--keep-monthly <n>', description: 'Also keep the newest of each of the last N months (default BACKUP_KEEP_MONTHLY, 6; 0 = off)' })
  parseKeepMonthly(value: string): number {
    return parseTier('--keep-monthly', value);
  }
}
