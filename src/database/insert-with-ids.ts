import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

const CHUNK = 200;

/**
 * INSERT rows keeping their ids. TypeORM leaves a generated id out of the
 * INSERT on PostgreSQL (the sequence would renumber the rows), and an id that
 * names a file must not change: so the statement is written here, from the
 * entity's metadata, with the driver's own value conversion.
 */
export async function insertWithIds<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
  await insertStatements(manager, entity, rows, manager.connection.getMetadata(entity).columns, CHUNK);
}

/**
 * INSERT new rows, many to a statement, with the columns the first row sets
 * (the others take their defaults). TypeORM's insert builder spent ~0.2 ms of
 * metadata work per row; an all-users batch inserts hundreds at once.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  rowsPerStatement = CHUNK,
): Promise<void> {
  if (!rows.length) return;
  const meta = manager.connection.getMetadata(entity);
  const columns = Object.keys(rows[0]).map((property) => {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${meta.name} has no column for ${property}`);
    return column;
  });
  await insertStatements(manager, entity, rows, columns, rowsPerStatement);
}

async function insertStatements<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  columns: ColumnMetadata[],
  chunk: number,
): Promise<void> {
  const meta = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const numbered = manager.connection.options.type === 'postgres';
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  for (let i = 0; i < rows.length; i += chunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + chunk).map(
      (row) =>
        `(${columns
          .map((column) => {
            params.push(driver.preparePersistentValue(column.getEntityValue(row as T) ?? null, column));
            return numbered ? `$${params.length}` : '?';
          })
          .join(', ')})`,
    );
    await manager.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${tuples.join(', ')}`, params);
  }
}
