import { inspectInventoryJson } from '../inventory/import/import-file-reader.js';
import { INVENTORY_FORMAT } from '../inventory/inventory-export.service.js';
/**
 * Re-reads an inventory JSON file in one streaming pass (constant memory): it
 * must be complete, well-formed, of our format, for the expected user, and its
 * item_count must equal the number of items in it.
 */
export async function verifyInventoryJson(source, expectedUserId) {
    const { header, itemCount } = await inspectInventoryJson(source);
    return { itemCount: checkHeader(header, expectedUserId, itemCount) };
}
function checkHeader(header, expectedUserId, itemCount) {
    if (header.format !== INVENTORY_FORMAT)
        throw new Error(`Not a ${INVENTORY_FORMAT} file (format: ${String(header.format)})`);
    const userId = header.user?.id;
    if (userId !== expectedUserId)
        throw new Error(`Inventory file belongs to user ${String(userId)}, expected ${expectedUserId}`);
    if (header.item_count !== itemCount)
        throw new Error(`item_count says ${String(header.item_count)} but the file has ${itemCount} items`);
    return itemCount;
}
/**
 * The same checks as verifyInventoryJson, on the bytes as they are written
 * rather than read back: each part is JSON-parsed as it goes by, so a backup
 * is verified without a second pass over its file. The parts concatenate to
 * the file; each parses on its own, so the whole is well-formed JSON.
 */
export class InventoryJsonCheck {
    expectedUserId;
    header;
    items = 0;
    finished = false;
    constructor(expectedUserId) {
        this.expectedUserId = expectedUserId;
    }
    /** Checks one part; throws when it is not what a well-formed inventory file has at this place. */
    push(part) {
        if (this.finished)
            throw new Error('Inventory JSON goes on after its end');
        if (part.kind === 'header') {
            if (this.header)
                throw new Error('Inventory JSON has two headers');
            this.header = JSON.parse(part.text + ']}');
            return;
        }
        if (!this.header)
            throw new Error('Inventory JSON does not start with its header');
        if (part.kind === 'items') {
            const text = this.items > 0 ? part.text.replace(/^,/, '') : part.text;
            if (this.items > 0 && text === part.text)
                throw new Error('Inventory JSON items are not separated by a comma');
            const items = JSON.parse(`[${text}]`);
            for (const item of items)
                checkItem(item, this.items++);
            if (items.length !== part.count)
                throw new Error(`A run of ${part.count} items parsed as ${items.length}`);
            return;
        }
        const closing = JSON.parse(`{"items":[${part.text}`);
        this.finished = true;
        checkHeader({ ...this.header, item_count: closing.item_count }, this.expectedUserId, this.items);
    }
    /** The number of items, once the closing part has been checked. */
    get itemCount() {
        if (!this.finished)
            throw new Error('Inventory JSON is incomplete: it has no closing part');
        return this.items;
    }
}
/** The fields the restore reads, of the types it needs. */
function checkItem(item, index) {
    const i = item;
    if (typeof i !== 'object' ||
        i === null ||
        typeof i.name !== 'string' ||
        typeof i.part_id !== 'string' ||
        typeof i.color !== 'string' ||
        typeof i.quantity_total !== 'number' ||
        typeof i.quantity_used !== 'number') {
        throw new Error(`Item ${index} of the inventory JSON is not a well-formed item`);
    }
}
//# sourceMappingURL=inventory-json.verifier.js.map