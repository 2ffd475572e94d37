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
import { formatBytes } from '../../backups/backups.service.js';
import { FullRestoreService, RestoreRefusedError } from '../../backups/full-restore.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
/** Replaces the whole database with a full backup. Run it with the app stopped. */
let RestoreBackupCommand = class RestoreBackupCommand extends CommandRunner {
    restorer;
    out;
    constructor(restorer, out) {
        super();
        this.restorer = restorer;
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
        if (!plan.expectedSha256)
            this.out.line('! No recorded checksum for this file: checking its format only.');
        try {
            const result = await this.restorer.restore(plan, { safetyBackup: options.safetyBackup !== false });
            if (result.safetyBackup)
                this.out.line(`✓ Safety backup of the previous database: ${result.safetyBackup.filePath} (${formatBytes(result.safetyBackup.sizeBytes)})`);
            this.out.line(`✓ Restored ${plan.path}${result.checksumChecked ? ' (sha256 checked)' : ''} in ${(result.durationMs / 1000).toFixed(1)} s`);
            this.out.line(`✓ Backup catalog reconciled with the files: ${result.reconciled.added} added, ${result.reconciled.removed} removed`);
            this.out.line('Next: start the app again (npm start, or systemctl start blockshelf); pending migrations run at start.');
            if (result.safetyBackup)
                this.out.line(`To undo: blockshelf restore-backup ${result.safetyBackup.id} --yes`);
        }
        catch (error) {
            this.out.line(`✗ Restore failed: ${error.message}`);
            process.exitCode = 1;
        }
    }
    parseYes() {
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
    Option({ flags: '--no-safety-backup', description: 'Skip the backup of the current database' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], RestoreBackupCommand.prototype, "parseNoSafety", null);
RestoreBackupCommand = __decorate([
    Command({
        name: 'restore-backup',
        arguments: '<backup>',
        description: 'Restore a full database backup (a backup id or a file path). Stop the app first. Takes a safety backup of the current database unless --no-safety-backup.',
    }),
    __metadata("design:paramtypes", [FullRestoreService,
        CliOutput])
], RestoreBackupCommand);
export { RestoreBackupCommand };
//# sourceMappingURL=restore-backup.command.js.map