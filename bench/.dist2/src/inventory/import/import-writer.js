import { InventoryItem } from '../inventory-item.entity.js';
import { fieldsOfRow } from './import-changes.js';
/** Roughly how much text a row sends to the database. */
export function rowChars(item) {
    return 64 + item.name.length + item.partId.length + item.color.length + item.storageLocation.length + item.imageUrl.length + item.notes.length;
}
/** The columns an import inserts, in this order. */
const INSERT_COLUMNS = ['userId', 'name', 'partId', 'color', 'quantityTotal', 'quantityUsed', 'storageLocation', 'imageUrl', 'notes', 'createdAt', 'updatedAt'];
const POSTGRES_ARRAY_TYPES = ['int', 'text', 'text', 'text', 'int', 'int', 'text', 'text', 'text', 'timestamp', 'timestamp'];
const EXISTING_COLUMNS = [
    ['id', 'id'],
    ['name', 'name'],
    ['quantityTotal', 'quantity_total'],
    ['quantityUsed', 'quantity_used'],
    ['storageLocation', 'storage_location'],
    ['imageUrl', 'image_url'],
    ['notes', 'notes'],
];
/**
 * Writes validated rows into one user's inventory inside the import's
 * transaction: new keys are inserted one statement per batch, existing ones
 * compared and updated when they differ. On PostgreSQL and MySQL one insert is
 * left in flight while the next batch is parsed, so the database and Node work
 * at the same time; `finish` waits for it (and surfaces its error).
 * With a change log (dry runs) it also notes what it adds and changes.
 */
export class ImportWriter {
    dataSource;
    manager;
    userId;
    existing;
    counts;
    changes;
    pending;
    dialect;
    columns;
    columnList;
    table;
    constructor(dataSource, manager, userId, 
    /** (part_id, color) → id of the items the user had before the import. */
    existing, counts, changes) {
        this.dataSource = dataSource;
        this.manager = manager;
        this.userId = userId;
        this.existing = existing;
        this.counts = counts;
        this.changes = changes;
        const type = dataSource.options.type;
        this.dialect = type === 'postgres' ? 'postgres' : type === 'better-sqlite3' ? 'sqlite' : 'mysql';
        const metadata = dataSource.getMetadata(InventoryItem);
        this.columns = INSERT_COLUMNS.map((property) => metadata.findColumnWithPropertyName(property));
        this.columnList = this.columns.map((c) => dataSource.driver.escape(c.databaseName)).join(', ');
        this.table = dataSource.driver.escape(metadata.tableName);
    }
    /** Rows per write: SQLite stays under its 32,766 parameters; larger batches gained little and raised peak memory. */
    get batchSize() {
        return 1000;
    }
    /**
     * Text per write, whatever the row count: a MySQL statement must fit in
     * max_allowed_packet (16 MiB by default, up to 4 bytes per character), and
     * it bounds the memory one batch holds.
     */
    maxBatchChars = 2_000_000;
    async write(batch) {
        const now = new Date();
        const inserts = [];
        const matches = [];
        for (const { item, key } of batch) {
            const id = this.existing.get(key);
            if (id === undefined)
                inserts.push(item);
            else
                matches.push([id, item]);
        }
        if (matches.length)
            await this.compareAndUpdate(matches, now);
        if (inserts.length) {
            const query = this.insert(inserts, now);
            await this.finish();
            const sent = this.manager.query(query.sql, query.parameters);
            // Awaited by the next write or by finish; until then a failure must not count as unhandled.
            sent.catch(() => undefined);
            this.pending = sent;
            this.counts.created += inserts.length;
            if (this.changes)
                for (const item of inserts)
                    this.changes.added(item);
        }
        if (this.dialect === 'sqlite') {
            await this.finish();
            // better-sqlite3 is synchronous: give other requests a turn between batches.
            await new Promise((resolve) => setImmediate(resolve));
        }
    }
    async finish() {
        const pending = this.pending;
        this.pending = undefined;
        if (pending)
            await pending;
    }
    async compareAndUpdate(matches, now) {
        await this.finish();
        // Raw rows by primary key, not entities: hydration would cost more than the comparison.
        const qb = this.manager.createQueryBuilder(InventoryItem, 'i');
        EXISTING_COLUMNS.forEach(([property, alias], n) => (n === 0 ? qb.select(`i.${property}`, alias) : qb.addSelect(`i.${property}`, alias)));
        const rows = await qb.where('i.id IN (:...ids)', { ids: matches.map(([id]) => id) }).getRawMany();
        const byId = new Map(rows.map((row) => [Number(row.id), row]));
        for (const [id, item] of matches) {
            const current = byId.get(id);
            if (sameContent(current, item)) {
                this.counts.unchanged++;
            }
            else {
                this.changes?.changed(fieldsOfRow(current), item);
                await this.manager.update(InventoryItem, { id }, { ...contentOf(item), updatedAt: item.updatedAt ?? now });
                this.counts.updated++;
            }
        }
    }
    /**
     * One INSERT for the batch. PostgreSQL: the columns as 11 array parameters
     * through unnest, so the server parses a short statement instead of one with
     * thousands of placeholders (several times faster). Others: a multi-row VALUES list.
     * Dates go through the driver, so they are stored exactly as TypeORM stores them.
     */
    insert(items, now) {
        const driver = this.dataSource.driver;
        const created = this.columns[9];
        const updated = this.columns[10];
        const rowValues = (item) => [
            this.userId,
            item.name,
            item.partId,
            item.color,
            item.quantityTotal,
            item.quantityUsed,
            item.storageLocation,
            item.imageUrl,
            item.notes,
            driver.preparePersistentValue(item.createdAt ?? now, created),
            driver.preparePersistentValue(item.updatedAt ?? item.createdAt ?? now, updated),
        ];
        if (this.dialect === 'postgres') {
            const arrays = POSTGRES_ARRAY_TYPES.map(() => new Array(items.length));
            items.forEach((item, r) => rowValues(item).forEach((value, c) => (arrays[c][r] = value)));
            const unnest = POSTGRES_ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
            return { sql: `INSERT INTO ${this.table} (${this.columnList}) SELECT * FROM unnest(${unnest})`, parameters: arrays };
        }
        const parameters = [];
        for (const item of items)
            for (const value of rowValues(item))
                parameters.push(value);
        const placeholders = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
        return { sql: `INSERT INTO ${this.table} (${this.columnList}) VALUES ${items.map(() => placeholders).join(', ')}`, parameters };
    }
}
function contentOf(item) {
    return {
        name: item.name,
        partId: item.partId,
        color: item.color,
        quantityTotal: item.quantityTotal,
        quantityUsed: item.quantityUsed,
        storageLocation: item.storageLocation,
        imageUrl: item.imageUrl,
        notes: item.notes,
    };
}
function sameContent(current, item) {
    return (current.name === item.name &&
        Number(current.quantity_total) === item.quantityTotal &&
        Number(current.quantity_used) === item.quantityUsed &&
        current.storage_location === item.storageLocation &&
        current.image_url === item.imageUrl &&
        current.notes === item.notes);
}
//# sourceMappingURL=import-writer.js.map