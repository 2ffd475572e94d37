import { pipeline } from 'node:stream/promises';
import { parserStream } from 'stream-json';
import { INVENTORY_FORMAT } from '../inventory/inventory-export.service.js';
/**
 * Re-parses an inventory JSON file as a token stream (constant memory): it must
 * be complete, well-formed, of our format, for the expected user, and its
 * item_count must equal the number of items in it.
 */
export async function verifyInventoryJson(source, expectedUserId) {
    const top = {};
    let userId;
    let items = 0;
    await pipeline(source, parserStream({ streamValues: false }), async function* (tokens) {
        let depth = 0;
        let key;
        const path = [];
        for await (const token of tokens) {
            switch (token.name) {
                case 'startObject':
                case 'startArray':
                    if (depth === 2 && path[1] === 'items' && token.name === 'startObject')
                        items++;
                    path[depth] = key;
                    depth++;
                    key = undefined;
                    break;
                case 'endObject':
                case 'endArray':
                    depth--;
                    break;
                case 'keyValue':
                    key = token.value;
                    break;
                default: {
                    const value = token.name === 'numberValue' ? Number(token.value) : token.value ?? token.name;
                    if (depth === 1 && key)
                        top[key] = value;
                    if (depth === 2 && path[1] === 'user' && key === 'id')
                        userId = Number(value);
                    key = undefined;
                }
            }
        }
    });
    if (top.format !== INVENTORY_FORMAT)
        throw new Error(`Not a ${INVENTORY_FORMAT} file (format: ${String(top.format)})`);
    if (userId !== expectedUserId)
        throw new Error(`Inventory file belongs to user ${userId}, expected ${expectedUserId}`);
    if (top.item_count !== items)
        throw new Error(`item_count says ${String(top.item_count)} but the file has ${items} items`);
    return { itemCount: items };
}
//# sourceMappingURL=inventory-json.verifier.js.map