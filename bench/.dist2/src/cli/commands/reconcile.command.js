var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Command, CommandRunner, Option } from 'nest-commander';
import { BackupCatalogService } from '../../backups/backup-catalog.service.js';
import { BackupsService } from '../../backups/backups.service.js';
import { CliOutput } from '../cli-output.js';
/** Brings the backups table in line with the files and their manifests (also done at every start). */
let ReconcileCommand = class ReconcileCommand extends CommandRunner {
    catalog;
    backups;
    out;
    constructor(catalog, backups, out) {
        super();
        this.catalog = catalog;
        this.backups = backups;
        this.out = out;
    }
    async run(_args, options) {
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
        if (r.missing.length || r.quarantined.length)
            process.exitCode = 1;
    }
    parseDryRun() {
        return true;
    }
};
__decorate([
    Option({ flags: '--dry-run', description: 'Report what would change, change nothing' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], ReconcileCommand.prototype, "parseDryRun", null);
ReconcileCommand = __decorate([
    Command({ name: 'reconcile', description: 'Check the backup catalog against the files and manifests and fix it (--dry-run: only report)' }),
    __metadata("design:paramtypes", [BackupCatalogService,
        BackupsService,
        CliOutput])
], ReconcileCommand);
export { ReconcileCommand };
//# sourceMappingURL=reconcile.command.js.map