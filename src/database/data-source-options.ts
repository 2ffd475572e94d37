import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { BackupRun } from '../backups/backup-run.entity.js';
import { Backup } from '../backups/backup.entity.js';
import { InventoryItem } from '../inventory/inventory-item.entity.js';
import { User } from '../users/user.entity.js';
import { UsersAndInventory1764100000000 } from './migrations/1764100000000-users-and-inventory.js';
import { Backups1764200000000 } from './migrations/1764200000000-backups.js';

export const ENTITIES = [User, InventoryItem, Backup, BackupRun];
export const MIGRATIONS = [UsersAndInventory1764100000000, Backups1764200000000];

/** One place that turns DATABASE_URL into TypeORM options, for the app, the CLI and ormconfig.ts. */
export function buildDataSourceOptions(db: DatabaseConfig, extraEntities: Function[] = [], extraMigrations: Function[] = []): DataSourceOptions {
  const common = {
    entities: [...ENTITIES, ...extraEntities],
    migrations: [...MIGRATIONS, ...extraMigrations],
    migrationsRun: true,
    synchronize: false,
  };
  if (db.dialect === 'sqlite') {
    if (db.sqlitePath !== ':memory:') mkdirSync(dirname(db.sqlitePath!), { recursive: true, mode: 0o700 });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.sqlitePath!,
      // WAL lets readers (exports, backups) run beside a writer; foreign keys are off by default in SQLite.
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
      },
    } as DataSourceOptions;
  }
  if (db.dialect === 'postgres') return { ...common, type: 'postgres', url: db.url };
  return { ...common, type: 'mysql', url: db.url, charset: 'utf8mb4', timezone: 'Z', dateStrings: false };
}
