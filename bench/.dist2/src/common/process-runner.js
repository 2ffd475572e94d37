var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
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
/** util-linux setpriv: sets the parent-death signal, then execs the tool (same pid). */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => {
    try {
        accessSync(path, constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
});
/**
 * The one place child processes are started: no shell, timeouts, and a promise
 * that settles exactly once whether the child fails to start or ends.
 *
 * A tool must never outlive the process that started it (an orphaned
 * pg_restore finishing a restore nobody controls any more): where setpriv
 * exists it gets SIGKILL from the kernel the moment we die (PR_SET_PDEATHSIG),
 * whether our pid, our group or the whole machine's processes are killed.
 * Each tool leads its own process group, so our kill() takes its children too.
 * Tests replace it through DI to cause faults (a dump that dies halfway).
 */
let ProcessRunner = class ProcessRunner {
    start(command, args, options = {}) {
        const env = options.env ? { ...minimalEnv(), ...options.env } : minimalEnv();
        const resolved = resolveOnPath(command, env.PATH);
        if (!resolved)
            return missingTool(command);
        const [file, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', resolved, ...args]] : [resolved, args];
        const child = spawn(file, argv, {
            shell: false,
            // Own group, so a kill takes whatever the tool itself started; the death signal ties the group's leader to us.
            detached: true,
            stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
            env,
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
            if (dir &&
                (await access(join(dir, tool), constants.X_OK).then(() => true, () => false)))
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
/** The absolute path of `command` on `path`, or null when it is not there. */
function resolveOnPath(command, path) {
    const candidates = isAbsolute(command) || command.includes('/')
        ? [command]
        : (path ?? '')
            .split(delimiter)
            .filter(Boolean)
            .map((dir) => join(dir, command));
    for (const candidate of candidates) {
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        }
        catch {
            // not here
        }
    }
    return null;
}
/** What start() returns for a tool that is not installed: nothing ran. */
function missingTool(command) {
    const stdout = new PassThrough();
    stdout.end();
    const exited = Promise.reject(new ToolMissingError(command, INSTALL_HINTS[command] ?? 'Install it or put it on PATH.'));
    exited.catch(() => undefined);
    return { stdout, exited, kill: () => undefined };
}
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