import { TableIndex } from 'typeorm';
/**
 * The listing reads the newest rows in index order (created_at, id) and stops
 * at its page; counts by status (the listing's total, /health's missing
 * backups) read the status index, not the whole catalog.
 */
export class BackupListIndex1764800000000 {
    name = 'BackupListIndex1764800000000';
    async up(runner) {
        await runner.createIndex('backups', new TableIndex({ name: 'idx_backups_created', columnNames: ['created_at', 'id'] }));
        await runner.createIndex('backups', new TableIndex({ name: 'idx_backups_status', columnNames: ['status'] }));
    }
    async down(runner) {
        await runner.dropIndex('backups', 'idx_backups_status');
        await runner.dropIndex('backups', 'idx_backups_created');
    }
}
//# sourceMappingURL=1764800000000-backup-list-index.js.map