var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Command, CommandRunner } from 'nest-commander';
import { createInterface } from 'node:readline';
import { UsersService } from '../../users/users.service.js';
import { CliOutput } from '../cli-output.js';
import { UsageError } from '../usage-error.js';
/** On a terminal: the typed characters are not echoed (raw mode; Enter ends, Backspace works, Ctrl-C aborts). */
function readHiddenLine(prompt) {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((resolve, reject) => {
        let typed = '';
        const done = (error) => {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            if (error)
                reject(error);
            else
                resolve(typed);
        };
        const onData = (chunk) => {
            for (const char of chunk.toString('utf8')) {
                if (char === '\r' || char === '\n')
                    return done();
                if (char === '\u0003')
                    return done(new UsageError('Cancelled'));
                if (char === '\u007f' || char === '\b')
                    typed = typed.slice(0, -1);
                else
                    typed += char;
            }
        };
        stdin.on('data', onData);
    });
}
/** Reads the password from stdin (never from argv, where `ps` would show it); hidden when typed on a terminal. */
async function readPassword() {
    if (process.stdin.isTTY)
        return readHiddenLine('Password: ');
    const rl = createInterface({ input: process.stdin, terminal: false });
    for await (const line of rl) {
        rl.close();
        return line;
    }
    return '';
}
let CreateAdminCommand = class CreateAdminCommand extends CommandRunner {
    users;
    out;
    constructor(users, out) {
        super();
        this.users = users;
        this.out = out;
    }
    async run([username]) {
        if (!/^[A-Za-z0-9_.-]{3,150}$/.test(username))
            throw new UsageError('username must be 3-150 letters, digits, _ . or -');
        const password = await readPassword();
        if (password.length < 8)
            throw new UsageError('The password (read from stdin) must be at least 8 characters');
        const existing = await this.users.findByUsername(username);
        if (existing) {
            await this.users.update(0, existing.id, { role: 'admin', isActive: true, password });
            this.out.line(`✓ ${username} is now an admin (password updated)`);
        }
        else {
            await this.users.create({ username, password, role: 'admin' });
            this.out.line(`✓ Created admin ${username}`);
        }
    }
};
CreateAdminCommand = __decorate([
    Command({ name: 'create-admin', arguments: '<username>', description: 'Create an admin (or promote an existing user); the password is read from stdin' }),
    __metadata("design:paramtypes", [UsersService,
        CliOutput])
], CreateAdminCommand);
export { CreateAdminCommand };
//# sourceMappingURL=create-admin.command.js.map