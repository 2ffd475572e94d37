import { Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from '../column-types.js';
export class Backups1764200000000 {
    name = 'Backups1764200000000';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'backups',
            columns: [
                idColumn(),
                { name: 'type', type: 'varchar', length: '16' },
                { name: 'user_id', type: 'integer', isNullable: true },
                { name: 'file_path', type: 'varchar', length: '500', isUnique: true },
                { name: 'size_bytes', type: 'bigint' },
                { name: 'sha256', type: 'varchar', length: '64' },
                { name: 'format', type: 'varchar', length: '32' },
                { name: 'dialect', type: 'varchar', length: '16' },
                timestampColumn(runner, 'created_at'),
                { name: 'created_by', type: 'integer', isNullable: true },
                { name: 'is_scheduled', type: 'boolean', default: false },
                timestampColumn(runner, 'verified_at', true),
                { name: 'run_id', type: 'integer', isNullable: true },
            ],
            indices: [new TableIndex({ name: 'idx_backups_type_user', columnNames: ['type', 'user_id'] })],
            checks: [{ name: 'chk_backups_type', expression: "type IN ('full_db', 'user_inventory')" }],
        }));
        await runner.createTable(new Table({
            name: 'backup_runs',
            columns: [
                idColumn(),
                { name: 'target', type: 'varchar', length: '16' },
                { name: 'trigger', type: 'varchar', length: '16' },
                { name: 'status', type: 'varchar', length: '16' },
                { name: 'user_id', type: 'integer', isNullable: true },
                { name: 'created_by', type: 'integer', isNullable: true },
                { name: 'schedule_id', type: 'integer', isNullable: true },
                timestampColumn(runner, 'started_at'),
                timestampColumn(runner, 'finished_at', true),
                { name: 'backups_created', type: 'integer', default: 0 },
                { name: 'backups_failed', type: 'integer', default: 0 },
                { name: 'backups_deleted', type: 'integer', default: 0 },
                { name: 'bytes_written', type: 'bigint', default: 0 },
                { name: 'error', type: 'text', isNullable: true },
            ],
            indices: [new TableIndex({ name: 'idx_backup_runs_started', columnNames: ['started_at'] })],
        }));
    }
    async down(runner) {
        await runner.dropTable('backup_runs');
        await runner.dropTable('backups');
    }
}
//# sourceMappingURL=1764200000000-backups.js.map