import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const item = (i: number, extra: Record<string, unknown> = {}) => ({
  name: `Brick ${i}`,
  part_id: `p${i}`,
  color: 'Red',
  quantity_total: 10 + i,
  quantity_used: 1,
  storage_location: `Drawer ${i}`,
  image_url: '',
  notes: '',
  ...extra,
});

const CSV_HEADER = 'name,part_id,color,quantity_total,quantity_used,storage_location,image_url,notes,created_at,updated_at\r\n';

/** Characters refused in every text field (names allow line breaks, notes line breaks and tabs). */
const EVERYWHERE = [
  ['NUL', '\u0000'],
  ['a C0 control', '\u0001'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['a lone surrogate', '\ud800'],
];
const TEXT_FIELDS = ['name', 'part_id', 'color', 'storage_location', 'image_url', 'notes'];
type Case = [field: string, label: string, character: string];
const BAD_TEXT: Case[] = [
  ...TEXT_FIELDS.flatMap((field) => EVERYWHERE.map(([label, ch]): Case => [field, label, ch])),
  ...['part_id', 'color', 'storage_location', 'image_url'].flatMap((field): Case[] => [
    [field, 'a newline', '\n'],
    [field, 'a tab', '\t'],
  ]),
  ['name', 'a tab', '\t'],
  ['notes', 'a vertical tab', '\u000b'],
];

describe.each(testDialects())('strict input (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  /** The export minus its timestamp: what "unchanged" means. */
  const snapshot = async (token: string) => {
    const res = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    expect(res.status).toBe(200);
    const data = JSON.parse(res.text);
    delete data.exported_at;
    return data;
  };
  const importJson = (token: string, body: unknown) =>
    t.http.post('/api/inventory/import?mode=replace').set(bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const importCsv = (token: string, csv: string) =>
    t.http.post('/api/inventory/import?mode=replace').set(bearer(token)).set('Content-Type', 'text/csv').send(csv);

  describe('bad input: 400 naming the row and field, inventory unchanged', () => {
    let token: string;
    let itemId: number;
    let before: unknown;
    beforeAll(async () => {
      token = (await t.register('strict')).token;
      for (let i = 0; i < 3; i++) {
        const res = await t.http.post('/api/inventory/items').set(bearer(token)).send(item(i)).expect(201);
        itemId = res.body.id;
      }
      before = await snapshot(token);
    });
    afterEach(async () => {
      expect(await snapshot(token)).toEqual(before);
    });

    /** The row-1 detail and the summary message naming it. */
    const expectRowError = (res: { status: number; body: { message: string; details: unknown[] } }, field: string, message: RegExp) => {
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ index: 1, field, message: expect.stringMatching(message) });
      expect(res.body.message).toMatch(new RegExp(`nothing was imported \\(first: row 1, ${field} `));
    };

    it.each(BAD_TEXT)('JSON import: %s with %s', async (field, _label, ch) => {
      const res = await importJson(token, { items: [item(0), item(1, { [field]: `x${ch}y` })] });
      expectRowError(res, field, new RegExp(`^${field} must not contain .*U\\+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`));
    });

    it.each([
      ['NUL in name', 'Brick\u0000,3001,Red,1,0,,,,,', 'name'],
      ['NUL in part_id', 'Brick,30\u000001,Red,1,0,,,,,', 'part_id'],
      ['NUL in notes', 'Brick,3001,Red,1,0,,,"a\u0000b",,', 'notes'],
      ['a newline in color', 'Brick,3001,"Re\nd",1,0,,,,,', 'color'],
      ['an ESC in storage_location', 'Brick,3001,Red,1,0,Box\u001b7,,,,', 'storage_location'],
    ])('CSV import: %s', async (_label, line, field) => {
      const res = await importCsv(token, `${CSV_HEADER}Good,1,Red,1,0,,,,,\r\n${line}\r\n`);
      expectRowError(res, field, new RegExp(`^${field} must not contain`));
    });

    it.each([
      ['quantity_used', null],
      ['quantity_used', ''],
      ['quantity_total', null],
      ['quantity_total', ''],
    ])('JSON import: %s %j', async (field, value) => {
      const res = await importJson(token, [item(0), item(1, { quantity_used: 0, [field]: value })]);
      expectRowError(res, field, new RegExp(`^${field} must be a whole number, not (null|an empty string)`));
    });

    it.each([
      ['created_at', '2026-02-30T00:00:00Z'],
      ['created_at', '2023-02-29T12:00:00Z'],
      ['created_at', '12'],
      ['created_at', 12],
      ['created_at', '2026-11-26'],
      ['created_at', '2026-11-26T11:00:00'],
      ['created_at', '2026-13-01T00:00:00Z'],
      ['updated_at', '2026-11-26T24:00:00Z'],
      ['updated_at', 'yesterday'],
      ['updated_at', '26/11/2026 11:00'],
    ])('JSON import: %s %j', async (field, value) => {
      const res = await importJson(token, [item(0), item(1, { [field]: value })]);
      expectRowError(res, field, new RegExp(`^${field} must be an ISO 8601 date and time`));
    });

    it('CSV import: an impossible date', async () => {
      const res = await importCsv(token, `${CSV_HEADER}Good,1,Red,1,0,,,,,\r\nBad,2,Red,1,0,,,,2026-02-30 10:00:00+00:00,\r\n`);
      expectRowError(res, 'created_at', /^created_at must be an ISO 8601 date and time/);
    });

    it.each(TEXT_FIELDS)('POST /api/inventory/items with NUL in %s → 400 naming it', async (field) => {
      const res = await t.http
        .post('/api/inventory/items')
        .set(bearer(token))
        .send(item(9, { [field]: 'a\u0000b' }));
      expect(res.status).toBe(400);
      const message = expect.stringMatching(new RegExp(`^${field} must not contain a control character \\(U\\+0000`));
      expect(res.body.details).toContainEqual({ field, message });
    });

    it.each(TEXT_FIELDS)('PATCH /api/inventory/items/:id with NUL in %s → 400 naming it', async (field) => {
      const res = await t.http
        .patch(`/api/inventory/items/${itemId}`)
        .set(bearer(token))
        .send({ [field]: 'a\u0000b' });
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ field, message: expect.stringMatching(new RegExp(`^${field} must not contain a control character`)) });
    });

    it.each([
      ['name', 'a\tb'],
      ['part_id', 'a\nb'],
      ['color', 'a\u001bb'],
      ['notes', 'a\u000bb'],
      ['storage_location', 'a\ud800b'],
    ])('POST /api/inventory/items refuses %s %j as the import does', async (field, value) => {
      const res = await t.http
        .post('/api/inventory/items')
        .set(bearer(token))
        .send(item(9, { [field]: value }));
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });

    it('GET /api/inventory/items?q= with NUL → 400, not a database error', async () => {
      const res = await t.http.get('/api/inventory/items').query({ q: 'a\u0000b' }).set(bearer(token));
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('q');
    });
  });

  it('still reads what it should: line breaks in names and notes, tabs in notes, the original CSV and JSON dates, empty CSV quantities as 0', async () => {
    const { token } = await t.register('lenient');
    const csv =
      '\uFEFF' +
      CSV_HEADER +
      '"Brick 2 x 4",3001,Red,10,2,"Drawer A1, left","","from set 10698, ""classic""",2023-12-15T02:00:00Z,2023-12-15T02:00:00Z\r\n' +
      '"Plate\n1 x 2",3023,Light Bluish Gray,,,Box 7,,"line one\r\nline two\tcol",2023-12-15 02:00:00.123456+00:00,2023-12-15 03:00:00+01:00\r\n';
    const res = await importCsv(token, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', total: 2, created: 2 });
    const items = (await snapshot(token)).items;
    expect(items[0]).toMatchObject({ name: 'Brick 2 x 4', created_at: '2023-12-15T02:00:00.000Z', updated_at: '2023-12-15T02:00:00.000Z' });
    // An empty CSV quantity cell is 0, as the original Django app read it.
    expect(items[1]).toMatchObject({ name: 'Plate\n1 x 2', quantity_total: 0, quantity_used: 0, notes: 'line one\r\nline two\tcol' });
    expect(items[1]).toMatchObject({ created_at: '2023-12-15T02:00:00.123Z', updated_at: '2023-12-15T02:00:00.000Z' });

    const json = await importJson(token, [
      item(1, { created_at: '2026-11-26T11:00:00.000Z', updated_at: '2026-11-26T12:30:00+01:30' }),
      item(2, { name: 'Two\nlines', notes: 'tab\there', quantity_used: undefined, quantity_total: undefined }),
    ]);
    expect(json.status).toBe(200);
    const after = (await snapshot(token)).items;
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ part_id: 'p1', created_at: '2026-11-26T11:00:00.000Z', updated_at: '2026-11-26T11:00:00.000Z' });
    expect(after[1]).toMatchObject({ part_id: 'p2', name: 'Two\nlines', notes: 'tab\there', quantity_total: 0, quantity_used: 0 });

    const posted = await t.http
      .post('/api/inventory/items')
      .set(bearer(token))
      .send(item(3, { name: 'Plate\n1 x 2', notes: 'a\tb\r\nc' }));
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ name: 'Plate\n1 x 2', notes: 'a\tb\r\nc' });
  });
});
