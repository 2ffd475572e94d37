import { randomBytes } from 'node:crypto';
const processPart = randomBytes(4).toString('hex');
let counter = 0;
/**
 * The unique part of a temp name: "<owner token>-<hex>". Unique within the
 * process by a counter (the owner token tells processes apart); a
 * randomBytes() call per file cost more than writing a small one.
 */
export function tempSuffix(ownerTag) {
    return `${ownerTag}-${processPart}${(++counter).toString(16)}`;
}
//# sourceMappingURL=temp-names.js.map