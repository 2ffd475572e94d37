import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const FIELDS = ['name', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes'] as const;
type Fields = Record<(typeof FIELDS)[number], unknown>;
type Item = Fields & { part_id: string; color: string };
interface Change {
  part_id: string;
  color: string;
  change: 'added' | 'removed' | 'changed';
  before?: Partial<Fields>;
  after?: Partial<Fields>;
}

const item = (i: number, extra: Partial<Item> = {}): Item => ({
  name: `Brick ${i}`,
  part_id: `p${i}`,
  color: i % 2 ? 'Red' : 'Blue',
  quantity_total: 10 + i,
  quantity_used: i % 5,
  storage_location: `Drawer ${i % 3}`,
  image_url: '',
  notes: '',
  ...extra,
});
const fieldsOf = (i: Item): Fields => Object.fromEntries(FIELDS.map((f) => [f, i[f]])) as Fields;
const byKey = (a: Change, b: Change) => (a.part_id + '\0' + a.color).localeCompare(b.part_id + '\0' + b.color);

/** What actually happened between two exports, in the shape of a dry run's `changes`. */
function difference(before: Item[], after: Item[]): Change[] {
  const key = (i: Item) => `${i.part_id}\0${i.color}`;
  const old = new Map(before.map((i) => [key(i), i]));
  const now = new Map(after.map((i) => [key(i), i]));
  const changes: Change[] = [];
  for (const [k, a] of now) {
    const b = old.get(k);
    if (!b) {
      changes.push({ part_id: a.part_id, color: a.color, change: 'added', after: fieldsOf(a) });
      continue;
    }
    const differing = FIELDS.filter((f) => a[f] !== b[f]);
    if (differing.length) {
      changes.push({
        part_id: a.part_id,
        color: a.color,
        change: 'changed',
        before: Object.fromEntries(differing.map((f) => [f, b[f]])),
        after: Object.fromEntries(differing.map((f) => [f, a[f]])),
      });
    }
  }
  for (const [k, b] of old) if (!now.has(k)) changes.push({ part_id: b.part_id, color: b.color, change: 'removed', before: fieldsOf(b) });
  return changes.sort(byKey);
}

describe.each(testDialects())('dry-run changes of imports and restores (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  const exported = async (token: string): Promise<Item[]> => JSON.parse((await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true)).text).items;
  const importJson = (token: string, body: unknown, query = '') =>
    t.http.post(`/api/inventory/import${query}`).set(bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const seed = async (name: string, items: Item[]) => {
    const u = await t.register(name);
    await importJson(u.token, items).expect(200);
    return u;
  };

  describe('an import with one added, one removed, one changed and one unchanged item', () => {
    let token: string;
    const file = [item(1), item(3, { quantity_total: 50, notes: 'sorted, finally' }), item(5)];
    beforeAll(async () => {
      token = (await seed('crafter', [item(1), item(2), item(3)])).token;
    });

    it('replace dry run lists exactly those, writes nothing; the real run does exactly that', async () => {
      const before = await exported(token);
      const dry = await importJson(token, file, '?mode=replace&dryRun=true');
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dry_run: true, created: 1, updated: 1, unchanged: 1, deleted: 1, changes_truncated: false });
      const changes = [...dry.body.changes].sort(byKey);
      expect(changes).toEqual([
        { part_id: 'p2', color: 'Blue', change: 'removed', before: fieldsOf(item(2)) },
        { part_id: 'p3', color: 'Red', change: 'changed', before: { quantity_total: 13, notes: '' }, after: { quantity_total: 50, notes: 'sorted, finally' } },
        { part_id: 'p5', color: 'Red', change: 'added', after: fieldsOf(item(5)) },
      ]);
      expect(await exported(token)).toEqual(before);

      const real = await importJson(token, file, '?mode=replace');
      expect(real.status).toBe(200);
      expect(real.body).toMatchObject({ dry_run: false, created: 1, updated: 1, unchanged: 1, deleted: 1 });
      expect(real.body.changes ?? []).toEqual([]);
      expect(difference(before, await exported(token))).toEqual(changes);
    });

    it('merge dry run removes nothing', async () => {
      const dry = await importJson(token, [item(1, { name: 'Renamed' }), item(7)], '?mode=merge&dryRun=true');
      expect(dry.status).toBe(200);
      expect([...dry.body.changes].sort(byKey)).toEqual([
        { part_id: 'p1', color: 'Red', change: 'changed', before: { name: 'Brick 1' }, after: { name: 'Renamed' } },
        { part_id: 'p7', color: 'Red', change: 'added', after: fieldsOf(item(7)) },
      ]);
      expect(dry.body.changes_truncated).toBe(false);
    });
  });

  it('restore dry run: the same shape, and the real restore does what it said', async () => {
    const john = await t.register('john');
    await importJson(john.token, [item(0), item(1), item(2), item(3)]).expect(200);
    const backupId = (await t.http.post('/api/backups/me').set(bearer(john.token)).send({}).expect(201)).body.backup.id;
    const items = (await t.http.get('/api/inventory/items?sort=part_id').set(bearer(john.token))).body.items;
    await t.http.delete(`/api/inventory/items/${items[0].id}`).set(bearer(john.token)).expect(204);
    await t.http.patch(`/api/inventory/items/${items[1].id}`).set(bearer(john.token)).send({ quantity_used: 0, storage_location: 'Shelf' }).expect(200);
    await t.http.post('/api/inventory/items').set(bearer(john.token)).send(item(9)).expect(201);
    const before = await exported(john.token);

    const dry = await t.http.post(`/api/backups/${backupId}/restore?dryRun=true`).set(bearer(john.token));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ mode: 'replace', dry_run: true, created: 1, updated: 1, deleted: 1, unchanged: 2, changes_truncated: false });
    const changes = [...dry.body.changes].sort(byKey);
    expect(changes).toEqual([
      { part_id: 'p0', color: 'Blue', change: 'added', after: fieldsOf(item(0)) },
      {
        part_id: 'p1',
        color: 'Red',
        change: 'changed',
        before: { quantity_used: 0, storage_location: 'Shelf' },
        after: { quantity_used: 1, storage_location: 'Drawer 1' },
      },
      { part_id: 'p9', color: 'Red', change: 'removed', before: fieldsOf(item(9)) },
    ]);
    expect(await exported(john.token)).toEqual(before);

    await t.http.post(`/api/backups/${backupId}/restore`).set(bearer(john.token)).expect(200);
    expect(difference(before, await exported(john.token))).toEqual(changes);
  });

  describe('the 200-entry cap', () => {
    const many = (from: number, to: number, extra: Partial<Item> = {}) => Array.from({ length: to - from }, (_, n) => item(from + n, extra));

    it('over several batches: 1,000 differences give 200 entries, changes_truncated, and the full counts', async () => {
      const { token } = await seed('hoarder', many(0, 1500));
      // 0..1199 kept, every other one changed; 1200..1499 removed; 2000..2099 added.
      const file = [...many(0, 1200).map((i, n) => (n % 2 ? { ...i, notes: 'recounted' } : i)), ...many(2000, 2100)];
      const res = await importJson(token, file, '?mode=replace&dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 100, updated: 600, deleted: 300, unchanged: 600, changes_truncated: true });
      expect(res.body.changes).toHaveLength(200);
      for (const c of res.body.changes as Change[]) {
        if (c.change === 'changed')
          expect(c).toEqual({ part_id: c.part_id, color: c.color, change: 'changed', before: { notes: '' }, after: { notes: 'recounted' } });
        else expect(c.change === 'added' ? c.after : c.before).toEqual(fieldsOf(item(Number(c.part_id.slice(1)))));
      }
    });

    it('exactly 200 differences are all listed; 201 are truncated (the removed ones are cut last)', async () => {
      const { token } = await seed('collector', many(0, 150));
      const exact = await importJson(token, many(500, 550), '?mode=replace&dryRun=true').expect(200);
      expect(exact.body).toMatchObject({ created: 50, deleted: 150, changes_truncated: false });
      expect(exact.body.changes).toHaveLength(200);

      const over = await importJson(token, many(500, 551), '?mode=replace&dryRun=true').expect(200);
      expect(over.body).toMatchObject({ created: 51, deleted: 150, changes_truncated: true });
      expect(over.body.changes).toHaveLength(200);
      const kinds = (over.body.changes as Change[]).map((c) => c.change);
      expect(kinds.filter((k) => k === 'added')).toHaveLength(51);
      expect(kinds.filter((k) => k === 'removed')).toHaveLength(149);
    });
  });
});
