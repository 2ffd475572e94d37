/** A dry run lists this many changes; the counts still cover them all. */
export const MAX_REPORTED_CHANGES = 200;
const FIELDS = ['name', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes'];
/**
 * The first MAX_REPORTED_CHANGES changes of a dry run, filled in by the writer
 * while it compares anyway, so memory stays flat however large the import.
 */
export class ImportChangeLog {
    entries = [];
    truncated = false;
    /** How many more entries fit. */
    get room() {
        return MAX_REPORTED_CHANGES - this.entries.length;
    }
    added(item) {
        this.push(() => ({ part_id: item.partId, color: item.color, change: 'added', after: fieldsOfItem(item) }));
    }
    removed(partId, color, before) {
        this.push(() => ({ part_id: partId, color, change: 'removed', before }));
    }
    /** `current` as read from the database, `item` as in the file; they are known to differ. */
    changed(current, item) {
        this.push(() => {
            const next = fieldsOfItem(item);
            const before = {};
            const after = {};
            for (const field of FIELDS) {
                if (current[field] === next[field])
                    continue;
                before[field] = current[field];
                after[field] = next[field];
            }
            return { part_id: item.partId, color: item.color, change: 'changed', before, after };
        });
    }
    /** Marks the list truncated when `more` changes will not be listed. */
    skipped(more) {
        if (more > 0)
            this.truncated = true;
    }
    // The entry is built only when it fits: past the cap a change costs one comparison, nothing more.
    push(entry) {
        if (this.room > 0)
            this.entries.push(entry());
        else
            this.truncated = true;
    }
}
export function fieldsOfItem(item) {
    return {
        name: item.name,
        quantity_total: item.quantityTotal,
        quantity_used: item.quantityUsed,
        storage_location: item.storageLocation,
        image_url: item.imageUrl,
        notes: item.notes,
    };
}
/** A raw row whose columns are aliased to the API names; drivers may hand integers back as strings. */
export function fieldsOfRow(row) {
    return {
        name: String(row.name),
        quantity_total: Number(row.quantity_total),
        quantity_used: Number(row.quantity_used),
        storage_location: String(row.storage_location),
        image_url: String(row.image_url),
        notes: String(row.notes),
    };
}
//# sourceMappingURL=import-changes.js.map