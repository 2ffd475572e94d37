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
import { BackupQueryService } from '../../backups/backup-query.service.js';
import { BackupsService, formatBytes } from '../../backups/backups.service.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
let ListBackupsCommand = class ListBackupsCommand extends CommandRunner {
    backups;
    maintenance;
    users;
    out;
    constructor(backups, maintenance, users, out) {
        super();
        this.backups = backups;
        this.maintenance = maintenance;
        this.users = users;
        this.out = out;
    }
    async run(_params, options) {
        // What is listed is what reconcile says is there.
        await this.maintenance.startUp();
        let userId;
        if (options.user) {
            const user = await this.users.findByUsername(options.user);
            if (!user)
                throw new UsageError(`No user named "${options.user}"`);
            userId = user.id;
        }
        const { items, total } = await this.backups.list({ type: options.type, userId }, 1, options.limit ?? 20);
        if (items.length === 0) {
            this.out.line('No backups.');
            return;
        }
        this.out.line(['ID'.padStart(6), 'TYPE'.padEnd(15), 'USER'.padStart(5), 'CREATED (UTC)'.padEnd(20), 'SIZE'.padStart(10), 'SHA256'.padEnd(12), 'FILE'].join('  '));
        for (const b of items) {
            const created = new Date(b.createdAt).toISOString().replace('T', ' ').slice(0, 19);
            this.out.line([
                String(b.id).padStart(6),
                b.type.padEnd(15),
                String(b.userId ?? '-').padStart(5),
                created.padEnd(20),
                formatBytes(b.sizeBytes).padStart(10),
                b.sha256.slice(0, 12),
                b.filePath,
            ].join('  '));
        }
        this.out.line(`${items.length} of ${total} backup(s)`);
    }
    parseType(value) {
        if (value !== 'full_db' && value !== 'user_inventory')
            throw new UsageError(`--type expects full_db or user_inventory, got "${value}"`);
        return value;
    }
    parseUser(value) {
        return value;
    }
    parseLimit(value) {
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 500)
            throw new UsageError(`--limit expects 1 to 500, got "${value}"`);
        return Number(value);
    }
};
__decorate([
    Option({ flags: '--type <type>', description: 'full_db or user_inventory' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", String)
], ListBackupsCommand.prototype, "parseType", null);
__decorate([
    Option({ flags: '--user <username>', description: "Only this user's inventory backups" }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", String)
], ListBackupsCommand.prototype, "parseUser", null);
__decorate([
    Option({ flags: '--limit <n>', description: 'How many to show (default 20)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Number)
], ListBackupsCommand.prototype, "parseLimit", null);
ListBackupsCommand = __decorate([
    Command({ name: 'list-backups', description: 'List backups, newest first' }),
    __metadata("design:paramtypes", [BackupQueryService,
        BackupsService,
        UsersService,
        CliOutput])
], ListBackupsCommand);
export { ListBackupsCommand };
//# sourceMappingURL=list-backups.command.js.map