import type { ImportItem } from './import-row.validator.js';

/** The fields of an item an import can change, by their API names (timestamps are not changes). */
export interface ItemFields {
  name: string;
  quantity_total: number;
  quantity_used: number;
  storage_location: string;
  image_url: string;
  notes: string;
}

export type ItemChangeKind = 'added' | 'removed' | 'changed';

/** What a dry run says one item would go through: all fields when added or removed, only those that differ when changed. */
export interface ItemChange {
  part_id: string;
  color: string;
  change: ItemChangeKind;
  before?: Partial<ItemFields>;
  after?: Partial<ItemFields>;
}

/** A dry run lists this many changes; the counts still cover them all. */
export const MAX_REPORTED_CHANGES = 200;

const FIELDS: (keyof ItemFields)[] = ['name', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes'];

/**
 * The first MAX_REPORTED_CHANGES changes of a dry run, filled in by the writer
 * while it compares anyway, so memory stays flat however large the import.
 */
export class ImportChangeLog {
  readonly entries: ItemChange[] = [];
  truncated = false;

  /** How many more entries fit. */
  get room(): number {
    return MAX_REPORTED_CHANGES - this.entries.length;
  }

  added(item: ImportItem): void {
    this.push(() => ({ part_id: item.partId, color: item.color, change: 'added', after: fieldsOfItem(item) }));
  }

  removed(partId: string, color: string, before: ItemFields): void {
    this.push(() => ({ part_id: partId, color, change: 'removed', before }));
  }

  /** `current` as read from the database, `item` as in the file; they are known to differ. */
  changed(current: ItemFields, item: ImportItem): void {
    this.push(() => {
      const next = fieldsOfItem(item);
      const before: Partial<ItemFields> = {};
      const after: Partial<ItemFields> = {};
      for (const field of FIELDS) {
        if (current[field] === next[field]) continue;
        (before as Record<string, unknown>)[field] = current[field];
        (after as Record<string, unknown>)[field] = next[field];
      }
      return { part_id: item.partId, color: item.color, change: 'changed', before, after };
    });
  }

  /** Marks the list truncated when `more` changes will not be listed. */
  skipped(more: number): void {
    if (more > 0) this.truncated = true;
  }

  // The entry is built only when it fits: past the cap a change costs one comparison, nothing more.
  private push(entry: () => ItemChange): void {
    if (this.room > 0) this.entries.push(entry());
    else this.truncated = true;
  }
}

export function fieldsOfItem(item: ImportItem): ItemFields {
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
export function fieldsOfRow(row: Record<keyof ItemFields, unknown>): ItemFields {
  return {
    name: String(row.name),
    quantity_total: Number(row.quantity_total),
    quantity_used: Number(row.quantity_used),
    storage_location: String(row.storage_location),
    image_url: String(row.image_url),
    notes: String(row.notes),
  };
}
