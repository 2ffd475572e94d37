import { Readable } from 'node:stream';
import { verifyInventoryJson } from './inventory-json.verifier.js';

const doc = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'blockshelf-inventory',
    version: 1,
    exported_at: '2026-11-26T02:00:00.000Z',
    user: { id: 3, username: 'john' },
    items,
    item_count: items.length,
    ...extra,
  });
const stream = (text: string) => Readable.from([Buffer.from(text.slice(0, 17)), Buffer.from(text.slice(17))]);
const items = [
  { name: 'Brick, "2x4"', part_id: '3001' },
  { name: 'Plate\n1x2', part_id: '3023' },
];

describe('verifyInventoryJson', () => {
  it('accepts a complete file of the right user and counts its items', async () => {
    await expect(verifyInventoryJson(stream(doc(items)), 3)).resolves.toEqual({ itemCount: 2 });
    await expect(verifyInventoryJson(stream(doc([])), 3)).resolves.toEqual({ itemCount: 0 });
  });

  it.each([
    ['a truncated file', doc(items).slice(0, -20), 3, /Malformed JSON/],
    ['a broken item', doc(items).replace('"part_id":"3023"', '"part_id":3023"'), 3, /Malformed JSON/],
    ['another user', doc(items), 4, /belongs to user 3, expected 4/],
    ['a wrong count', doc(items, { item_count: 5 }), 3, /item_count says 5 but the file has 2 items/],
    ['another format', doc(items, { format: 'something-else' }), 3, /Not a blockshelf-inventory file/],
  ])('rejects %s', async (_label, text, userId, message) => {
    await expect(verifyInventoryJson(stream(text as string), userId as number)).rejects.toThrow(message as RegExp);
  });
});
