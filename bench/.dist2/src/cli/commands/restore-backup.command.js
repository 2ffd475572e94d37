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
import { BackupsService, formatBytes } from '../../backups/backups.service.js';
import { FullRestoreService, RestoreRefusedError } from '../../backups/full-restore.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
/** Replaces the whole database with a full backup. Run it with the app stopped. */
let RestoreBackupCommand = class RestoreBackupCommand extends CommandRunner {
    restorer;
    backups;
    out;
    constructor(restorer, backups, out) {
        super();
        this.restorer = restorer;
        this.backups = backups;
        this.out = out;
    }
    async run([target], options) {
        let plan;
        try {
            plan = await this.restorer.plan(target);
        }
        catch (error) {
            if (error instanceof RestoreRefusedError)
                throw new UsageError(error.message);
            throw error;
        }
        if (!options.yes) {
            this.out.line(`This replaces the whole database with ${plan.path} (${formatBytes(plan.sizeBytes)}).`);
            this.out.line(options.safetyBackup === false ? 'No safety backup will be taken (--no-safety-backup).' : 'A safety backup of the current database is taken first.');
            throw new UsageError('Refusing without --yes. Stop the app, then run again with --yes.');
        }
        const live = await this.restorer.liveInstances();
        if (live.length) {
            if (!options.force) {
                this.out.line(`✗ Refusing to restore: the app is running against this database (${live.join('; ')}).`);
                this.out.line('  A restore under a running app is lost or torn: stop it first (systemctl stop blockshelf-api), then run this again. --force overrides.');
                process.exitCode = 1;
                return;
            }
            this.out.line(`! --force: restoring while the app runs (${live.join('; ')}). Restart it right after; what it writes meanwhile may be lost.`);
        }
        await this.backups.startUp();
        if (!plan.expectedSha256)
            this.out.line('! No recorded checksum for this file: checking its format only.');
        try {
            const r = await this.restorer.restore(plan, { safetyBackup: options.safetyBackup !== false });
            if (r.safetyBackup)
                this.out.line(`✓ Safety backup of the previous database: backup ${r.safetyBackup.id}, ${r.safetyBackup.filePath} (${formatBytes(r.safetyBackup.sizeBytes)})`);
            this.out.line(`✓ Restored ${plan.path}${plan.backupId ? ` (backup ${plan.backupId})` : ''}${r.checksumChecked ? `, sha256 ${plan.expectedSha256.slice(0, 16)}… checked` : ', no recorded sha256 to check'}, in ${(r.durationMs / 1000).toFixed(1)} s (run ${r.run.id})`);
            this.out.line(`  Rows: ${Object.entries(r.rows)
                .map(([table, n]) => `${table} ${n}`)
                .join(', ')}`);
            this.out.line(`  Migrations applied: ${r.migrationsApplied.length ? r.migrationsApplied.join(', ') : 'none (the backup was already at the current version)'}`);
            const c = r.reconciled;
            this.out.line(`✓ Backup catalog and run history carried over; reconciled with the manifests: ${c.relisted.length} listed again, ${c.missing.length} missing, ${c.quarantined.length} quarantined, ${c.dropped.length} leftovers removed`);
            this.out.line('Next: start the app again (npm start, or systemctl start blockshelf-api).');
            if (r.safetyBackup)
                this.out.line(`To undo: blockshelf restore-backup ${r.safetyBackup.id} --yes`);
        }
        catch (error) {
            this.out.line(`✗ Restore failed, the database was not changed: ${error.message}`);
            process.exitCode = 1;
        }
    }
    parseYes() {
        return true;
    }
    parseForce() {
        return true;
    }
    parseNoSafety() {
        return false;
    }
};
__decorate([
    Option({ flags: '--yes', description: 'Really replace the database' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], RestoreBackupCommand.prototype, "parseYes", null);
__decorate([
    Option({ flags: '--force', description: 'Restore even while an instance of the app is running' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], RestoreBackupCommand.prototype, "parseForce", null);
__decorate([
    Option({ flags: '--no-safety-backup', description: 'Skip the backup of the current database' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], RestoreBackupCommand.prototype, "parseNoSafety", null);
RestoreBackupCommand = __decorate([
    Command({
        name: 'restore-backup',
        arguments: '<backup>',
        description: 'Restore a full database backup (a backup id or a file path), all or nothing. Stop the app first: refused while an instance of it is running (unless --force). Takes a safety backup of the current database unless --no-safety-backup.',
    }),
    __metadata("design:paramtypes", [FullRestoreService,
        BackupsService,
        CliOutput])
], RestoreBackupCommand);
export { RestoreBackupCommand };
//# sourceMappingURL=restore-backup.command.js.map