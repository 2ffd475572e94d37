import { Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { exactText, idColumn, timestampColumn } from '../column-types.js';
export class UsersAndInventory1764100000000 {
    name = 'UsersAndInventory1764100000000';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'users',
            columns: [
                idColumn(),
                { name: 'username', type: 'varchar', length: '150', isUnique: true, ...exactText(runner) },
                { name: 'email', type: 'varchar', length: '254', isNullable: true },
                { name: 'password_hash', type: 'varchar', length: '255' },
                { name: 'role', type: 'varchar', length: '16', default: "'user'" },
                { name: 'is_active', type: 'boolean', default: true },
                timestampColumn(runner, 'created_at'),
            ],
            checks: [{ name: 'chk_users_role', expression: "role IN ('admin', 'user')" }],
        }));
        await runner.createTable(new Table({
            name: 'inventory_items',
            columns: [
                idColumn(),
                { name: 'user_id', type: 'integer' },
                { name: 'name', type: 'varchar', length: '200' },
                { name: 'part_id', type: 'varchar', length: '50', ...exactText(runner) },
                { name: 'color', type: 'varchar', length: '50', ...exactText(runner) },
                { name: 'quantity_total', type: 'integer', default: 0 },
                { name: 'quantity_used', type: 'integer', default: 0 },
                { name: 'storage_location', type: 'varchar', length: '100', default: "''" },
                { name: 'image_url', type: 'varchar', length: '500', default: "''" },
                { name: 'notes', type: 'text' },
                timestampColumn(runner, 'created_at'),
                timestampColumn(runner, 'updated_at'),
            ],
            uniques: [new TableUnique({ name: 'uq_inventory_items_user_part_color', columnNames: ['user_id', 'part_id', 'color'] })],
            indices: [new TableIndex({ name: 'idx_inventory_items_user', columnNames: ['user_id'] })],
            checks: [{ name: 'chk_inventory_items_quantities', expression: 'quantity_total >= 0 AND quantity_used >= 0 AND quantity_used <= quantity_total' }],
            foreignKeys: [
                new TableForeignKey({
                    name: 'fk_inventory_items_user',
                    columnNames: ['user_id'],
                    referencedTableName: 'users',
                    referencedColumnNames: ['id'],
                    onDelete: 'CASCADE',
                }),
            ],
        }));
    }
    async down(runner) {
        await runner.dropTable('inventory_items');
        await runner.dropTable('users');
    }
}
//# sourceMappingURL=1764100000000-users-and-inventory.js.map