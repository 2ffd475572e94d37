import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

/** Debian's chromium (apt-get install chromium; .ci/run does it when missing). Playwright's own browser download is not used. */
const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling Google on a machine with a closed network. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = join(process.cwd(), 'test/artifacts');
const USER = { username: 'brickfan', password: 'plates-and-tiles-42' };

/** The operation block of one endpoint in Swagger UI. */
function operation(page: Page, method: string, path: string): Locator {
  return page
    .locator('.opblock')
    .filter({ has: page.locator(`.opblock-summary-method:text-is("${method}")`) })
    .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
}

/** Expands an operation, presses "Try it out", fills the JSON body if given, presses Execute, and reads the response shown on the page. */
async function tryItOut(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const op = operation(page, method, path);
  await op.locator('.opblock-summary').first().click();
  await op.locator('button.try-out__btn').click();
  if (body !== undefined) await op.locator('textarea.body-param__text').fill(JSON.stringify(body));
  await op.locator('button.execute').click();
  const live = op.locator('.live-responses-table .response').first();
  await live.waitFor();
  const status = Number((await live.locator('.response-col_status').innerText()).trim());
  const text = await live.locator('.response-col_description pre').first().innerText();
  return { status, body: JSON.parse(text) };
}

describe('Swagger console in a real browser (sqlite, headless Debian Chromium)', () => {
  let t: TestApp;
  let context: BrowserContext;
  let userDataDir: string;
  let baseUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
    t = await createTestApp('sqlite');
    await t.register(USER.username, USER.password);
    await t.http
      .post('/api/inventory/items')
      .set({ Authorization: `Bearer ${await t.login(USER.username, USER.password)}` })
      .send({ name: 'Brick 2 x 4', part_id: '3001', color: 'Red', quantity_total: 12 })
      .expect(201);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    userDataDir = await mkdtemp(join(tmpdir(), 'bs-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('logs in through Authorize, creates my backup and lists it from /docs', async () => {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${baseUrl}/docs`);
    await page.locator('.information-container .title').filter({ hasText: 'BlockShelf API' }).waitFor();

    // 1. POST /api/auth/login from the page; the token comes back in the response shown.
    const login = await tryItOut(page, 'POST', '/api/auth/login', USER);
    expect(login.status).toBe(200);
    expect(login.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // 2. Authorize: paste it into the bearer scheme (not the metrics one) and close the dialog.
    await page.locator('.auth-wrapper button.authorize').click();
    const bearerScheme = page.locator('.modal-ux .auth-container').filter({ has: page.locator('h4 code:text-is("bearer")') });
    await bearerScheme.locator('input').fill(login.body.access_token);
    await bearerScheme.locator('button.authorize').click();
    expect(await bearerScheme.locator('h6').innerText()).toBe('Authorized');
    await bearerScheme.locator('button.btn-done').click();
    await page.locator('.modal-ux').waitFor({ state: 'detached' });

    // 3. "Create Backup Now" from the page.
    const created = await tryItOut(page, 'POST', '/api/backups/me', { keep: 5 });
    expect(created.status).toBe(201);
    expect(created.body.backup).toMatchObject({ type: 'user_inventory', format: 'inventory-json', size_bytes: expect.any(Number) });
    expect(created.body.backup.file_path).toMatch(/^backups\/user_inventory\/\d+\/brickfan_inventory_\d{8}_\d{6}(_\d+)?\.json$/);
    expect(created.body.run).toMatchObject({ status: 'succeeded', trigger: 'manual', backups_created: 1 });

    // 4. List backups from the page: exactly the one just made.
    const listed = await tryItOut(page, 'GET', '/api/backups');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((b: { id: number }) => b.id)).toEqual([created.body.backup.id]);
    expect(listed.body.total).toBe(1);

    // 5. Import through the file picker: a CSV chosen as a file, sent as multipart/form-data.
    const importOp = operation(page, 'POST', '/api/inventory/import');
    await importOp.locator('.opblock-summary').first().click();
    await importOp.locator('button.try-out__btn').click();
    const contentType = importOp.locator('.opblock-section-request-body select');
    if (await contentType.count()) await contentType.first().selectOption('multipart/form-data');
    await importOp.locator('input[type="file"]').setInputFiles({
      name: 'inventory.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,part_id,color,quantity_total,quantity_used,storage_location,image_url,notes\nPlate 1 x 2,3023,Blue,8,0,Drawer B2,,\n'),
    });
    await importOp.locator('button.execute').click();
    const imported = importOp.locator('.live-responses-table .response').first();
    await imported.waitFor();
    expect(Number((await imported.locator('.response-col_status').innerText()).trim())).toBe(200);
    const report = JSON.parse(await imported.locator('.response-col_description pre').first().innerText());
    expect(report).toMatchObject({ format: 'csv', total: 1, created: 1 });
    expect((await t.http.get('/api/inventory/items').set({ Authorization: `Bearer ${login.body.access_token}` })).body.total).toBe(2);

    // The whole page is ~15,000 px tall: keep the operation that shows the result, and the top with the Authorize lock.
    await mkdir(ARTIFACTS, { recursive: true });
    await operation(page, 'GET', '/api/backups').screenshot({ path: join(ARTIFACTS, 'swagger-list-backups.png') });
    await page.locator('.topbar').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-console.png') });
    // Helmet's CSP must not have broken Swagger UI: no blocked script, style or image, no script error.
    expect(problems).toEqual([]);
  });
});
