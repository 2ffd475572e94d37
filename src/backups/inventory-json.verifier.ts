import type { Readable } from 'node:stream';
import { inspectInventoryJson } from '../inventory/import/import-file-reader.js';
import { INVENTORY_FORMAT } from '../inventory/inventory-export.service.js';
import type { InventoryJsonPart } from '../inventory/inventory-export.service.js';

/**
 * Re-reads an inventory JSON file in one streaming pass (constant memory): it
 * must be complete, well-formed, of our format, for the expected user, and its
 * item_count must equal the number of items in it.
 */
export async function verifyInventoryJson(source: Readable, expectedUserId: number): Promise<{ itemCount: number }> {
  const { header, itemCount } = await inspectInventoryJson(source);
  return { itemCount: checkHeader(header, expectedUserId, itemCount) };
}

/** Exported for FileWriterThread, which runs this code on its thread: it may use nothing but INVENTORY_FORMAT and checkItem. */
export function checkHeader(header: Record<string, unknown>, expectedUserId: number, itemCount: number): number {
  if (header.format !== INVENTORY_FORMAT) throw new Error(`Not a ${INVENTORY_FORMAT} file (format: ${String(header.format)})`);
  const userId = (header.user as { id?: unknown } | undefined)?.id;
  if (userId !== expectedUserId) throw new Error(`Inventory file belongs to user ${String(userId)}, expected ${expectedUserId}`);
  if (header.item_count !== itemCount) throw new Error(`item_count says ${String(header.item_count)} but the file has ${itemCount} items`);
  return itemCount;
}

/**
 * The same checks as verifyInventoryJson, on the bytes as they are written
 * rather than read back: each part is JSON-parsed as it goes by, so a backup
 * is verified without a second pass over its file. The parts concatenate to
 * the file; each parses on its own, so the whole is well-formed JSON.
 * Self-contained but for checkHeader and checkItem: FileWriterThread runs
 * this class's own code on its thread.
 */
export class InventoryJsonCheck {
  private header?: Record<string, unknown>;
  private items = 0;
  private finished = false;

  constructor(private readonly expectedUserId: number) {}

  /** Checks one part; throws when it is not what a well-formed inventory file has at this place. */
  push(part: InventoryJsonPart): void {
    if (this.finished) throw new Error('Inventory JSON goes on after its end');
    if (part.kind === 'header') {
      if (this.header) throw new Error('Inventory JSON has two headers');
      this.header = JSON.parse(part.text + ']}') as Record<string, unknown>;
      return;
    }
    if (!this.header) throw new Error('Inventory JSON does not start with its header');
    if (part.kind === 'items') {
      const text = this.items > 0 ? part.text.replace(/^,/, '') : part.text;
      if (this.items > 0 && text === part.text) throw new Error('Inventory JSON items are not separated by a comma');
      const items = JSON.parse(`[${text}]`) as unknown[];
      for (const item of items) checkItem(item, this.items++);
      if (items.length !== part.count) throw new Error(`A run of ${part.count} items parsed as ${items.length}`);
      return;
    }
    const closing = JSON.parse(`{"items":[${part.text}`) as Record<string, unknown>;
    this.finished = true;
    checkHeader({ ...this.header, item_count: closing.item_count }, this.expectedUserId, this.items);
  }

  /** The number of items, once the closing part has been checked. */
  get itemCount(): number {
    if (!this.finished) throw new Error('Inventory JSON is incomplete: it has no closing part');
    return this.items;
  }
}

/** The fields the restore reads, of the types it needs. Self-contained: FileWriterThread runs it too. */
export function checkItem(item: unknown, index: number): void {
  const i = item as Record<string, unknown> | null;
  if (
    typeof i !== 'object' ||
    i === null ||
    typeof i.name !== 'string' ||
    typeof i.part_id !== 'string' ||
    typeof i.color !== 'string' ||
    typeof i.quantity_total !== 'number' ||
    typeof i.quantity_used !== 'number'
  ) {
    throw new Error(`Item ${index} of the inventory JSON is not a well-formed item`);
  }
}
