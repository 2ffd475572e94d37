import { TableColumn } from 'typeorm';
import { timestampColumn } from '../column-types.js';
/** Pins, the trash, item counts for the shrink guard, run warnings, and calendar tiers on schedules. */
export class Retention1764600000000 {
    name = 'Retention1764600000000';
    async up(runner) {
        await runner.addColumns('backups', [
            new TableColumn({ name: 'pinned', type: 'boolean', default: false }),
            new TableColumn({ name: 'pin_reason', type: 'varchar', length: '300', isNullable: true }),
            new TableColumn(timestampColumn(runner, 'pinned_until', true)),
            new TableColumn(timestampColumn(runner, 'trashed_at', true)),
            // Items (user_inventory) or rows (full_db) in the backup: what the shrink guard compares.
            new TableColumn({ name: 'item_count', type: 'integer', isNullable: true }),
        ]);
        await runner.addColumn('backup_runs', new TableColumn({ name: 'warnings', type: 'text', isNullable: true }));
        await runner.addColumns('backup_schedules', [
            new TableColumn({ name: 'keep_daily', type: 'integer', isNullable: true }),
            new TableColumn({ name: 'keep_weekly', type: 'integer', isNullable: true }),
            new TableColumn({ name: 'keep_monthly', type: 'integer', isNullable: true }),
        ]);
    }
    async down(runner) {
        for (const c of ['keep_monthly', 'keep_weekly', 'keep_daily'])
            await runner.dropColumn('backup_schedules', c);
        await runner.dropColumn('backup_runs', 'warnings');
        for (const c of ['item_count', 'trashed_at', 'pinned_until', 'pin_reason', 'pinned'])
            await runner.dropColumn('backups', c);
    }
}
//# sourceMappingURL=1764600000000-retention.js.map