import { connectionParts } from './connection-url.js';
import { BackupToolError, DatabaseDumper } from './database-dumper.js';
/** PostgreSQL: pg_dump's custom format (compressed, restorable with pg_restore), checked with pg_restore --list. */
export class PostgresDumper extends DatabaseDumper {
    config;
    runner;
    files;
    dataSource;
    dialect = 'postgres';
    extension = 'dump';
    format = 'pg_dump-custom';
    constructor(config, runner, files, dataSource) {
        super();
        this.config = config;
        this.runner = runner;
        this.files = files;
        this.dataSource = dataSource;
    }
    /** Connection settings go through libpq's environment: the password never appears in argv. */
    childEnv() {
        const c = connectionParts(this.config.database.url, '5432');
        return { PGHOST: c.host, PGPORT: c.port, PGUSER: c.user, PGPASSWORD: c.password, PGDATABASE: c.database, PGCONNECT_TIMEOUT: '15' };
    }
    async preflight() {
        const out = await this.runner.capture('pg_dump', ['--version'], { timeoutMs: 15_000 });
        this.toolVersion = out.trim();
        const toolMajor = Number(out.match(/(\d+)(?:\.\d+)?/)?.[1]);
        const [{ server_version_num: num }] = await this.dataSource.query('SHOW server_version_num');
        const serverMajor = Math.floor(Number(num) / 10_000);
        // pg_dump refuses servers of a newer major version; say so before starting.
        if (!toolMajor || toolMajor < serverMajor) {
            throw new BackupToolError(`pg_dump ${toolMajor || '(unknown version)'} cannot dump a PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor} (a pg_dump of major version >= ${serverMajor})`);
        }
    }
    async dump(tempPath) {
        const proc = this.runner.start('pg_dump', ['--format=custom', '--no-password'], {
            env: this.childEnv(),
            timeoutMs: this.config.backupTimeoutMs,
            stallTimeoutMs: this.config.backupStallTimeoutMs,
        });
        const [, digest] = await Promise.all([
            proc.exited,
            this.files.streamToFile(proc.stdout, tempPath).catch((error) => {
                proc.kill(`output failed: ${error.message}`);
                throw error;
            }),
        ]);
        return digest;
    }
    async verify(path) {
        // From stdin: an encrypted backup is decrypted on the way, never written out in plain.
        const listing = await this.runner.capture('pg_restore', ['--list'], { stdin: await this.files.openPlain(path), timeoutMs: this.config.backupTimeoutMs });
        if (!/;\s+Format: CUSTOM/.test(listing) || !/TABLE DATA \S+ inventory_items /.test(listing)) {
            throw new BackupToolError('pg_restore --list does not show a complete custom-format dump with the inventory_items data');
        }
    }
    /**
     * pg_restore --single-transaction into the live database, chosen on purpose:
     * PostgreSQL's DDL is transactional, so the whole restore is one transaction
     * that commits at the end or not at all. The transaction lives on
     * pg_restore's connection, and pg_restore dies with us (ProcessRunner), so a
     * kill at any moment makes the server roll it back. (A scratch database
     * swapped in by renaming would need two ALTER DATABASE statements, which
     * cannot run in one transaction: a kill between them leaves no database.)
     */
    async restore(path) {
        const env = this.childEnv();
        const proc = this.runner.start('pg_restore', ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', '--no-password', `--dbname=${env.PGDATABASE}`], { env, stdin: await this.files.openPlain(path), timeoutMs: this.config.backupTimeoutMs });
        proc.stdout.resume();
        await proc.exited;
    }
}
//# sourceMappingURL=postgres.dumper.js.map