import type { Readable } from 'node:stream';
import { inspectInventoryJson } from '../inventory/import/import-file-reader.js';
import { INVENTORY_FORMAT } from '../inventory/inventory-export.service.js';

/**
 * Re-reads an inventory JSON file in one streaming pass (constant memory): it
 * must be complete, well-formed, of our format, for the expected user, and its
 * item_count must equal the number of items in it.
 */
export async function verifyInventoryJson(source: Readable, expectedUserId: number): Promise<{ itemCount: number }> {
  const { header, itemCount } = await inspectInventoryJson(source);
  if (header.format !== INVENTORY_FORMAT) throw new Error(`Not a ${INVENTORY_FORMAT} file (format: ${String(header.format)})`);
  const userId = (header.user as { id?: unknown } | undefined)?.id;
  if (userId !== expectedUserId) throw new Error(`Inventory file belongs to user ${String(userId)}, expected ${expectedUserId}`);
  if (header.item_count !== itemCount) throw new Error(`item_count says ${String(header.item_count)} but the file has ${itemCount} items`);
  return { itemCount };
}
