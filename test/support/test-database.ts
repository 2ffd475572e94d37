import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { configuredDialects } from './dialects.js';

export type TestDialect = 'sqlite' | 'postgres' | 'mysql';

export function testDialects(): TestDialect[] {
  return configuredDialects() as TestDialect[];
}

export interface TestDatabase {
  dialect: TestDialect;
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return url.toString();
}

/** A fresh, empty database for one spec file; drop() removes it. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const name = `bs_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'bs-sqlite-'));
    return { dialect, name, url: `sqlite:${join(dir, 'test.sqlite3')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgres') {
    const adminUrl = process.env.TEST_POSTGRES_URL!;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    return {
      dialect,
      name,
      url: withDatabase(adminUrl, name),
      drop: async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const adminUrl = process.env.TEST_MYSQL_URL!;
  const conn = await mysql.createConnection(adminUrl);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return {
    dialect,
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = await mysql.createConnection(adminUrl);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
