// One adapter per dialect: create/drop the bench database, load the data set,
// and the raw tool runs every figure of ours is compared with.
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ITEM_COLUMNS, USER_COLUMNS, userRow } from './dataset.mjs';
import { exec, quote, shell } from './util.mjs';

const ITEM_FIELDS = ['name', 'part_id', 'color', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes', 'created_at', 'updated_at'];
const INSERT_ITEM = `INSERT INTO inventory_items (${ITEM_COLUMNS.join(', ')}) VALUES`;

/** Counts the items of a raw JSON export: one JSON array per line (mariadb), or one object per line (sqlite3 -json, psql json_agg). */
async function countExported(path, perLine) {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (perLine === 'row') count += /^\s*\[?\{/.test(line) ? 1 : 0;
    else if (line.trim()) count += JSON.parse(line).length;
  }
  return count;
}

export class SqliteBench {
  name = 'sqlite';
  label = 'SQLite';

  constructor(workDir) {
    this.dir = join(workDir, 'sqlite');
    this.path = join(this.dir, 'blockshelf.sqlite3');
    this.url = `sqlite:${this.path}`;
  }

  async available() {
    return true;
  }

  async create() {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  async drop() {
    await rm(this.dir, { recursive: true, force: true });
  }

  open() {
    const db = new Database(this.path, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  }

  async versions() {
    const cli = (await exec('sqlite3', ['--version'])).stdout.split(' ')[0];
    const db = new Database(':memory:');
    const lib = db.prepare('select sqlite_version() v').get().v;
    db.close();
    return `SQLite ${lib} (better-sqlite3, the app); sqlite3 CLI ${cli}`;
  }

  async insertUsers(users) {
    const db = this.open();
    const stmt = db.prepare(`INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`);
    db.transaction(() => users.forEach((u) => stmt.run(userRow(u))))();
    db.close();
  }

  /** The raw bulk load here: one prepared statement, one transaction (rows already in memory). */
  async bulkLoad({ rows }) {
    const db = this.open();
    try {
      const stmt = db.prepare(`${INSERT_ITEM} (${ITEM_COLUMNS.map(() => '?').join(', ')})`);
      let n = 0;
      db.transaction(() => {
        for (const row of rows) {
          stmt.run(row);
          n++;
        }
      })();
      return n;
    } finally {
      db.close();
    }
  }

  /** What the original app did per item: one INSERT, autocommit. */
  async rowLoop(rows) {
    const db = this.open();
    try {
      const stmt = db.prepare(`${INSERT_ITEM} (${ITEM_COLUMNS.map(() => '?').join(', ')})`);
      for (const row of rows) stmt.run(row);
    } finally {
      db.close();
    }
  }

  /**
   * The same loop as the original Django app ran it: SQLite's default
   * rollback journal, not the app's WAL. A scratch file with the same schema
   * (copied from sqlite_master), so the app's database keeps its mode.
   */
  async rowLoopRollbackJournal(rows, userRow) {
    const scratch = join(this.dir, 'row-loop-journal.sqlite3');
    await rm(scratch, { force: true });
    const live = this.open();
    const schema = live.prepare("SELECT sql FROM sqlite_master WHERE tbl_name IN ('users', 'inventory_items') AND sql IS NOT NULL ORDER BY type DESC").all();
    live.close();
    const db = new Database(scratch);
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = ON');
      for (const { sql } of schema) db.exec(sql);
      db.prepare(`INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`).run(userRow);
      const stmt = db.prepare(`${INSERT_ITEM} (${ITEM_COLUMNS.map(() => '?').join(', ')})`);
      const { performance } = await import('node:perf_hooks');
      const started = performance.now();
      for (const row of rows) stmt.run(row);
      return performance.now() - started;
    } finally {
      db.close();
      await rm(scratch, { force: true });
    }
  }

  async analyze() {
    const db = this.open();
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }

  async count(sql) {
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    const n = Object.values(db.prepare(sql).get())[0];
    db.close();
    return Number(n);
  }

  async exec(sql) {
    const db = new Database(this.path, { fileMustExist: true });
    db.exec(sql);
    db.close();
  }

  rawFullBackupLabel = 'sqlite3 .backup';
  async rawFullBackup(out) {
    await exec('sqlite3', [this.path, `.backup ${quote(out)}`]);
  }

  rawUserExportLabel = 'sqlite3 -json';
  async rawUserExport(userId, out) {
    await exec(
      'sqlite3',
      ['-json', this.path, `SELECT ${ITEM_FIELDS.join(', ')} FROM inventory_items WHERE user_id = ${Number(userId)} ORDER BY part_id, color`],
      { stdout: out },
    );
    return countExported(out, 'row');
  }

  async rawAllExport(out) {
    await exec('sqlite3', ['-json', this.path, `SELECT user_id, ${ITEM_FIELDS.join(', ')} FROM inventory_items ORDER BY user_id, part_id, color`], {
      stdout: out,
    });
    return countExported(out, 'row');
  }

  rawBulkLoadLabel = 'better-sqlite3 prepared INSERT, one transaction';
  rawRestoreLabel = 'cp backup over the database file';
  /** The database file replaced by a copy of the backup (nothing may have it open). */
  async rawRestore(backup) {
    await rm(`${this.path}-wal`, { force: true });
    await rm(`${this.path}-shm`, { force: true });
    await exec('cp', [backup, this.path]);
  }
}

/** Splits a postgres:// or mysql:// URL into what the client tools take from their environment. */
function parts(url, port) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  };
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export class PostgresBench {
  name = 'postgres';
  label = 'PostgreSQL';

  constructor(adminUrl, database) {
    this.adminUrl = adminUrl;
    this.database = database;
    this.url = withDatabase(adminUrl, database);
    const c = parts(this.url, '5432');
    this.env = { PGHOST: c.host, PGPORT: c.port, PGUSER: c.user, PGPASSWORD: c.password, PGDATABASE: c.database };
  }

  async client(url = this.url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  async admin(sql) {
    const client = await this.client(this.adminUrl);
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async available() {
    try {
      await this.admin('SELECT 1');
      return true;
    } catch (error) {
      return `not reachable at ${this.adminUrl}: ${error.message}`;
    }
  }

  async create() {
    await this.drop();
    await this.admin(`CREATE DATABASE ${this.database}`);
  }

  async drop() {
    await this.admin(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }

  async versions() {
    const server = (await this.admin('SHOW server_version')).rows[0].server_version;
    const tool = (await exec('pg_dump', ['--version'])).stdout.trim();
    return `PostgreSQL ${server}; ${tool}`;
  }

  async insertUsers(users) {
    const client = await this.client();
    try {
      for (let i = 0; i < users.length; i += 500) {
        const chunk = users.slice(i, i + 500);
        const values = chunk.map((_, r) => `(${USER_COLUMNS.map((__, c) => `$${r * USER_COLUMNS.length + c + 1}`).join(', ')})`);
        await client.query(
          `INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES ${values.join(', ')}`,
          chunk.flatMap((u) => userRow(u).map((v, c) => (c === 5 ? true : v))),
        );
      }
      await client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))`);
    } finally {
      await client.end();
    }
  }

  rawBulkLoadLabel = 'psql \\copy (COPY FROM STDIN)';
  async bulkLoad({ tsv }) {
    const { stdout } = await exec(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy inventory_items (${ITEM_COLUMNS.join(', ')}) FROM ${quote(tsv)}`],
      { env: this.env },
    );
    return stdout;
  }

  async rowLoop(rows) {
    const client = await this.client();
    try {
      for (const row of rows) await client.query(`${INSERT_ITEM} (${ITEM_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, row);
    } finally {
      await client.end();
    }
  }

  async analyze() {
    const client = await this.client();
    await client.query('VACUUM ANALYZE');
    await client.end();
  }

  async count(sql) {
    const client = await this.client();
    try {
      return Number(Object.values((await client.query(sql)).rows[0])[0]);
    } finally {
      await client.end();
    }
  }

  async exec(sql) {
    const client = await this.client();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  rawFullBackupLabel = 'pg_dump -Fc';
  async rawFullBackup(out) {
    await exec('pg_dump', ['--format=custom', '--no-password', `--file=${out}`], { env: this.env });
  }

  rawUserExportLabel = 'psql json_agg';
  // Not \copy: COPY's text format would escape the JSON's own backslashes and newlines (see the notes).
  async rawUserExport(userId, out) {
    const sql = `SELECT json_agg(t) FROM (SELECT ${ITEM_FIELDS.join(', ')} FROM inventory_items WHERE user_id = ${Number(userId)} ORDER BY part_id, color) t`;
    await exec('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql, '-o', out], { env: this.env });
    return JSON.parse(await readWhole(out)).length;
  }

  async rawAllExport(out) {
    const sql = `SELECT json_agg(t ORDER BY part_id, color) FROM (SELECT user_id, ${ITEM_FIELDS.join(', ')} FROM inventory_items) t GROUP BY user_id ORDER BY user_id`;
    await exec('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql, '-o', out], { env: this.env });
    return countExported(out, 'row');
  }

  rawRestoreLabel = 'pg_restore --clean --if-exists --single-transaction';
  async rawRestore(backup) {
    await exec(
      'pg_restore',
      [
        '--clean',
        '--if-exists',
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        '--no-password',
        `--dbname=${this.database}`,
        backup,
      ],
      { env: this.env },
    );
  }
}

export class MysqlBench {
  name = 'mysql';
  label = 'MariaDB';

  constructor(adminUrl, database) {
    this.adminUrl = adminUrl;
    this.database = database;
    this.url = withDatabase(adminUrl, database);
    const c = parts(this.url, '3306');
    this.c = c;
    this.args = ['-h', c.host, '-P', c.port, '-u', c.user];
    // The bench's own connections: the password through the environment, never argv.
    this.env = c.password ? { MYSQL_PWD: c.password } : {};
  }

  async connect(database = this.database) {
    return mysql.createConnection({
      host: this.c.host,
      port: Number(this.c.port),
      user: this.c.user,
      password: this.c.password,
      database: database ?? undefined,
      charset: 'utf8mb4',
      multipleStatements: true,
    });
  }

  async admin(sql) {
    const conn = await this.connect(null);
    try {
      return await conn.query(sql);
    } finally {
      await conn.end();
    }
  }

  async available() {
    try {
      await this.admin('SELECT 1');
      return true;
    } catch (error) {
      return `not reachable at ${this.adminUrl}: ${error.message}`;
    }
  }

  async create() {
    await this.drop();
    await this.admin(`CREATE DATABASE ${this.database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }

  async drop() {
    await this.admin(`DROP DATABASE IF EXISTS ${this.database}`);
  }

  async versions() {
    const [[{ v }]] = await this.admin('SELECT VERSION() AS v');
    const tool = (await exec('mariadb-dump', ['--version'])).stdout.trim();
    return `MariaDB ${v}; ${tool}`;
  }

  async insertUsers(users) {
    const conn = await this.connect();
    try {
      for (let i = 0; i < users.length; i += 500) {
        await conn.query(`INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES ?`, [users.slice(i, i + 500).map(userRow)]);
      }
    } finally {
      await conn.end();
    }
  }

  mysqlCli(extra) {
    return ['mariadb', [...this.args, '--default-character-set=utf8mb4', ...extra]];
  }

  rawBulkLoadLabel = 'LOAD DATA LOCAL INFILE';
  async bulkLoad({ tsv }) {
    const sql = `LOAD DATA LOCAL INFILE ${quote(tsv)} INTO TABLE inventory_items CHARACTER SET utf8mb4 (${ITEM_COLUMNS.join(', ')})`;
    const [cmd, args] = this.mysqlCli(['--local-infile=1', this.database, '-e', sql]);
    await exec(cmd, args, { env: this.env });
  }

  async rowLoop(rows) {
    const conn = await this.connect();
    try {
      for (const row of rows) await conn.query(`${INSERT_ITEM} (?)`, [row]);
    } finally {
      await conn.end();
    }
  }

  async analyze() {
    await this.admin(`ANALYZE TABLE ${this.database}.inventory_items, ${this.database}.users`);
  }

  async count(sql) {
    const conn = await this.connect();
    try {
      const [[row]] = await conn.query(sql);
      return Number(Object.values(row)[0]);
    } finally {
      await conn.end();
    }
  }

  async exec(sql) {
    const conn = await this.connect();
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  }

  rawFullBackupLabel = 'mariadb-dump --single-transaction | gzip -6';
  async rawFullBackup(out) {
    const cmd = [
      'mariadb-dump',
      ...this.args,
      '--single-transaction',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      this.database,
    ]
      .map(quote)
      .join(' ');
    await shell(`${cmd} | gzip -6 > ${quote(out)}`, this.env);
  }

  /** JSON_ARRAYAGG is cut at group_concat_max_len (1 MiB by default) with only a warning: raise it. */
  jsonQuery(where, groupBy) {
    const object = `JSON_OBJECT(${(groupBy ? ['user_id', ...ITEM_FIELDS] : ITEM_FIELDS).map((f) => `'${f}', ${f}`).join(', ')})`;
    return `SET SESSION group_concat_max_len = 4294967295; SELECT JSON_ARRAYAGG(${object} ORDER BY part_id, color) FROM inventory_items ${where} ${groupBy ?? ''}`;
  }

  rawUserExportLabel = 'mariadb JSON_ARRAYAGG';
  async rawUserExport(userId, out) {
    const [cmd, args] = this.mysqlCli(['-N', '-B', '--raw', this.database, '-e', this.jsonQuery(`WHERE user_id = ${Number(userId)}`)]);
    await exec(cmd, args, { env: this.env, stdout: out });
    return JSON.parse(await readWhole(out)).length;
  }

  async rawAllExport(out) {
    const [cmd, args] = this.mysqlCli(['-N', '-B', '--raw', this.database, '-e', this.jsonQuery('', 'GROUP BY user_id ORDER BY user_id')]);
    await exec(cmd, args, { env: this.env, stdout: out });
    return countJsonArrays(out);
  }

  rawRestoreLabel = 'gunzip -c dump | mariadb';
  async rawRestore(backup) {
    const [cmd, args] = this.mysqlCli([this.database]);
    await shell(`gunzip -c ${quote(backup)} | ${[cmd, ...args].map(quote).join(' ')}`, this.env);
  }
}

async function readWhole(path) {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}

function countJsonArrays(path) {
  return countExported(path, 'array');
}
