import { TableIndex } from 'typeorm';
/** The listing (status, newest first) and /health's count of missing backups read an index, not the whole catalog. */
export class BackupListIndex1764800000000 {
    name = 'BackupListIndex1764800000000';
    async up(runner) {
        await runner.createIndex('backups', new TableIndex({ name: 'idx_backups_status_created', columnNames: ['status', 'created_at'] }));
    }
    async down(runner) {
        await runner.dropIndex('backups', 'idx_backups_status_created');
    }
}
//# sourceMappingURL=1764800000000-backup-list-index.js.map