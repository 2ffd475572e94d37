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
import { BackupFailedException } from '../../backups/backup.errors.js';
import { BackupsService, formatBytes } from '../../backups/backups.service.js';
import { AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { parseKeep, parseTier, UsageError } from '../usage-error.js';
/** The seed's `manage.py create_backups` (its verb works too: `blockshelf create_backups`, so a crontab line can move over unchanged): exit 0 only when everything succeeded, 1 on any failure, 2 on usage errors. */
let CreateBackupsCommand = class CreateBackupsCommand extends CommandRunner {
    backups;
    users;
    config;
    out;
    constructor(backups, users, config, out) {
        super();
        this.backups = backups;
        this.users = users;
        this.config = config;
        this.out = out;
    }
    async run(_params, options) {
        if (!options.fullDb && !options.allUsers)
            throw new UsageError('Nothing to do: give --full-db, --all-users or both');
        const keep = options.keep ?? this.config.backupKeep;
        const runOptions = {
            trigger: 'cli',
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
                if (deleted)
                    this.out.line(`  Deleted ${deleted} old backup(s)`);
            }
            catch (error) {
                failed = true;
                this.out.line(`✗ Full database backup failed: ${error instanceof BackupFailedException ? error.reason : error.message}`);
            }
        }
        if (options.allUsers) {
            const total = await this.users.countActive();
            this.out.line(`Creating inventory backups for ${total} user(s)...`);
            const { run, results } = await this.backups.createAllUsers(runOptions, (done, result) => this.out.progress(done, total, result.user.username));
            for (const r of results) {
                if (r.backup)
                    this.out.line(`✓ ${r.user.username}: ${r.backup.filePath} (${formatBytes(r.backup.sizeBytes)})`);
                else
                    this.out.line(`✗ ${r.user.username}: ${r.error}`);
            }
            if (run.backupsDeleted)
                this.out.line(`  Deleted ${run.backupsDeleted} old backup(s)`);
            this.out.line(`${run.backupsCreated} of ${results.length} user backup(s) created (run ${run.id}: ${run.status})`);
            if (run.status !== 'succeeded')
                failed = true;
        }
        process.exitCode = failed ? 1 : 0;
    }
    parseFullDb() {
        return true;
    }
    parseAllUsers() {
        return true;
    }
    parseKeep(value) {
        return parseKeep(value);
    }
    parseKeepDaily(value) {
        return parseTier('--keep-daily', value);
    }
    parseKeepWeekly(value) {
        return parseTier('--keep-weekly', value);
    }
    parseKeepMonthly(value) {
        return parseTier('--keep-monthly', value);
    }
};
__decorate([
    Option({ flags: '--full-db', description: 'Back up the whole database' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], CreateBackupsCommand.prototype, "parseFullDb", null);
__decorate([
    Option({ flags: '--all-users', description: "Back up every active user's inventory (JSON)" }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], CreateBackupsCommand.prototype, "parseAllUsers", null);
__decorate([
    Option({ flags: '--keep <n>', description: 'How many backups to keep per set (default BACKUP_KEEP, 10)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], CreateBackupsCommand.prototype, "parseKeep", null);
__decorate([
    Option({ flags: '--keep-daily <n>', description: 'Also keep the newest backup of each of the last N days (default BACKUP_KEEP_DAILY, 7; 0 = off)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], CreateBackupsCommand.prototype, "parseKeepDaily", null);
__decorate([
    Option({ flags: '--keep-weekly <n>', description: 'Also keep the newest of each of the last N ISO weeks (default BACKUP_KEEP_WEEKLY, 4; 0 = off)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], CreateBackupsCommand.prototype, "parseKeepWeekly", null);
__decorate([
    Option({ flags: '--keep-monthly <n>', description: 'Also keep the newest of each of the last N months (default BACKUP_KEEP_MONTHLY, 6; 0 = off)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], CreateBackupsCommand.prototype, "parseKeepMonthly", null);
CreateBackupsCommand = __decorate([
    Command({
        name: 'create-backups',
        aliases: ['create_backups'],
        description: 'Create a full database backup and/or inventory backups of all active users, then rotate',
    }),
    __metadata("design:paramtypes", [BackupsService,
        UsersService,
        AppConfig,
        CliOutput])
], CreateBackupsCommand);
export { CreateBackupsCommand };
//# sourceMappingURL=create-backups.command.js.map