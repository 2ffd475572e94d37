import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const item = (i: number, extra: Record<string, unknown> = {}) => ({
  name: `Brick ${i}`,
  part_id: `p${i}`,
  color: i % 2 ? 'Red' : 'Blue',
  quantity_total: 10 + i,
  quantity_used: i % 5,
  storage_location: `Drawer ${i % 3}`,
  image_url: '',
  notes: i === 3 ? 'comma, "quote"\nnewline' : '',
  ...extra,
});

describe.each(testDialects())('inventory import (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login();
  });
  afterAll(() => t?.close());

  /** The export minus its timestamp: what "identical inventory" means. */
  const snapshot = async (token: string) => {
    const res = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    const data = JSON.parse(res.text);
    delete data.exported_at;
    return data;
  };
  const importJson = (token: string, body: unknown, query = '') =>
    t.http
      .post(`/api/inventory/import${query}`)
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const seed = async (name: string, n: number) => {
    const u = await t.register(name);
    for (let i = 0; i < n; i++) await t.http.post('/api/inventory/items').set(bearer(u.token)).send(item(i)).expect(201);
    return u;
  };

  it('round trip: export → change and delete items → import (replace) → identical inventory', async () => {
    const { token } = await seed('roundtrip', 12);
    const backup = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    const before = await snapshot(token);
    const items = (await t.http.get('/api/inventory/items?pageSize=100&sort=part_id').set(bearer(token))).body.items;
    await t.http.patch(`/api/inventory/items/${items[0].id}`).set(bearer(token)).send({ quantity_used: 0, notes: 'changed' }).expect(200);
    await t.http.delete(`/api/inventory/items/${items[1].id}`).set(bearer(token)).expect(204);
    await t.http.post('/api/inventory/items').set(bearer(token)).send(item(99)).expect(201);

    const res = await importJson(token, backup.text, '?mode=replace');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'replace',
      dry_run: false,
      format: 'json',
      total: 12,
      created: 1,
      updated: 1,
      unchanged: 10,
      deleted: 1,
      safety_backup_id: expect.any(Number),
    });
    expect(await snapshot(token)).toEqual(before);
  });

  it('merge upserts on (part_id, color) and leaves other items alone', async () => {
    const { token } = await seed('merger', 4);
    const res = await importJson(token, [item(0, { quantity_total: 500 }), item(1), item(7)]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'merge', total: 3, created: 1, updated: 1, unchanged: 1, deleted: 0 });
    const after = await snapshot(token);
    expect(after.item_count).toBe(5);
    expect(after.items.find((i: { part_id: string }) => i.part_id === 'p0').quantity_total).toBe(500);
    expect(after.items.map((i: { part_id: string }) => i.part_id).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p7']);
  });

  it('dry run reports the same numbers and writes nothing', async () => {
    const { token } = await seed('dryrunner', 3);
    const before = await snapshot(token);
    const res = await importJson(token, { items: [item(0, { notes: 'x' }), item(5)] }, '?mode=replace&dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dry_run: true, created: 1, updated: 1, unchanged: 0, deleted: 2 });
    expect(await snapshot(token)).toEqual(before);
  });

  describe('bad input: 4xx naming the problem, inventory byte-identical', () => {
    let token: string;
    let before: unknown;
    beforeAll(async () => {
      token = (await seed('victim', 5)).token;
      before = await snapshot(token);
    });
    afterEach(async () => {
      expect(await snapshot(token)).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"items": [{"name": "Brick"', /Malformed JSON/],
      ['an object without items', { format: 'blockshelf-inventory' }, /no "items" array/],
      ['items that is not an array', { items: { name: 'x' } }, /"items" must be an array/],
      ['an empty file', '', /empty/],
      ['whitespace only', '   \n ', /empty/],
    ])('%s', async (_label, body, message) => {
      const res = await importJson(token, body, '?mode=replace');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    });

    it.each([
      ['a wrong type', [item(0), item(1, { quantity_total: '12' })], { index: 1, field: 'quantity_total' }],
      ['a name that is a number', [item(0, { name: 42 })], { index: 0, field: 'name' }],
      ['a missing part_id', [item(0), item(1), { name: 'x', color: 'Red' }], { index: 2, field: 'part_id' }],
      ['a missing color', [{ name: 'x', part_id: '1' }], { index: 0, field: 'color' }],
      ['quantity_used > quantity_total', [item(0, { quantity_total: 1, quantity_used: 2 })], { index: 0, field: 'quantity_used' }],
      ['a negative quantity', [item(0, { quantity_total: -1, quantity_used: 0 })], { index: 0, field: 'quantity_total' }],
      ['a fractional quantity', [item(0, { quantity_used: 1.5 })], { index: 0, field: 'quantity_used' }],
      ['a duplicate (part_id, color) in the file', [item(0), item(1), item(0, { name: 'again' })], { index: 2, field: 'part_id' }],
      ['an item that is not an object', [item(0), 'brick'], { index: 1, field: 'item' }],
      ['a bad date', [item(0, { created_at: 'yesterday' })], { index: 0, field: 'created_at' }],
    ])('%s is listed by row and field; nothing is written', async (_label, items, detail) => {
      const res = await importJson(token, { items }, '?mode=replace');
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual(expect.objectContaining(detail));
      expect(res.body.message).toMatch(/nothing was imported/);
    });

    it('reports every bad row (up to 100) even when the good rows come first', async () => {
      const items = Array.from({ length: 300 }, (_, i) => item(i, i >= 150 ? { quantity_used: 999 } : {}));
      const res = await importJson(token, items, '?mode=replace');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^150 of 300 row\(s\) are invalid/);
      expect(res.body.details).toHaveLength(100);
      expect(res.body.details[0]).toMatchObject({ index: 150, field: 'quantity_used' });
    });

    it("a non-admin cannot import into someone else's inventory (403)", async () => {
      const other = await t.register('bystander');
      const res = await importJson(other.token, [item(1)], `?userId=${(await t.http.get('/api/auth/me').set(bearer(token))).body.id}`);
      expect(res.status).toBe(403);
    });

    it('rejects an unknown mode with 400', async () => {
      const res = await importJson(token, [item(1)], '?mode=overwrite');
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('mode');
    });
  });

  it("ignores ids, user ids and roles in the file: items land in the importer's inventory only", async () => {
    const victim = await seed('target', 2);
    const victimBefore = await snapshot(victim.token);
    const attacker = await t.register('attacker');
    const res = await importJson(attacker.token, {
      user: { id: victim.id, username: 'target' },
      items: [item(0, { id: 1, user_id: victim.id, role: 'admin' })],
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    expect((await snapshot(attacker.token)).items).toHaveLength(1);
    expect(await snapshot(victim.token)).toEqual(victimBefore);
    expect((await t.http.get('/api/auth/me').set(bearer(attacker.token))).body.role).toBe('user');
  });

  it('an admin may import into another user with ?userId=', async () => {
    const u = await t.register('helped');
    const res = await importJson(admin, [item(1), item(2)], `?userId=${u.id}`);
    expect(res.status).toBe(200);
    expect((await snapshot(u.token)).item_count).toBe(2);
    expect((await importJson(admin, [item(1)], '?userId=999999')).status).toBe(404);
  });

  it('reads the CSV the original Django app wrote: BOM, quoted commas and newlines', async () => {
    const u = await t.register('csvuser');
    const csv =
      '\uFEFFname,part_id,color,quantity_total,quantity_used,storage_location,image_url,notes,created_at,updated_at\r\n' +
      '"Brick 2 x 4",3001,Red,10,2,"Drawer A1, left","","from set 10698, ""classic""",2023-12-15T02:00:00Z,2023-12-15T02:00:00Z\r\n' +
      '"Plate\n1 x 2",3023,Light Bluish Gray,40,0,Box 7,,"line one\nline two",,\r\n';
    const res = await t.http.post('/api/inventory/import').set(bearer(u.token)).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', total: 2, created: 2 });
    const items = (await snapshot(u.token)).items;
    expect(items[0]).toMatchObject({
      name: 'Brick 2 x 4',
      part_id: '3001',
      storage_location: 'Drawer A1, left',
      notes: 'from set 10698, "classic"',
      created_at: '2023-12-15T02:00:00.000Z',
    });
    expect(items[1]).toMatchObject({ name: 'Plate\n1 x 2', color: 'Light Bluish Gray', quantity_total: 40, notes: 'line one\nline two' });
  });

  it('rejects a CSV without the required columns, or with a bad quantity', async () => {
    const u = await t.register('csvbad');
    const noHeader = await t.http.post('/api/inventory/import').set(bearer(u.token)).set('Content-Type', 'text/csv').send('title,part\nx,1\n');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toMatch(/missing column\(s\): name, part_id, color/);
    const bad = await t.http
      .post('/api/inventory/import')
      .set(bearer(u.token))
      .set('Content-Type', 'text/csv')
      .send('name,part_id,color,quantity_total\nBrick,1,Red,ten\n');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ index: 0, field: 'quantity_total' });
    expect((await snapshot(u.token)).item_count).toBe(0);
  });

  it('accepts a multipart upload (the "file" field)', async () => {
    const u = await t.register('uploader');
    const res = await t.http
      .post('/api/inventory/import?mode=replace')
      .set(bearer(u.token))
      .attach('file', Buffer.from(JSON.stringify({ items: [item(1), item(2), item(3)] })), { filename: 'backup.json', contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(3);
  });

  it('keeps a large import flat: 5,000 items in one transaction', async () => {
    const u = await t.register('bulk');
    const items = Array.from({ length: 5000 }, (_, i) => item(i));
    const res = await importJson(u.token, { items });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(5000);
    expect((await snapshot(u.token)).item_count).toBe(5000);
  });
});

describe('import size limit (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { IMPORT_MAX_BYTES: '4096' } });
  });
  afterAll(() => t?.close());

  it('answers 413 beyond IMPORT_MAX_BYTES and writes nothing', async () => {
    const { token } = await t.register('big');
    const items = Array.from({ length: 100 }, (_, i) => item(i));
    const raw = await t.http.post('/api/inventory/import').set(bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify({ items }));
    expect(raw.status).toBe(413);
    expect(raw.body.message).toMatch(/IMPORT_MAX_BYTES/);
    const multipart = await t.http
      .post('/api/inventory/import')
      .set(bearer(token))
      .attach('file', Buffer.from(JSON.stringify({ items })), 'big.json');
    expect(multipart.status).toBe(413);
    const rows = await t.dataSource.query('SELECT COUNT(*) AS n FROM inventory_items');
    expect(Number(rows[0].n)).toBe(0);
  });
});
