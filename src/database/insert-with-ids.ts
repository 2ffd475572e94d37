import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const CHUNK = 200;

/**
 * INSERT rows keeping their ids. TypeORM leaves a generated id out of the
 * INSERT on PostgreSQL (the sequence would renumber the rows), and an id that
 * names a file must not change: so the statement is written here, from the
 * entity's metadata, with the driver's own value conversion.
 */
export async function insertWithIds<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
  const meta = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const numbered = manager.connection.options.type === 'postgres';
  const names = meta.columns.map((c) => driver.escape(c.databaseName)).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + CHUNK).map(
      (row) =>
        `(${meta.columns
          .map((column) => {
            params.push(driver.preparePersistentValue(column.getEntityValue(row as T) ?? null, column));
            return numbered ? `$${params.length}` : '?';
          })
          .join(', ')})`,
    );
    await manager.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${tuples.join(', ')}`, params);
  }
}
