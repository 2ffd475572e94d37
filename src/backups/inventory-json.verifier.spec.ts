import { Readable } from 'node:stream';
import { InventoryJsonCheck, verifyInventoryJson } from './inventory-json.verifier.js';

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

describe('InventoryJsonCheck: the same checks on the parts as they are written', () => {
  const item = (n: number) => JSON.stringify({ name: `Brick ${n}`, part_id: `300${n}`, color: 'Red', quantity_total: n, quantity_used: 0 });
  const header = {
    kind: 'header' as const,
    text: '{"format":"blockshelf-inventory","version":1,"exported_at":"2026-11-26T02:00:00.000Z","user":{"id":3,"username":"john"},"items":[',
  };
  const parts = () => [
    header,
    { kind: 'items' as const, text: `${item(1)},${item(2)}`, count: 2 },
    { kind: 'items' as const, text: `,${item(3)}`, count: 1 },
    { kind: 'footer' as const, text: '],"item_count":3}', count: 3 },
  ];
  const run = (list: ReturnType<typeof parts>, userId = 3) => {
    const check = new InventoryJsonCheck(userId);
    for (const part of list) check.push(part as never);
    return check.itemCount;
  };

  it('accepts well-formed parts and counts the items; their text is a whole, parseable file', () => {
    expect(run(parts())).toBe(3);
    expect(
      JSON.parse(
        parts()
          .map((p) => p.text)
          .join(''),
      ).items,
    ).toHaveLength(3);
  });

  it.each([
    ['a missing comma between runs', (p: ReturnType<typeof parts>) => (p[2].text = item(3)), /not separated by a comma/],
    ['a broken item', (p: ReturnType<typeof parts>) => (p[1].text = `${item(1)},{"name":`), /JSON/],
    [
      'an item without its quantities',
      (p: ReturnType<typeof parts>) => (p[1].text = `${item(1)},{"name":"x","part_id":"1","color":"Red"}`),
      /Item 1 .* not a well-formed item/,
    ],
    ['a wrong item_count', (p: ReturnType<typeof parts>) => (p[3].text = '],"item_count":4}'), /item_count says 4 but the file has 3 items/],
    ['a run whose count is wrong', (p: ReturnType<typeof parts>) => ((p[1] as { count: number }).count = 3), /A run of 3 items parsed as 2/],
  ])('rejects %s', (_label, spoil, message) => {
    const list = parts();
    spoil(list);
    expect(() => run(list)).toThrow(message);
  });

  it('rejects another user, and parts that stop before the end', () => {
    expect(() => run(parts(), 4)).toThrow(/belongs to user 3, expected 4/);
    expect(() => run(parts().slice(0, 3))).toThrow(/incomplete/);
  });
});
