var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { InjectRepository } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { In, Repository } from 'typeorm';
import { Backup } from '../../backups/backup.entity.js';
import { BackupPins } from '../../backups/retention/backup-pins.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
async function listedBackup(backups, id) {
    if (!/^\d+$/.test(id))
        throw new UsageError(`Expected a backup id, got "${id}"`);
    const backup = await backups.findOneBy({ id: Number(id), status: In(['ok', 'missing']) });
    if (!backup)
        throw new Error(`No backup with id ${id}`);
    return backup;
}
/** Keeps a backup from rotation. */
let PinCommand = class PinCommand extends CommandRunner {
    backups;
    pins;
    out;
    constructor(backups, pins, out) {
        super();
        this.backups = backups;
        this.pins = pins;
        this.out = out;
    }
    async run([id], options) {
        const backup = await this.pins.pin(await listedBackup(this.backups, id), options.reason ?? null);
        this.out.line(`✓ Pinned backup ${backup.id} (${backup.filePath})${backup.pinReason ? `: ${backup.pinReason}` : ''}`);
    }
    parseReason(value) {
        return value;
    }
};
__decorate([
    Option({ flags: '--reason <text>', description: 'Why it must be kept (shown with the backup)' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", String)
], PinCommand.prototype, "parseReason", null);
PinCommand = __decorate([
    Command({ name: 'pin', arguments: '<id>', description: 'Pin a backup: rotation never removes it' }),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupPins,
        CliOutput])
], PinCommand);
export { PinCommand };
let UnpinCommand = class UnpinCommand extends CommandRunner {
    backups;
    pins;
    out;
    constructor(backups, pins, out) {
        super();
        this.backups = backups;
        this.pins = pins;
        this.out = out;
    }
    async run([id]) {
        const backup = await this.pins.unpin(await listedBackup(this.backups, id));
        this.out.line(`✓ Unpinned backup ${backup.id} (${backup.filePath})`);
    }
};
UnpinCommand = __decorate([
    Command({ name: 'unpin', arguments: '<id>', description: 'Unpin a backup: rotation treats it like any other again' }),
    __param(0, InjectRepository(Backup)),
    __metadata("design:paramtypes", [Repository,
        BackupPins,
        CliOutput])
], UnpinCommand);
export { UnpinCommand };
//# sourceMappingURL=pin.command.js.map