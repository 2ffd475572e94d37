import { Table } from 'typeorm';
/**
 * Ticks claimed and not yet settled: a row per (schedule, slot) from the claim until the claimant has
 * run or recorded it. A row left by a dead instance means its tick needs a run row that says so.
 * Times are epoch milliseconds, so the scheduler reads them the same way on every dialect.
 */
export class SchedulerFaults1764500000001 {
    name = 'SchedulerFaults1764500000001';
    async up(runner) {
        await runner.createTable(new Table({
            name: 'schedule_claims',
            columns: [
                { name: 'schedule_id', type: 'integer', isPrimary: true },
                { name: 'slot_ms', type: 'bigint', isPrimary: true },
                { name: 'owner', type: 'varchar', length: '80' },
                { name: 'claimed_at_ms', type: 'bigint' },
            ],
        }));
    }
    async down(runner) {
        await runner.dropTable('schedule_claims');
    }
}
//# sourceMappingURL=1764500000001-scheduler-faults.js.map