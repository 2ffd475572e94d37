import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const brick = { name: 'Brick 2 x 4', part_id: '3001', color: 'Red', quantity_total: 10, quantity_used: 2, storage_location: 'Drawer A1' };

describe.each(testDialects())('inventory items (%s)', (dialect) => {
  let t: TestApp;
  let john: string;
  let mary: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    john = (await t.register('john')).token;
    mary = (await t.register('mary')).token;
  });
  afterAll(() => t?.close());

  const countItems = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM inventory_items'))[0].n);

  it('creates, reads, updates and deletes an item', async () => {
    const created = await t.http.post('/api/inventory/items').set(bearer(john)).send(brick);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...brick, image_url: '', notes: '' });
    const id = created.body.id;

    expect((await t.http.get(`/api/inventory/items/${id}`).set(bearer(john))).body.part_id).toBe('3001');
    const patched = await t.http.patch(`/api/inventory/items/${id}`).set(bearer(john)).send({ quantity_used: 5, notes: 'from 10698' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ quantity_total: 10, quantity_used: 5, notes: 'from 10698' });

    expect((await t.http.delete(`/api/inventory/items/${id}`).set(bearer(john))).status).toBe(204);
    expect((await t.http.get(`/api/inventory/items/${id}`).set(bearer(john))).status).toBe(404);
  });

  it.each([
    [{ ...brick, quantity_used: 11 }, 'quantity_used'],
    [{ ...brick, quantity_total: -1, quantity_used: 0 }, 'quantity_total'],
    [{ ...brick, quantity_used: -1 }, 'quantity_used'],
    [{ ...brick, quantity_total: 1.5 }, 'quantity_total'],
    [{ part_id: '3001', color: 'Red' }, 'name'],
    [{ name: 'Brick', color: 'Red' }, 'part_id'],
    [{ name: 'Brick', part_id: '3001' }, 'color'],
    [{ ...brick, name: '   ' }, 'name'],
    [{ ...brick, user_id: 99 }, 'user_id'],
  ])('rejects %j with 400 naming %s, and writes nothing', async (body, field) => {
    const before = await countItems();
    const res = await t.http.post('/api/inventory/items').set(bearer(john)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(res.body.message).toContain(field);
    expect(await countItems()).toBe(before);
  });

  it('rejects an update that would make quantity_used exceed quantity_total', async () => {
    const { body } = await t.http
      .post('/api/inventory/items')
      .set(bearer(john))
      .send({ ...brick, part_id: '3002' })
      .expect(201);
    const res = await t.http.patch(`/api/inventory/items/${body.id}`).set(bearer(john)).send({ quantity_total: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('quantity_used');
    expect((await t.http.get(`/api/inventory/items/${body.id}`).set(bearer(john))).body.quantity_total).toBe(10);
  });

  it('gives 409 for a duplicate (part_id, color) of the same user, but allows it for another user', async () => {
    await t.http
      .post('/api/inventory/items')
      .set(bearer(john))
      .send({ ...brick, part_id: '3003' })
      .expect(201);
    const dup = await t.http
      .post('/api/inventory/items')
      .set(bearer(john))
      .send({ ...brick, part_id: '3003', name: 'other' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('3003');
    expect(
      (
        await t.http
          .post('/api/inventory/items')
          .set(bearer(mary))
          .send({ ...brick, part_id: '3003' })
      ).status,
    ).toBe(201);
    const other = await t.http
      .post('/api/inventory/items')
      .set(bearer(john))
      .send({ ...brick, part_id: '3003', color: 'Blue' });
    expect(other.status).toBe(201);
    const clash = await t.http.patch(`/api/inventory/items/${other.body.id}`).set(bearer(john)).send({ color: 'Red' });
    expect(clash.status).toBe(409);
  });

  it("never shows or touches another user's item (404)", async () => {
    const { body } = await t.http
      .post('/api/inventory/items')
      .set(bearer(mary))
      .send({ ...brick, part_id: 'mary-1' })
      .expect(201);
    expect((await t.http.get(`/api/inventory/items/${body.id}`).set(bearer(john))).status).toBe(404);
    expect((await t.http.patch(`/api/inventory/items/${body.id}`).set(bearer(john)).send({ quantity_used: 0 })).status).toBe(404);
    expect((await t.http.delete(`/api/inventory/items/${body.id}`).set(bearer(john))).status).toBe(404);
    const list = await t.http.get('/api/inventory/items?pageSize=500').set(bearer(john));
    expect(list.body.items.map((i: { part_id: string }) => i.part_id)).not.toContain('mary-1');
    expect((await t.http.get(`/api/inventory/items/${body.id}`).set(bearer(mary))).body.quantity_used).toBe(2);
  });

  describe('listing', () => {
    let token: string;
    beforeAll(async () => {
      token = (await t.register(`lister`)).token;
      const items = [
        { name: 'Plate 1 x 2', part_id: '3023', color: 'Black', quantity_total: 40, storage_location: 'Box 7' },
        { name: 'Brick 1 x 1', part_id: '3005', color: 'White', quantity_total: 5, storage_location: 'Drawer B2' },
        { name: 'Tile 2 x 2 100%_off', part_id: '3068b', color: 'Light Bluish Gray', quantity_total: 12, storage_location: 'Drawer A1' },
        { name: 'Brick 2 x 2', part_id: '3003', color: 'black', quantity_total: 8, storage_location: 'Box 7' },
      ];
      for (const item of items) await t.http.post('/api/inventory/items').set(bearer(token)).send(item).expect(201);
    });
    const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

    it('pages with a total', async () => {
      const page1 = await t.http.get('/api/inventory/items?pageSize=3&page=1').set(bearer(token));
      const page2 = await t.http.get('/api/inventory/items?pageSize=3&page=2').set(bearer(token));
      expect(page1.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(page1.body.items).toHaveLength(3);
      expect(names(page2)).toEqual(['Tile 2 x 2 100%_off']);
    });

    it('searches name, part_id, color and storage location, case-insensitively', async () => {
      expect(names(await t.http.get('/api/inventory/items?q=brick').set(bearer(token)))).toEqual(['Brick 1 x 1', 'Brick 2 x 2']);
      expect(names(await t.http.get('/api/inventory/items?q=3068').set(bearer(token)))).toEqual(['Tile 2 x 2 100%_off']);
      expect(names(await t.http.get('/api/inventory/items?q=BLACK').set(bearer(token)))).toEqual(['Brick 2 x 2', 'Plate 1 x 2']);
      expect(names(await t.http.get('/api/inventory/items?q=drawer').set(bearer(token)))).toEqual(['Brick 1 x 1', 'Tile 2 x 2 100%_off']);
      // % and _ are literal characters, not wildcards.
      expect(names(await t.http.get('/api/inventory/items?q=0%25_').set(bearer(token)))).toEqual(['Tile 2 x 2 100%_off']);
      expect(names(await t.http.get('/api/inventory/items?storageLocation=Box%207').set(bearer(token)))).toEqual(['Brick 2 x 2', 'Plate 1 x 2']);
    });

    it('sorts ascending and descending', async () => {
      const asc = await t.http.get('/api/inventory/items?sort=quantity_total').set(bearer(token));
      expect(asc.body.items.map((i: { quantity_total: number }) => i.quantity_total)).toEqual([5, 8, 12, 40]);
      const desc = await t.http.get('/api/inventory/items?sort=-part_id').set(bearer(token));
      expect(desc.body.items.map((i: { part_id: string }) => i.part_id)).toEqual(['3068b', '3023', '3005', '3003']);
    });

    it('rejects an unknown sort field or a bad page with 400', async () => {
      const res = await t.http.get('/api/inventory/items?sort=password').set(bearer(token));
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('sort');
      expect((await t.http.get('/api/inventory/items?page=0').set(bearer(token))).status).toBe(400);
    });
  });

  it('exports the inventory JSON, streamed, with every item and a matching count', async () => {
    const { token, id } = await t.register('exporter');
    for (let i = 0; i < 25; i++) {
      await t.http
        .post('/api/inventory/items')
        .set(bearer(token))
        .send({ name: `Part ${i} "quoted", ünïcode`, part_id: `p${i}`, color: 'Red', quantity_total: i, quantity_used: 0, notes: 'line1\nline2' })
        .expect(201);
    }
    const res = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="exporter_inventory_\d{8}_\d{6}\.json"$/);
    const data = JSON.parse(res.text);
    expect(data).toMatchObject({ format: 'blockshelf-inventory', version: 1, user: { id, username: 'exporter' }, item_count: 25 });
    expect(data.items).toHaveLength(25);
    expect(data.items.find((i: { part_id: string }) => i.part_id === 'p3')).toMatchObject({
      name: 'Part 3 "quoted", ünïcode',
      quantity_total: 3,
      notes: 'line1\nline2',
    });
    // Ordered by (part_id, color), so identical inventories export identically.
    expect(data.items.map((i: { part_id: string }) => i.part_id)).toEqual([...data.items.map((i: { part_id: string }) => i.part_id)].sort());
    expect(Object.keys(data.items[0]).sort()).toEqual([
      'color',
      'created_at',
      'image_url',
      'name',
      'notes',
      'part_id',
      'quantity_total',
      'quantity_used',
      'storage_location',
      'updated_at',
    ]);
    // The export reads timestamps its own way (text on SQLite, and on PostgreSQL in a UTC process): the same instants as the API's.
    const listed = (await t.http.get('/api/inventory/items?pageSize=100').set(bearer(token))).body.items as Array<Record<string, string>>;
    for (const item of data.items as Array<Record<string, string>>) {
      const api = listed.find((i) => i.part_id === item.part_id)!;
      expect([item.created_at, item.updated_at]).toEqual([api.created_at, api.updated_at]);
      expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('exports an empty inventory as valid JSON', async () => {
    const { token } = await t.register('empty');
    const res = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    expect(JSON.parse(res.text)).toMatchObject({ items: [], item_count: 0 });
  });
});
