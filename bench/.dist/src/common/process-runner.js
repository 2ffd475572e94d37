var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { PassThrough } from 'node:stream';
export class ToolMissingError extends Error {
    tool;
    constructor(tool, hint) {
        super(`${tool}: command not found. ${hint}`);
        this.tool = tool;
    }
}
export class ProcessFailedError extends Error {
    tool;
    stderr;
    constructor(tool, message, stderr) {
        super(`${tool} ${message}${stderr ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
        this.tool = tool;
        this.stderr = stderr;
    }
}
const INSTALL_HINTS = {
    pg_dump: 'Install the PostgreSQL client tools (Debian/Ubuntu: sudo apt install postgresql-client; RHEL/CentOS: sudo yum install postgresql).',
    pg_restore: 'Install the PostgreSQL client tools (Debian/Ubuntu: sudo apt install postgresql-client; RHEL/CentOS: sudo yum install postgresql).',
    psql: 'Install the PostgreSQL client tools (Debian/Ubuntu: sudo apt install postgresql-client; RHEL/CentOS: sudo yum install postgresql).',
    'mariadb-dump': 'Install the MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).',
    mysqldump: 'Install the MySQL/MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).',
    mariadb: 'Install the MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).',
    mysql: 'Install the MySQL/MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).',
};
const STDERR_LIMIT = 64 * 1024;
/**
 * The one place child processes are started: no shell, own process group (so a
 * kill takes the whole tree), timeouts, and a promise that settles exactly once
 * whether the child fails to start ('error') or ends ('close').
 * Tests replace it through DI to cause faults (a dump that dies halfway).
 */
let ProcessRunner = class ProcessRunner {
    start(command, args, options = {}) {
        const child = spawn(command, args, {
            shell: false,
            detached: true,
            stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
            env: options.env ? { ...minimalEnv(), ...options.env } : minimalEnv(),
        });
        const stdout = new PassThrough();
        let stderr = '';
        let failure;
        const timers = [];
        const kill = (reason) => {
            failure ??= new ProcessFailedError(command, reason, '');
            if (child.pid && child.exitCode === null && child.signalCode === null) {
                try {
                    process.kill(-child.pid, 'SIGKILL');
                }
                catch {
                    child.kill('SIGKILL');
                }
            }
        };
        if (options.timeoutMs)
            timers.push(setTimeout(() => kill(`timed out after ${options.timeoutMs} ms`), options.timeoutMs));
        let stallTimer;
        const armStall = () => {
            if (!options.stallTimeoutMs)
                return;
            clearTimeout(stallTimer);
            stallTimer = setTimeout(() => kill(`stalled: no output for ${options.stallTimeoutMs} ms`), options.stallTimeoutMs);
        };
        armStall();
        child.stdout.on('data', armStall);
        child.stdout.pipe(stdout);
        child.stderr.on('data', (chunk) => {
            if (stderr.length < STDERR_LIMIT)
                stderr += chunk.toString('utf8');
        });
        if (options.stdin && child.stdin) {
            options.stdin.on('error', (error) => kill(`input failed: ${error.message}`));
            child.stdin.on('error', () => undefined); // EPIPE when the child exits early; its exit code tells the story
            options.stdin.pipe(child.stdin);
        }
        const exited = new Promise((resolve, reject) => {
            let settled = false;
            const settle = (error) => {
                if (settled)
                    return;
                settled = true;
                timers.forEach(clearTimeout);
                clearTimeout(stallTimer);
                if (error)
                    reject(error);
                else
                    resolve();
            };
            child.once('error', (error) => {
                stdout.end();
                if (error.code === 'ENOENT')
                    settle(new ToolMissingError(command, INSTALL_HINTS[command] ?? 'Install it or put it on PATH.'));
                else
                    settle(new ProcessFailedError(command, `could not start: ${error.message}`, ''));
            });
            child.once('close', (code, signal) => {
                if (failure)
                    return settle(new ProcessFailedError(command, failure.message.replace(`${command} `, ''), stderr));
                if (code === 0)
                    return settle();
                settle(new ProcessFailedError(command, signal ? `was killed by ${signal}` : `exited with code ${code}`, stderr));
            });
        });
        // The caller awaits `exited`; keep an early rejection from being reported as unhandled meanwhile.
        exited.catch(() => undefined);
        return { stdout, exited, kill };
    }
    /** Whether `tool` is an executable on PATH (used to pick between mariadb-dump and mysqldump). */
    async which(tool) {
        for (const dir of (process.env.PATH ?? '').split(delimiter)) {
            if (dir && (await access(join(dir, tool), constants.X_OK).then(() => true, () => false)))
                return true;
        }
        return false;
    }
    /** Runs to completion and returns stdout as text (small outputs: versions, listings). */
    async capture(command, args, options = {}) {
        const proc = this.start(command, args, options);
        const chunks = [];
        proc.stdout.on('data', (c) => chunks.push(c));
        await proc.exited;
        return Buffer.concat(chunks).toString('utf8');
    }
};
ProcessRunner = __decorate([
    Injectable()
], ProcessRunner);
export { ProcessRunner };
/** Children get PATH, HOME, locale and TZ, not the app's secrets. */
function minimalEnv() {
    const env = {};
    for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR']) {
        const value = process.env[key];
        if (value !== undefined)
            env[key] = value;
    }
    return env;
}
//# sourceMappingURL=process-runner.js.map