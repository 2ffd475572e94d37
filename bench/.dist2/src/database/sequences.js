/**
 * After rows were inserted with explicit ids (a catalog carried over a restore,
 * a backup listed again with its manifest's id), the table's id generator must
 * hand out only ids above them, and above `floor`: an id is never given twice.
 */
export async function ensureIdsAbove(dataSource, table, floor = 0) {
    const [{ max }] = (await dataSource.query(`SELECT COALESCE(MAX(id), 0) AS max FROM ${table}`));
    const top = Math.max(Number(max), floor);
    if (top === 0)
        return;
    switch (dataSource.options.type) {
        case 'postgres':
            // Explicit ids do not move a serial's sequence on PostgreSQL.
            await dataSource.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST($1::bigint, (SELECT last_value FROM ${table}_id_seq)))`, [top]);
            break;
        case 'mysql':
        case 'mariadb':
            // InnoDB moves AUTO_INCREMENT past explicit ids itself; the floor (ids of deleted rows) needs saying.
            await dataSource.query(`ALTER TABLE ${table} AUTO_INCREMENT = ${top + 1}`);
            break;
        default:
            // SQLite AUTOINCREMENT: the high-water mark lives in sqlite_sequence.
            await dataSource.query(`UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?`, [top, table]);
    }
}
/** The highest id the table has ever handed out (deleted rows included), as far as the dialect tells. */
export async function highestIdEver(dataSource, table) {
    const [{ max }] = (await dataSource.query(`SELECT COALESCE(MAX(id), 0) AS max FROM ${table}`));
    let ever = Number(max);
    switch (dataSource.options.type) {
        case 'postgres': {
            const [row] = (await dataSource.query(`SELECT last_value, is_called FROM ${table}_id_seq`));
            if (row?.is_called)
                ever = Math.max(ever, Number(row.last_value));
            break;
        }
        case 'mysql':
        case 'mariadb': {
            const [row] = (await dataSource.query(`SELECT AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, [
                table,
            ]));
            if (row?.next)
                ever = Math.max(ever, Number(row.next) - 1);
            break;
        }
        default: {
            const rows = (await dataSource.query(`SELECT seq FROM sqlite_sequence WHERE name = ?`, [table]));
            if (rows[0])
                ever = Math.max(ever, Number(rows[0].seq));
        }
    }
    return ever;
}
//# sourceMappingURL=sequences.js.map