var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Command, CommandRunner } from 'nest-commander';
/**
 * Listed in the help only: main.ts runs `decrypt` itself before Nest starts
 * (it must work without a database), so this never runs.
 */
let DecryptHelpCommand = class DecryptHelpCommand extends CommandRunner {
    async run() {
        throw new Error('decrypt is handled before the app starts');
    }
};
DecryptHelpCommand = __decorate([
    Command({
        name: 'decrypt',
        arguments: '<file>',
        description: 'Decrypt an encrypted backup file (-o <output>, else stdout); needs only BACKUP_ENCRYPTION_KEY or BACKUP_DECRYPTION_KEYS, no database',
    })
], DecryptHelpCommand);
export { DecryptHelpCommand };
//# sourceMappingURL=decrypt-help.command.js.map