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
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InventoryImportService } from '../../inventory/import/inventory-import.service.js';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
/** Same import path as POST /api/inventory/import: all or nothing. */
let ImportInventoryCommand = class ImportInventoryCommand extends CommandRunner {
    importer;
    users;
    out;
    constructor(importer, users, out) {
        super();
        this.importer = importer;
        this.users = users;
        this.out = out;
    }
    async run([file], options) {
        if (!options.user)
            throw new UsageError('--user <username> is required');
        const user = await this.users.findByUsername(options.user);
        if (!user)
            throw new UsageError(`No user named "${options.user}"`);
        const path = resolve(file);
        // A file that is not there is a failure of the run (exit 1), not a wrong command line.
        if (!(await stat(path).catch(() => null))?.isFile())
            throw new Error(`No such file: ${path}`);
        try {
            const report = await this.importer.importFile(path, user.id, { mode: options.mode ?? 'merge', dryRun: Boolean(options.dryRun) });
            this.out.line(`${report.dry_run ? '✓ Dry run (nothing written)' : '✓ Imported'} ${report.total} item(s) from ${report.format.toUpperCase()} into ${user.username} (${report.mode}): ` +
                `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted`);
        }
        catch (error) {
            const body = error.getResponse?.();
            this.out.line(`✗ Import failed: ${body?.message ?? error.message}`);
            for (const d of body?.details?.slice(0, 20) ?? [])
                this.out.line(`  row ${d.index ?? '-'}: ${d.message}`);
            process.exitCode = 1;
        }
    }
    parseUser(value) {
        return value;
    }
    parseMode(value) {
        if (value !== 'merge' && value !== 'replace')
            throw new UsageError(`--mode expects merge or replace, got "${value}"`);
        return value;
    }
    parseDryRun() {
        return true;
    }
};
__decorate([
    Option({ flags: '--user <username>', description: 'Whose inventory (required)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", String)
], ImportInventoryCommand.prototype, "parseUser", null);
__decorate([
    Option({ flags: '--mode <mode>', description: 'merge (default) or replace' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", String)
], ImportInventoryCommand.prototype, "parseMode", null);
__decorate([
    Option({ flags: '--dry-run', description: 'Report what would change without writing' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Boolean)
], ImportInventoryCommand.prototype, "parseDryRun", null);
ImportInventoryCommand = __decorate([
    Command({
        name: 'import-inventory',
        arguments: '<file>',
        description: "Import an inventory JSON, CSV or Excel .xlsx file into a user's inventory (all or nothing)",
    }),
    __metadata("design:paramtypes", [InventoryImportService,
        UsersService,
        CliOutput])
], ImportInventoryCommand);
export { ImportInventoryCommand };
//# sourceMappingURL=import-inventory.command.js.map