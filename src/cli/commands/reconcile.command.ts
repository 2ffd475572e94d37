import { Command, CommandRunner, Option } from 'nest-commander';
import { BackupCatalogService } from '../../backups/backup-catalog.service.js';
import { BackupsService } from '../../backups/backups.service.js';
import { CliOutput } from '../cli-output.js';

/** Brings the backups table in line with the files and their manifests (also done at every start). */
@Command({ name: 'reconcile', description: 'Check the backup catalog against the files and manifests and fix it (--dry-run: only report)' })
export class ReconcileCommand extends CommandRunner {
  constructor(
    private readonly catalog: BackupCatalogService,
    private readonly backups: BackupsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: { dryRun?: boolean }): Promise<void> {
    // Not a dry run: the whole start-up (a restore's pending catalog, dead runs, temp files) and the reconcile.
    const r = options.dryRun ? await this.catalog.reconcile({ dryRun: true }) : await this.backups.startUp();
    const verb = options.dryRun ? 'would be' : 'were';
    this.out.line(`${options.dryRun ? 'Dry run: nothing changed.' : '✓ Catalog reconciled with the files.'}`);
    this.out.line(`  Listed again (file and manifest, no row): ${r.relisted.length}${r.relisted.length ? ` (ids ${r.relisted.join(', ')})` : ''}`);
    this.out.line(`  Published (left pending by a killed run, file complete): ${r.published.length}`);
    this.out.line(`  Missing (row, no file): ${r.missing.length}${r.missing.length ? ` (ids ${r.missing.join(', ')})` : ''}`);
    this.out.line(`  Found again: ${r.found.length}`);
    this.out.line(`  Quarantined (file does not match its manifest): ${r.quarantined.length}${r.quarantined.length ? ` (${r.quarantined.join(', ')})` : ''}`);
    this.out.line(`  Leftovers that ${verb} removed: ${r.dropped.length}${r.dropped.length ? ` (${r.dropped.join('; ')})` : ''}`);
    this.out.line(`  Manifests that ${verb} written: ${r.manifestsWritten}`);
    if (r.missing.length || r.quarantined.length) process.exitCode = 1;
  }

  @Option({ flags: '--dry-run', description: 'Report what would change, change nothing' })
  parseDryRun(): boolean {
    return true;
  }
}
