import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackupRun } from '../backups/backup-run.entity.js';
import { Backup } from '../backups/backup.entity.js';
import { BackupCopy } from '../backups/offsite/backup-copy.entity.js';
import { InventoryItem } from '../inventory/inventory-item.entity.js';
import { User } from '../users/user.entity.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { SchedulerState } from '../scheduling/scheduler-state.entity.js';
import { UsersAndInventory1764100000000 } from './migrations/1764100000000-users-and-inventory.js';
import { Backups1764200000000 } from './migrations/1764200000000-backups.js';
import { BackupSchedules1764300000000 } from './migrations/1764300000000-backup-schedules.js';
import { EncryptionAndOffsiteCopies1764400000000 } from './migrations/1764400000000-encryption-and-offsite-copies.js';
import { TrustUnderFaults1764500000000 } from './migrations/1764500000000-trust-under-faults.js';
import { SchedulerFaults1764500000001 } from './migrations/1764500000001-scheduler-faults.js';
import { Retention1764600000000 } from './migrations/1764600000000-retention.js';
import { Alerts1764700000000 } from './migrations/1764700000000-alerts.js';
import { BackupListIndex1764800000000 } from './migrations/1764800000000-backup-list-index.js';
import { AlertChannelRow, AlertDelivery, AlertProblem } from '../alerts/alert.entities.js';
import { AppInstance } from '../instances/app-instance.entity.js';
export const ENTITIES = [
    User,
    InventoryItem,
    Backup,
    BackupRun,
    BackupCopy,
    BackupSchedule,
    SchedulerState,
    AppInstance,
    AlertChannelRow,
    AlertDelivery,
    AlertProblem,
];
export const MIGRATIONS = [
    UsersAndInventory1764100000000,
    Backups1764200000000,
    BackupSchedules1764300000000,
    EncryptionAndOffsiteCopies1764400000000,
    TrustUnderFaults1764500000000,
    SchedulerFaults1764500000001,
    Retention1764600000000,
    Alerts1764700000000,
    BackupListIndex1764800000000,
];
/** TypeOrmModule's connection retries at start: bounded, so a database that is down fails the boot in seconds, not 30 s. */
export const CONNECT_RETRIES = { retryAttempts: 2, retryDelay: 2000 };
/** One place that turns DATABASE_URL into TypeORM options, for the app, the CLI and ormconfig.ts. */
export function buildDataSourceOptions(db, extraEntities = [], extraMigrations = []) {
    const common = {
        entities: [...ENTITIES, ...extraEntities],
        migrations: [...MIGRATIONS, ...extraMigrations],
        migrationsRun: true,
        synchronize: false,
    };
    if (db.dialect === 'sqlite') {
        if (db.sqlitePath !== ':memory:')
            mkdirSync(dirname(db.sqlitePath), { recursive: true, mode: 0o700 });
        return {
            ...common,
            type: 'better-sqlite3',
            database: db.sqlitePath,
            // WAL lets readers (exports, backups) run beside a writer; foreign keys are off by default in SQLite.
            prepareDatabase: (conn) => {
                conn.pragma('journal_mode = WAL');
                conn.pragma('foreign_keys = ON');
                conn.pragma('busy_timeout = 5000');
            },
        };
    }
    if (db.dialect === 'postgres')
        return { ...common, type: 'postgres', url: db.url };
    return { ...common, type: 'mysql', url: db.url, charset: 'utf8mb4', timezone: 'Z', dateStrings: false };
}
//# sourceMappingURL=data-source-options.js.map