import { InjectRepository } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { In, Repository } from 'typeorm';
import { Backup } from '../../backups/backup.entity.js';
import { BackupPins } from '../../backups/retention/backup-pins.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';

async function listedBackup(backups: Repository<Backup>, id: string): Promise<Backup> {
  if (!/^\d+$/.test(id)) throw new UsageError(`Expected a backup id, got "${id}"`);
  const backup = await backups.findOneBy({ id: Number(id), status: In(['ok', 'missing']) });
  if (!backup) throw new Error(`No backup with id ${id}`);
  return backup;
}

/** Keeps a backup from rotation. */
@Command({ name: 'pin', arguments: '<id>', description: 'Pin a backup: rotation never removes it' })
export class PinCommand extends CommandRunner {
  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly pins: BackupPins,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([id]: string[], options: { reason?: string }): Promise<void> {
    const backup = await this.pins.pin(await listedBackup(this.backups, id), options.reason ?? null);
    this.out.line(`✓ Pinned backup ${backup.id} (${backup.filePath})${backup.pinReason ? `: ${backup.pinReason}` : ''}`);
  }

  @Option({ flags: '--reason <text>', description: 'Why it must be kept (shown with the backup)' })
  parseReason(value: string): string {
    return value;
  }
}

@Command({ name: 'unpin', arguments: '<id>', description: 'Unpin a backup: rotation treats it like any other again' })
export class UnpinCommand extends CommandRunner {
  constructor(
    @InjectRepository(Backup) private readonly backups: Repository<Backup>,
    private readonly pins: BackupPins,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const backup = await this.pins.unpin(await listedBackup(this.backups, id));
    this.out.line(`✓ Unpinned backup ${backup.id} (${backup.filePath})`);
  }
}
