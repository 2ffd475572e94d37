import { Table, TableColumn } from 'typeorm';
import { timestampColumn } from '../column-types.js';
/** Live instances, run heartbeats, and backups the catalog knows are missing or were made as a safety net. */
export class TrustUnderFaults1764500000000 {
    name = 'TrustUnderFaults1764500000000';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'app_instances',
            columns: [
                { name: 'id', type: 'varchar', length: '80', isPrimary: true },
                { name: 'kind', type: 'varchar', length: '16' },
                { name: 'host', type: 'varchar', length: '255' },
                { name: 'pid', type: 'integer' },
                { name: 'version', type: 'varchar', length: '32' },
                timestampColumn(runner, 'started_at'),
                timestampColumn(runner, 'last_seen_at'),
            ],
        }));
        await runner.addColumn('backup_runs', new TableColumn({ ...timestampColumn(runner, 'heartbeat_at', true) }));
        await runner.addColumn('backup_runs', new TableColumn({ name: 'instance_id', type: 'varchar', length: '80', isNullable: true }));
        // ok | missing: a row whose file is gone stays visible as missing instead of being served or silently dropped.
        await runner.addColumn('backups', new TableColumn({ name: 'status', type: 'varchar', length: '16', default: "'ok'" }));
        await runner.addColumn('backups', new TableColumn({ name: 'label', type: 'varchar', length: '200', isNullable: true }));
    }
    async down(runner) {
        await runner.dropColumn('backups', 'label');
        await runner.dropColumn('backups', 'status');
        await runner.dropColumn('backup_runs', 'instance_id');
        await runner.dropColumn('backup_runs', 'heartbeat_at');
        await runner.dropTable('app_instances');
    }
}
//# sourceMappingURL=1764500000000-trust-under-faults.js.map