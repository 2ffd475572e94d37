import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

describe.each(testDialects())('platform: health, OpenAPI, errors (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it("GET / sends a browser to the console; connections stay open longer than a proxy's 60 s idle timeout", async () => {
    const res = await t.http.get('/').expect(302);
    expect(res.headers.location).toBe('/docs');
    expect((t.app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout).toBe(65_000);
  });

  it('documents the download as a binary file and the backup bodies as optional', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    const download = doc.paths['/api/backups/{id}/download'].get.responses['200'].content;
    expect(download['application/octet-stream'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(download['application/json'].schema).toEqual({ type: 'string', format: 'binary' });
    for (const path of ['/api/backups/me', '/api/backups/full-db', '/api/backups/all-users']) expect(doc.paths[path].post.requestBody.required).toBe(false);
    for (const schema of ['ItemDto', 'CreateItemDto']) expect(doc.components.schemas[schema].properties.quantity_total.type).toBe('integer');
  });

  it('a MEDIA_ROOT that is not a folder does not stop the app: /health names the media check, the backup history is still read', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'bs-media-file-'));
    writeFileSync(join(dir, 'media'), 'a file, not a folder');
    const broken = await createTestApp('sqlite', { env: { MEDIA_ROOT: join(dir, 'media') } });
    try {
      const health = await broken.http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.error?.media ?? health.body.details.media).toMatchObject({ status: 'down' });
      expect(health.body.details.backup.warning).not.toMatch(/Could not read the backup history/);
      // The API itself serves.
      await broken.http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${await broken.login()}`)
        .expect(200);
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GET /health reports the database and the media folder as up (the backups folder made again when missing), and leaves no probe file', async () => {
    rmSync(join(t.mediaRoot, 'backups'), { recursive: true, force: true });
    for (let round = 0; round < 2; round++) {
      const res = await t.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.database.status).toBe('up');
      expect(res.body.details.media.status).toBe('up');
      expect(readdirSync(join(t.mediaRoot, 'backups')).filter((name) => name.startsWith('.probe.'))).toEqual([]);
    }
  });

  it('GET /health is 503 when the database is unreachable', async () => {
    const ds = t.dataSource;
    const original = ds.query.bind(ds);
    ds.query = () => Promise.reject(new Error('connection refused'));
    try {
      const res = await t.http.get('/health');
      expect(res.status).toBe(503);
      expect(res.body.error?.database?.status ?? res.body.details?.database?.status).toBe('down');
    } finally {
      ds.query = original;
    }
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json with bearer auth and error responses', async () => {
    expect((await t.http.get('/docs')).status).toBe(200);
    const doc = (await t.http.get('/docs-json')).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const create = doc.paths['/api/inventory/items'].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '409']);
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateItemDto');
    expect(doc.components.schemas.CreateItemDto.required).toEqual(['name', 'part_id', 'color']);
    expect(doc.components.schemas.ErrorResponseDto.required).toEqual(expect.arrayContaining(['statusCode', 'message', 'requestId']));
    // Every /api operation documents at least one success and one error response.
    for (const [path, ops] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        expect({ path, method, ok: codes.some((c) => c.startsWith('2')) }).toEqual({ path, method, ok: true });
        if (path.startsWith('/api/')) expect({ path, method, err: codes.some((c) => c.startsWith('4')) }).toEqual({ path, method, err: true });
      }
    }
  });

  it('answers every error in one shape, with the request id it was given', async () => {
    const res = await t.http
      .get('/api/inventory/items/abc')
      .set(bearer(await t.login()))
      .set('X-Request-Id', 'req-123');
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      path: '/api/inventory/items/abc',
      requestId: 'req-123',
      timestamp: expect.any(String),
    });
    const missing = await t.http.get('/api/nope');
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body).sort()).toEqual(['error', 'message', 'path', 'requestId', 'statusCode', 'timestamp']);
  });

  it('gives 400 for malformed JSON and 413 for an oversized body', async () => {
    const token = await t.login();
    const bad = await t.http.post('/api/inventory/items').set(bearer(token)).set('Content-Type', 'application/json').send('{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/JSON/);
    const big = await t.http
      .post('/api/inventory/items')
      .set(bearer(token))
      .send({ name: 'x', part_id: '1', color: 'c', notes: 'n'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });
});
