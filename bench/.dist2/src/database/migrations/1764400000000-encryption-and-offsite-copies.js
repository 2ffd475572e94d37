import { Table, TableColumn, TableForeignKey, TableUnique } from 'typeorm';
import { idColumn, timestampColumn } from '../column-types.js';
export class EncryptionAndOffsiteCopies1764400000000 {
    name = 'EncryptionAndOffsiteCopies1764400000000';
    async up(runner) {
        await runner.addColumn('backups', new TableColumn({ name: 'encryption_key_id', type: 'varchar', length: '16', isNullable: true }));
        await runner.createTable(new Table({
            name: 'backup_copies',
            columns: [
                idColumn(),
                { name: 'backup_id', type: 'integer' },
                { name: 'target', type: 'varchar', length: '32' },
                { name: 'remote_key', type: 'varchar', length: '1024' },
                { name: 'status', type: 'varchar', length: '16' },
                { name: 'sha256', type: 'varchar', length: '64', isNullable: true },
                { name: 'attempts', type: 'integer', default: 0 },
                { name: 'error', type: 'text', isNullable: true },
                timestampColumn(runner, 'copied_at', true),
                timestampColumn(runner, 'updated_at'),
            ],
            uniques: [new TableUnique({ name: 'uq_backup_copies_backup_target', columnNames: ['backup_id', 'target'] })],
            foreignKeys: [
                new TableForeignKey({
                    name: 'fk_backup_copies_backup',
                    columnNames: ['backup_id'],
                    referencedTableName: 'backups',
                    referencedColumnNames: ['id'],
                    onDelete: 'CASCADE',
                }),
            ],
        }));
    }
    async down(runner) {
        await runner.dropTable('backup_copies');
        await runner.dropColumn('backups', 'encryption_key_id');
    }
}
//# sourceMappingURL=1764400000000-encryption-and-offsite-copies.js.map