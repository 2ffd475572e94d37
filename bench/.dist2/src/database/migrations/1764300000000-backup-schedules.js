import { Table } from 'typeorm';
import { idColumn, timestampColumn } from '../column-types.js';
export class BackupSchedules1764300000000 {
    name = 'BackupSchedules1764300000000';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'backup_schedules',
            columns: [
                idColumn(),
                { name: 'name', type: 'varchar', length: '100', isUnique: true },
                { name: 'cron', type: 'varchar', length: '120' },
                { name: 'timezone', type: 'varchar', length: '64', default: "'UTC'" },
                { name: 'target', type: 'varchar', length: '16' },
                { name: 'keep', type: 'integer' },
                { name: 'enabled', type: 'boolean', default: true },
                timestampColumn(runner, 'handled_until'),
                timestampColumn(runner, 'last_run_at', true),
                { name: 'last_run_status', type: 'varchar', length: '16', isNullable: true },
                timestampColumn(runner, 'next_run_at', true),
                { name: 'lease_owner', type: 'varchar', length: '120', isNullable: true },
                timestampColumn(runner, 'lease_expires_at', true),
                timestampColumn(runner, 'created_at'),
                timestampColumn(runner, 'updated_at'),
            ],
            checks: [
                { name: 'chk_backup_schedules_target', expression: "target IN ('full_db', 'all_users', 'both')" },
                { name: 'chk_backup_schedules_keep', expression: 'keep >= 1' },
            ],
        }));
        await runner.createTable(new Table({
            name: 'scheduler_state',
            columns: [{ name: 'id', type: 'integer', isPrimary: true }, timestampColumn(runner, 'defaults_created_at', true)],
        }));
        // The row whose defaults_created_at the first instance to start claims (see SchedulingService).
        await runner.query('INSERT INTO scheduler_state (id) VALUES (1)');
    }
    async down(runner) {
        await runner.dropTable('scheduler_state');
        await runner.dropTable('backup_schedules');
    }
}
//# sourceMappingURL=1764300000000-backup-schedules.js.map