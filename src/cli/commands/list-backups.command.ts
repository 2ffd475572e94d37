import { Command, CommandRunner, Option } from 'nest-commander';
import { BackupQueryService } from '../../backups/backup-query.service.js';
import { BackupsService, formatBytes } from '../../backups/backups.service.js';
import type { BackupType } from '../../backups/backup.entity.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';

interface Options {
  type?: BackupType;
  user?: string;
  limit?: number;
}

@Command({ name: 'list-backups', description: 'List backups, newest first' })
export class ListBackupsCommand extends CommandRunner {
  constructor(
    private readonly backups: BackupQueryService,
    private readonly maintenance: BackupsService,
    private readonly users: UsersService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_params: string[], options: Options): Promise<void> {
    // What is listed is what reconcile says is there.
    await this.maintenance.startUp();
    let userId: number | undefined;
    if (options.user) {
      const user = await this.users.findByUsername(options.user);
      if (!user) throw new UsageError(`No user named "${options.user}"`);
      userId = user.id;
    }
    const { items, total } = await this.backups.list({ type: options.type, userId }, 1, options.limit ?? 20);
    if (items.length === 0) {
      this.out.line('No backups.');
      return;
    }
    this.out.line(
      ['ID'.padStart(6), 'TYPE'.padEnd(15), 'USER'.padStart(5), 'CREATED (UTC)'.padEnd(20), 'SIZE'.padStart(10), 'SHA256'.padEnd(12), 'FILE'].join('  '),
    );
    for (const b of items) {
      const created = new Date(b.createdAt).toISOString().replace('T', ' ').slice(0, 19);
      this.out.line(
        [
          String(b.id).padStart(6),
          b.type.padEnd(15),
          String(b.userId ?? '-').padStart(5),
          created.padEnd(20),
          formatBytes(b.sizeBytes).padStart(10),
          b.sha256.slice(0, 12),
          b.filePath,
        ].join('  '),
      );
    }
    this.out.line(`${items.length} of ${total} backup(s)`);
  }

  @Option({ flags: '--type <type>', description: 'full_db or user_inventory' })
  parseType(value: string): BackupType {
    if (value !== 'full_db' && value !== 'user_inventory') throw new UsageError(`--type expects full_db or user_inventory, got "${value}"`);
    return value;
  }

  @Option({ flags: '--user <username>', description: "Only this user's inventory backups" })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'How many to show (default 20)' })
  parseLimit(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 500) throw new UsageError(`--limit expects 1 to 500, got "${value}"`);
    return Number(value);
  }
}
