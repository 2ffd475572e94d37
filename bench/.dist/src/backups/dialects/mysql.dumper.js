import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { ToolMissingError } from '../../common/process-runner.js';
import { connectionParts } from './connection-url.js';
import { BackupToolError, DatabaseDumper } from './database-dumper.js';
const COMPLETION_MARKER = /-- Dump completed/;
/** Option-file values: quoted, with backslashes and quotes escaped. */
function optionValue(value) {
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
/** MySQL/MariaDB: a consistent SQL dump, gzip-compressed as it streams, checked by its completion marker. */
export class MysqlDumper extends DatabaseDumper {
    config;
    runner;
    files;
    dialect = 'mysql';
    extension = 'sql.gz';
    format = 'mysqldump-gzip';
    tool;
    constructor(config, runner, files) {
        super();
        this.config = config;
        this.runner = runner;
        this.files = files;
    }
    /** mariadb-dump on MariaDB installs, mysqldump elsewhere: whichever exists. */
    async dumpTool() {
        if (this.tool)
            return this.tool;
        for (const candidate of ['mariadb-dump', 'mysqldump']) {
            if (await this.runner.which(candidate))
                return (this.tool = candidate);
        }
        throw new ToolMissingError('mysqldump', 'Install the MySQL/MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).');
    }
    async preflight() {
        await this.dumpTool();
    }
    /** Credentials in a 0600 option file (never argv); the caller removes it. */
    async writeOptionFile() {
        const c = connectionParts(this.config.database.url, '3306');
        const path = join(tmpdir(), `blockshelf-my-${randomBytes(8).toString('hex')}.cnf`);
        const lines = ['[client]', `host=${optionValue(c.host)}`, `port=${c.port}`, `user=${optionValue(c.user)}`];
        if (c.password)
            lines.push(`password=${optionValue(c.password)}`);
        await writeFile(path, lines.join('\n') + '\n', { mode: 0o600, flag: 'wx' });
        return path;
    }
    async dump(tempPath) {
        const tool = await this.dumpTool();
        const optionFile = await this.writeOptionFile();
        try {
            const database = connectionParts(this.config.database.url, '3306').database;
            const proc = this.runner.start(tool, [
                // Must come first: the client reads option-file flags only in that position.
                `--defaults-extra-file=${optionFile}`,
                // --single-transaction: a consistent snapshot of InnoDB tables without locking them.
                '--single-transaction',
                '--routines',
                '--triggers',
                '--hex-blob',
                '--default-character-set=utf8mb4',
                database,
            ], { timeoutMs: this.config.backupTimeoutMs, stallTimeoutMs: this.config.backupStallTimeoutMs });
            // Both must succeed: a dump that died is never hidden by a compressor that finished cleanly.
            const [, digest] = await Promise.all([
                proc.exited,
                this.files.streamToFile(proc.stdout, tempPath, createGzip({ level: 6 })).catch((error) => {
                    proc.kill(`output failed: ${error.message}`);
                    throw error;
                }),
            ]);
            return digest;
        }
        finally {
            await rm(optionFile, { force: true });
        }
    }
    async verify(path) {
        let tail = '';
        await pipeline(await this.files.openPlain(path), createGunzip(), async function* (source) {
            for await (const chunk of source)
                tail = (tail + chunk.toString('latin1')).slice(-512);
        });
        if (!COMPLETION_MARKER.test(tail))
            throw new BackupToolError('The SQL dump has no "-- Dump completed" marker: it is incomplete');
    }
    /** The dump through the mariadb/mysql client; without --force it stops at the first error. */
    async restore(path) {
        const client = (await this.runner.which('mariadb')) ? 'mariadb' : (await this.runner.which('mysql')) ? 'mysql' : undefined;
        if (!client)
            throw new ToolMissingError('mysql', 'Install the MySQL/MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).');
        const optionFile = await this.writeOptionFile();
        try {
            const database = connectionParts(this.config.database.url, '3306').database;
            const input = (await this.files.openPlain(path)).pipe(createGunzip());
            const proc = this.runner.start(client, [`--defaults-extra-file=${optionFile}`, '--default-character-set=utf8mb4', database], {
                stdin: input,
                timeoutMs: this.config.backupTimeoutMs,
            });
            proc.stdout.resume();
            await proc.exited;
        }
        finally {
            await rm(optionFile, { force: true });
        }
    }
}
//# sourceMappingURL=mysql.dumper.js.map