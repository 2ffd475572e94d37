const CHUNK = 200;
/**
 * INSERT rows keeping their ids. TypeORM leaves a generated id out of the
 * INSERT on PostgreSQL (the sequence would renumber the rows), and an id that
 * names a file must not change: so the statement is written here, from the
 * entity's metadata, with the driver's own value conversion.
 */
export async function insertWithIds(manager, entity, rows) {
    await insertStatements(manager, entity, rows, manager.connection.getMetadata(entity).columns, CHUNK);
}
/**
 * INSERT new rows, many to a statement, with the columns the first row sets
 * (the others take their defaults). TypeORM's insert builder spent ~0.2 ms of
 * metadata work per row; an all-users batch inserts hundreds at once.
 */
export async function insertRows(manager, entity, rows, rowsPerStatement = CHUNK) {
    if (!rows.length)
        return;
    const meta = manager.connection.getMetadata(entity);
    const columns = Object.keys(rows[0]).map((property) => {
        const column = meta.findColumnWithPropertyName(property);
        if (!column)
            throw new Error(`${meta.name} has no column for ${property}`);
        return column;
    });
    await insertStatements(manager, entity, rows, columns, rowsPerStatement);
}
async function insertStatements(manager, entity, rows, columns, chunk) {
    const meta = manager.connection.getMetadata(entity);
    const driver = manager.connection.driver;
    const numbered = manager.connection.options.type === 'postgres';
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    for (let i = 0; i < rows.length; i += chunk) {
        const params = [];
        const tuples = rows.slice(i, i + chunk).map((row) => `(${columns
            .map((column) => {
            params.push(driver.preparePersistentValue(column.getEntityValue(row) ?? null, column));
            return numbered ? `$${params.length}` : '?';
        })
            .join(', ')})`);
        await manager.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${tuples.join(', ')}`, params);
    }
}
//# sourceMappingURL=insert-with-ids.js.map