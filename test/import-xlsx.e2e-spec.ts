import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, createDeflateRaw } from 'node:zlib';
import { runCli } from './support/cli.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BACKUP_HEADER = ['name', 'part_id', 'color', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes', 'created_at', 'updated_at'];
// The original "Export CSV" header (no timestamps), as a spreadsheet user would title it, in another order.
const EXPORT_HEADER = ['Part ID', 'Name', 'Color', 'Quantity Total', 'Quantity Used', 'Storage Location', 'Image URL', 'Notes'];

interface SourceItem {
  name: string;
  part_id: string;
  color: string;
  quantity_total: number;
  quantity_used: number;
  storage_location: string;
  image_url: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

const source = (i: number): SourceItem => ({
  name: i === 7 ? 'Plate\n1 x 2, "thin"' : `Brick ${i} x 4`,
  part_id: String(3000 + i),
  color: ['Red', 'Blue', 'Light Bluish Gray'][i % 3],
  quantity_total: 10 + i,
  quantity_used: i % 4 === 0 ? 0 : i % 7,
  storage_location: i % 5 === 0 ? '' : `Drawer ${i % 9}`,
  image_url: i % 11 === 0 ? `https://img.example/${i}.png` : '',
  notes: i % 6 === 0 ? `from set ${10000 + i}, ünïcödé ✓` : '',
  created_at: new Date(Date.UTC(2023, 11, 1 + (i % 28), 2, i % 60, 0)).toISOString(),
  updated_at: new Date(Date.UTC(2024, 0, 1 + (i % 28), 3, 0, i % 60)).toISOString(),
});

/** A cell as a spreadsheet holds it: part ids and quantities as numbers, empties as empty cells, some dates as date cells. */
function cell(item: SourceItem, column: string, i: number): ExcelJS.CellValue {
  const key = column.toLowerCase().replace(/ /g, '_') as keyof SourceItem;
  const value = item[key];
  if (key === 'part_id') return i % 2 ? Number(value) : value;
  if (key === 'quantity_used' && value === 0) return null;
  if ((key === 'created_at' || key === 'updated_at') && i % 2) return new Date(value as string);
  if (value === '') return null;
  return value;
}

async function workbook(header: string[], rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Inventory');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  // Only the first sheet is read: a second one with a bad row changes nothing.
  wb.addWorksheet('Notes').addRows([
    ['name', 'part_id', 'color', 'quantity_total'],
    ['x', '3001', 'Red', 'not a number'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function itemRows(header: string[], items: SourceItem[]): ExcelJS.CellValue[][] {
  return items.map((item, i) => header.map((column) => cell(item, column, i)));
}

/** A minimal ZIP writer: entries deflated, with the sizes each declares (a lie when `declare` says so). */
function zip(entries: { name: string; data: Buffer; size: number; crc: number; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const declared = e.declare ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const small = (name: string, text: string) => {
  const data = Buffer.from(text);
  return { name, data: deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** An .xlsx whose sheet XML inflates to `megabytes` MiB (a few hundred KiB on the wire), streamed through deflate. */
async function zipBomb(megabytes: number, lie: boolean): Promise<Buffer> {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'.repeat(1 << 14)).subarray(0, 1 << 20);
  const head = Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = crc32(head);
  deflate.write(head);
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(row, crc);
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const size = head.length + megabytes * row.length;
  return zip([
    small('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    small('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
    small(
      'xl/workbook.xml',
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Bomb" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    small(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat(out), size, crc, declare: lie ? 4096 : size },
  ]);
}

describe.each(testDialects())('Excel .xlsx import (%s)', (dialect) => {
  let t: TestApp;
  let workDir: string;

  beforeAll(async () => {
    // 1 MiB: an .xlsx may then inflate to 20 MiB, its shared strings to 1 MiB.
    t = await createTestApp(dialect, { env: { IMPORT_MAX_BYTES: String(1024 * 1024) } });
    workDir = await mkdtemp(join(tmpdir(), 'bs-xlsx-'));
  });
  afterAll(async () => {
    await t?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const snapshot = async (token: string) => {
    const res = await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true);
    const data = JSON.parse(res.text);
    delete data.exported_at;
    return data;
  };
  const sorted = <T extends { part_id: string; color: string }>(items: T[]) => [...items].sort((a, b) => (a.part_id + a.color < b.part_id + b.color ? -1 : 1));
  const upload = (token: string, body: Buffer, query = '', contentType = XLSX_TYPE) =>
    // serialize: superagent would otherwise JSON-encode a Buffer sent as application/json.
    t.http
      .post(`/api/inventory/import${query}`)
      .set(bearer(token))
      .set('Content-Type', contentType)
      .serialize((raw: unknown) => raw as string)
      .send(body);

  it("imports 300 items under the original's backup header exactly (numbers, text, empty cells, date cells, empty rows)", async () => {
    const { token } = await t.register('xlsx-backup');
    const items = Array.from({ length: 300 }, (_, i) => source(i));
    const rows = itemRows(BACKUP_HEADER, items);
    rows.splice(100, 0, [], [null, null, '']); // empty rows are skipped
    const res = await upload(token, await workbook(BACKUP_HEADER, rows), '?mode=replace');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', total: 300, created: 300, updated: 0, deleted: 0 });
    const exported = await snapshot(token);
    expect(exported.item_count).toBe(300);
    expect(sorted(exported.items)).toEqual(sorted(items));
  });

  it('imports 300 items under its 8-column export header (any order, any case, spaces), multipart or raw, by content not name', async () => {
    const { token } = await t.register('xlsx-export');
    const items = Array.from({ length: 300 }, (_, i) => source(i));
    const file = await workbook(EXPORT_HEADER, itemRows(EXPORT_HEADER, items));
    const res = await t.http.post('/api/inventory/import').set(bearer(token)).attach('file', file, { filename: 'inventory.csv', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', total: 300, created: 300 });
    const withoutDates = (list: SourceItem[]) => sorted(list).map(({ created_at: _c, updated_at: _u, ...rest }) => rest);
    expect(withoutDates((await snapshot(token)).items)).toEqual(withoutDates(items));
    // The same file sent raw (as application/octet-stream): nothing changes the second time.
    const again = await upload(token, file, '', 'application/octet-stream');
    expect(again.body).toMatchObject({ format: 'xlsx', total: 300, created: 0, updated: 0, unchanged: 300 });
  });

  it('a sheet with one bad row: 400 naming the row and field, nothing written', async () => {
    const { token } = await t.register('xlsx-bad');
    await upload(token, await workbook(BACKUP_HEADER, itemRows(BACKUP_HEADER, [source(1), source(2)]))).expect(200);
    const before = await snapshot(token);
    const items = Array.from({ length: 50 }, (_, i) => source(i + 100));
    items[17] = { ...items[17], quantity_used: items[17].quantity_total + 1 };
    const res = await upload(token, await workbook(BACKUP_HEADER, itemRows(BACKUP_HEADER, items)), '?mode=replace');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^1 of 50 row\(s\) are invalid; nothing was imported \(first: row 17, quantity_used/);
    expect(res.body.details).toEqual([expect.objectContaining({ index: 17, field: 'quantity_used' })]);
    const text = await upload(token, await workbook(BACKUP_HEADER, [['Brick', 3001, 'Red', 'ten']]));
    expect(text.body.details[0]).toMatchObject({ index: 0, field: 'quantity_total' });
    const fraction = await upload(token, await workbook(BACKUP_HEADER, [['Brick', 3001, 'Red', 1.5]]));
    expect(fraction.body.details[0]).toMatchObject({ index: 0, field: 'quantity_total', message: expect.stringMatching(/whole number/) });
    const noHeader = await upload(token, await workbook(['title', 'part'], [['x', 1]]));
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toMatch(/Excel header is missing column\(s\): name, part_id, color/);
    expect(await snapshot(token)).toEqual(before);
  });

  it.each([
    ['declares its size honestly', false, /inflates to more than 20971520 bytes/],
    ['lies about its size', true, /inflates to more than the 4096 bytes it declares/],
  ])('a zip bomb that %s: 413 at once, memory flat, nothing written', async (_label, lie, message) => {
    const { token } = await t.register(`bomb-${lie ? 'liar' : 'honest'}`);
    const bomb = await zipBomb(200, lie); // 200 MiB of sheet XML, 10× the limit
    expect(bomb.length).toBeLessThan(1024 * 1024);
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload(token, bomb, '?mode=replace');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(message);
    expect((await snapshot(token)).item_count).toBe(0);
  });

  it('a legacy .xls (the OLE signature): 415 "save it as .xlsx or .csv"', async () => {
    const { token } = await t.register('xls-user');
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)]);
    const res = await t.http
      .post('/api/inventory/import')
      .set(bearer(token))
      .attach('file', xls, { filename: 'inventory.xls', contentType: 'application/vnd.ms-excel' });
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/Excel 97-2003 \.xls files cannot be read: save it as \.xlsx or \.csv/);
  });

  it('a ZIP that is not a workbook: 400', async () => {
    const { token } = await t.register('zip-user');
    const res = await upload(token, zip([small('hello.txt', 'hello')]));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Not a readable Excel \.xlsx file/);
  });

  describe('invalid UTF-8: 400 naming the byte offset, nothing written', () => {
    const header = 'name,part_id,color,quantity_total\n';
    // Valid multi-byte text across the reader's chunk boundaries (64 KiB for CSV, 256 KiB for JSON) first.
    const rowsCsv = Array.from({ length: 4000 }, (_, i) => `Brïck ✓ ${i} 😀,p${i},Red,${i}\n`).join('');
    const itemsJson = Array.from({ length: 4000 }, (_, i) => ({
      name: `Brïck ✓ ${i} 😀 ${'é'.repeat(20)}`,
      part_id: `p${i}`,
      color: 'Red',
      quantity_total: i,
    }));

    it('valid multi-byte text imports as it is (CSV and JSON)', async () => {
      const { token } = await t.register('utf8-good');
      const csv = await upload(token, Buffer.from(header + rowsCsv), '', 'text/csv');
      expect(csv.body).toMatchObject({ format: 'csv', created: 4000 });
      const json = await upload(token, Buffer.from(JSON.stringify({ items: itemsJson })), '?mode=replace', 'application/json');
      expect(json.body).toMatchObject({ format: 'json', total: 4000, updated: 4000 });
      expect((await snapshot(token)).items.find((i: { part_id: string }) => i.part_id === 'p3999').name).toBe(itemsJson[3999].name);
    });

    it.each([
      ['CSV, a stray 0xFF', 'text/csv', Buffer.from([0xff])],
      ['CSV, a truncated sequence', 'text/csv', Buffer.from([0xe2, 0x9c, 0x2c])],
      ['JSON, a Latin-1 é', 'application/json', Buffer.from([0xe9])],
      ['JSON, an overlong slash', 'application/json', Buffer.from([0xc0, 0xaf])],
    ])('%s', async (label, contentType, bad) => {
      const { token } = await t.register(`utf8-${label.length}-${bad[0]}`);
      const good = Buffer.from(contentType === 'text/csv' ? header + rowsCsv : JSON.stringify({ items: itemsJson }));
      // The bad bytes go inside the last item's name, far beyond the first chunk.
      const at = good.lastIndexOf(Buffer.from('Brïck ✓ 3999'));
      const body = Buffer.concat([good.subarray(0, at), bad, good.subarray(at)]);
      const res = await upload(token, body, '', contentType);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(new RegExp(`not valid UTF-8: .* at byte offset ${at} `));
      expect(res.body.details[0]).toMatchObject({ field: 'file' });
      expect((await snapshot(token)).item_count).toBe(0);
    });
  });

  it('the CLI imports an .xlsx (import-inventory)', async () => {
    const { token } = await t.register('xlsx-cli');
    const file = join(workDir, 'inventory.xlsx');
    await writeFile(file, await workbook(BACKUP_HEADER, itemRows(BACKUP_HEADER, [source(1), source(2), source(3)])));
    const res = await runCli(t, ['import-inventory', '--user', 'xlsx-cli', file]);
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/Imported 3 item\(s\) from XLSX into xlsx-cli/);
    expect((await snapshot(token)).item_count).toBe(3);
    const xls = join(workDir, 'old.xls');
    await writeFile(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    const legacy = await runCli(t, ['import-inventory', '--user', 'xlsx-cli', xls]);
    expect(legacy.code).toBe(1);
    expect(legacy.stdout).toMatch(/save it as \.xlsx or \.csv/);
  });
});

describe('Swagger: the import offers a file picker (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('documents multipart/form-data with a binary "file" field beside the raw bodies, and its JSON example imports', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const body = doc.paths['/api/inventory/import'].post.requestBody;
    expect(body.required).toBe(true);
    expect(body.content['multipart/form-data'].schema).toMatchObject({
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    });
    expect(Object.keys(body.content)).toEqual(expect.arrayContaining(['application/json', 'text/csv', XLSX_TYPE]));
    const token = await t.login();
    const example = body.content['application/json'].example;
    const res = await t.http.post('/api/inventory/import?dryRun=true').set(bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify(example));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, created: 1 });
    const csv = await t.http
      .post('/api/inventory/import?dryRun=true')
      .set(bearer(token))
      .set('Content-Type', 'text/csv')
      .send(body.content['text/csv'].example);
    expect(csv.body).toMatchObject({ format: 'csv', total: 1 });
  });
});
