import { Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from '../column-types.js';
/** Alert channels added at run time, the delivery outbox, and the open problems (one alert per problem). */
export class Alerts1764700000000 {
    name = 'Alerts1764700000000';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'alert_channels',
            columns: [
                idColumn(),
                { name: 'kind', type: 'varchar', length: '16' },
                { name: 'name', type: 'varchar', length: '100', isNullable: true },
                { name: 'url', type: 'text' },
                { name: 'secret', type: 'varchar', length: '200', isNullable: true },
                { name: 'email_to', type: 'text', isNullable: true },
                { name: 'email_from', type: 'varchar', length: '200', isNullable: true },
                timestampColumn(runner, 'created_at'),
            ],
        }));
        await runner.createTable(new Table({
            name: 'alert_deliveries',
            columns: [
                idColumn(),
                { name: 'event', type: 'varchar', length: '32' },
                { name: 'channel_key', type: 'varchar', length: '64' },
                { name: 'channel_display', type: 'varchar', length: '300' },
                { name: 'payload', type: 'text' },
                { name: 'status', type: 'varchar', length: '16' },
                { name: 'attempts', type: 'integer', default: 0 },
                timestampColumn(runner, 'next_attempt_at'),
                { name: 'last_error', type: 'text', isNullable: true },
                { name: 'claimed_by', type: 'varchar', length: '80', isNullable: true },
                timestampColumn(runner, 'claimed_until', true),
                timestampColumn(runner, 'created_at'),
                timestampColumn(runner, 'sent_at', true),
            ],
            indices: [new TableIndex({ name: 'idx_alert_deliveries_due', columnNames: ['status', 'next_attempt_at'] })],
        }));
        await runner.createTable(new Table({
            name: 'alert_problems',
            columns: [
                { name: 'problem_key', type: 'varchar', length: '120', isPrimary: true },
                { name: 'event', type: 'varchar', length: '32' },
                { name: 'message', type: 'text' },
                timestampColumn(runner, 'opened_at'),
                timestampColumn(runner, 'last_alerted_at'),
            ],
        }));
    }
    async down(runner) {
        await runner.dropTable('alert_problems');
        await runner.dropTable('alert_deliveries');
        await runner.dropTable('alert_channels');
    }
}
//# sourceMappingURL=1764700000000-alerts.js.map