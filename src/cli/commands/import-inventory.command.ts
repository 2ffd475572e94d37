import { Command, CommandRunner, Option } from 'nest-commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InventoryImportService } from '../../inventory/import/inventory-import.service.js';
import type { ImportMode } from '../../inventory/import/inventory-import.service.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';

interface Options {
  user?: string;
  mode?: ImportMode;
  dryRun?: boolean;
}

/** Same import path as POST /api/inventory/import: all or nothing. */
@Command({
  name: 'import-inventory',
  arguments: '<file>',
  description: "Import an inventory JSON, CSV or Excel .xlsx file into a user's inventory (all or nothing)",
})
export class ImportInventoryCommand extends CommandRunner {
  constructor(
    private readonly importer: InventoryImportService,
    private readonly users: UsersService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: Options): Promise<void> {
    if (!options.user) throw new UsageError('--user <username> is required');
    const user = await this.users.findByUsername(options.user);
    if (!user) throw new UsageError(`No user named "${options.user}"`);
    const path = resolve(file);
    // A file that is not there is a failure of the run (exit 1), not a wrong command line.
    if (!(await stat(path).catch(() => null))?.isFile()) throw new Error(`No such file: ${path}`);
    try {
      const report = await this.importer.importFile(path, user.id, { mode: options.mode ?? 'merge', dryRun: Boolean(options.dryRun) });
      this.out.line(
        `${report.dry_run ? '✓ Dry run (nothing written)' : '✓ Imported'} ${report.total} item(s) from ${report.format.toUpperCase()} into ${user.username} (${report.mode}): ` +
          `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted`,
      );
    } catch (error) {
      const body = (error as { getResponse?: () => { message?: string; details?: { index?: number; message: string }[] } }).getResponse?.();
      this.out.line(`✗ Import failed: ${body?.message ?? (error as Error).message}`);
      for (const d of body?.details?.slice(0, 20) ?? []) this.out.line(`  row ${d.index ?? '-'}: ${d.message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--user <username>', description: 'Whose inventory (required)' })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--mode <mode>', description: 'merge (default) or replace' })
  parseMode(value: string): ImportMode {
    if (value !== 'merge' && value !== 'replace') throw new UsageError(`--mode expects merge or replace, got "${value}"`);
    return value;
  }

  @Option({ flags: '--dry-run', description: 'Report what would change without writing' })
  parseDryRun(): boolean {
    return true;
  }
}
