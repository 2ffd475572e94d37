import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
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
    temp;
    dataSource;
    dialect = 'mysql';
    extension = 'sql.gz';
    format = 'mysqldump-gzip';
    tool;
    constructor(config, runner, files, temp, dataSource) {
        super();
        this.config = config;
        this.runner = runner;
        this.files = files;
        this.temp = temp;
        this.dataSource = dataSource;
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
        this.toolVersion = (await this.runner.capture(await this.dumpTool(), ['--version'], { timeoutMs: 15_000 })).trim();
    }
    /** Credentials in a 0600 option file in the private temp folder (never argv); the caller removes it, the start-up sweep removes one a kill left. */
    async writeOptionFile() {
        const c = connectionParts(this.config.database.url, '3306');
        const lines = ['[client]', `host=${optionValue(c.host)}`, `port=${c.port}`, `user=${optionValue(c.user)}`];
        if (c.password)
            lines.push(`password=${optionValue(c.password)}`);
        return this.temp.writeSecretFile('mycnf', '.cnf', lines.join('\n') + '\n');
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
        await pipeline(await this.files.openPlain(path), createGunzip(), async (source) => {
            for await (const chunk of source)
                tail = (tail + chunk.toString('latin1')).slice(-512);
        });
        if (!COMPLETION_MARKER.test(tail))
            throw new BackupToolError('The SQL dump has no "-- Dump completed" marker: it is incomplete');
    }
    /**
     * A dump's DDL commits implicitly and its INSERTs autocommit, so it is never
     * fed to the live database. It goes into a scratch database on the same
     * server; then one RENAME TABLE (atomic, across databases) moves the live
     * tables out and the restored ones in. Killed before the rename: the live
     * database is untouched. After: it is the new one. Leftover scratch and old
     * databases are dropped by sweepRestoreLeftovers().
     */
    async restore(path) {
        const client = (await this.runner.which('mariadb')) ? 'mariadb' : (await this.runner.which('mysql')) ? 'mysql' : undefined;
        if (!client)
            throw new ToolMissingError('mysql', 'Install the MySQL/MariaDB client tools (Debian/Ubuntu: sudo apt install mariadb-client).');
        await this.sweepRestoreLeftovers();
        const live = connectionParts(this.config.database.url, '3306').database;
        const tag = randomBytes(4).toString('hex');
        const scratch = restoreName(live, 'restore', tag);
        const old = restoreName(live, 'old', tag);
        await this.dataSource.query(`CREATE DATABASE ${q(scratch)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        try {
            const optionFile = await this.writeOptionFile();
            try {
                const input = (await this.files.openPlain(path)).pipe(createGunzip());
                const proc = this.runner.start(client, [`--defaults-extra-file=${optionFile}`, '--default-character-set=utf8mb4', scratch], {
                    stdin: input,
                    timeoutMs: this.config.backupTimeoutMs,
                });
                proc.stdout.resume();
                await proc.exited;
            }
            finally {
                await rm(optionFile, { force: true });
            }
            await this.dataSource.query(`CREATE DATABASE ${q(old)}`);
            const tablesOf = async (db) => (await this.dataSource.query(`SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`, [
                db,
            ])).map((r) => r.name);
            const [liveTables, restoredTables] = [await tablesOf(live), await tablesOf(scratch)];
            if (!restoredTables.includes('inventory_items'))
                throw new BackupToolError('The restored dump has no inventory_items table; the live database was not touched');
            // The one step that makes the restore visible, taken by us, atomically.
            const moves = [
                ...liveTables.map((t) => `${q(live)}.${q(t)} TO ${q(old)}.${q(t)}`),
                ...restoredTables.map((t) => `${q(scratch)}.${q(t)} TO ${q(live)}.${q(t)}`),
            ];
            await this.dataSource.query(`RENAME TABLE ${moves.join(', ')}`);
        }
        finally {
            await this.dataSource.query(`DROP DATABASE IF EXISTS ${q(scratch)}`).catch(() => undefined);
            await this.dataSource.query(`DROP DATABASE IF EXISTS ${q(old)}`).catch(() => undefined);
        }
    }
    /** Scratch and old databases of restores that were killed. */
    async sweepRestoreLeftovers() {
        const live = connectionParts(this.config.database.url, '3306').database;
        const rows = (await this.dataSource.query(`SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?`, [
            `${restorePrefix(live)}%`,
        ]));
        for (const { name } of rows.filter((r) => r.name.startsWith(restorePrefix(live))))
            await this.dataSource.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    }
}
/** Scratch databases are named after the live one (cut to MySQL's 64 characters), so two apps on one server never touch each other's. */
function restorePrefix(live) {
    return `${live.slice(0, 40)}__bsr_`;
}
function restoreName(live, kind, tag) {
    return `${restorePrefix(live)}${kind}_${tag}`;
}
const q = (name) => `\`${name.replace(/`/g, '``')}\``;
//# sourceMappingURL=mysql.dumper.js.map