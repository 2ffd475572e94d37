import { ADMIN, bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

describe.each(testDialects())('auth and users (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('registers, logs in and answers /auth/me without ever returning the password hash', async () => {
    const reg = await t.http.post('/api/auth/register').send({ username: 'john', password: 'password-123', email: 'john@example.com' });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ username: 'john', role: 'user', is_active: true, email: 'john@example.com' });
    expect(JSON.stringify(reg.body)).not.toMatch(/password/i);

    const login = await t.http.post('/api/auth/login').send({ username: 'john', password: 'password-123' });
    expect(login.status).toBe(200);
    expect(login.body.token_type).toBe('Bearer');
    const me = await t.http.get('/api/auth/me').set(bearer(login.body.access_token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: reg.body.id, username: 'john' });
  });

  it('rejects a duplicate username with 409 and a wrong password with 401', async () => {
    const dup = await t.http.post('/api/auth/register').send({ username: 'john', password: 'password-456' });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('john');
    const bad = await t.http.post('/api/auth/login').send({ username: 'john', password: 'wrong-password' });
    expect(bad.status).toBe(401);
  });

  it('names the bad field on invalid registration and writes nothing', async () => {
    const res = await t.http.post('/api/auth/register').send({ username: 'x', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'username']);
    const users = await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE username = ?'.replace('?', dialect === 'postgres' ? '$1' : '?'), ['x']);
    expect(Number(users[0].n)).toBe(0);
  });

  it('rejects requests without a token or with a forged one', async () => {
    expect((await t.http.get('/api/auth/me')).status).toBe(401);
    expect((await t.http.get('/api/auth/me').set(bearer('not.a.jwt'))).status).toBe(401);
  });

  it('bootstraps the admin from ADMIN_USERNAME and lets only admins manage users', async () => {
    const adminToken = await t.login();
    const me = await t.http.get('/api/auth/me').set(bearer(adminToken));
    expect(me.body).toMatchObject({ username: ADMIN.username, role: 'admin' });

    const userToken = await t.login('john', 'password-123');
    expect((await t.http.get('/api/users').set(bearer(userToken))).status).toBe(403);

    const list = await t.http.get('/api/users').set(bearer(adminToken));
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'john']));

    const created = await t.http.post('/api/users').set(bearer(adminToken)).send({ username: 'mary', password: 'password-123', role: 'admin' });
    expect(created.status).toBe(201);
    expect(created.body.role).toBe('admin');
  });

  it('deactivated users can no longer log in, and their existing tokens stop working', async () => {
    const adminToken = await t.login();
    const { id, token } = await t.register('paul');
    const patch = await t.http.patch(`/api/users/${id}`).set(bearer(adminToken)).send({ is_active: false });
    expect(patch.status).toBe(200);
    expect(patch.body.is_active).toBe(false);
    expect((await t.http.get('/api/auth/me').set(bearer(token))).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ username: 'paul', password: 'password-123' })).status).toBe(401);
  });

  it('an admin cannot demote or delete themselves; deleting a user removes their items', async () => {
    const adminToken = await t.login();
    const me = await t.http.get('/api/auth/me').set(bearer(adminToken));
    expect((await t.http.patch(`/api/users/${me.body.id}`).set(bearer(adminToken)).send({ role: 'user' })).status).toBe(400);
    expect((await t.http.delete(`/api/users/${me.body.id}`).set(bearer(adminToken))).status).toBe(400);

    const { id, token } = await t.register('ringo');
    await t.http.post('/api/inventory/items').set(bearer(token)).send({ name: 'Brick', part_id: '3001', color: 'Red' }).expect(201);
    expect((await t.http.delete(`/api/users/${id}`).set(bearer(adminToken))).status).toBe(204);
    expect((await t.http.get(`/api/users/${id}`).set(bearer(adminToken))).status).toBe(404);
    const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM inventory_items WHERE user_id = ${Number(id)}`);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('rejects unknown fields in bodies (whitelist) with 400', async () => {
    const adminToken = await t.login();
    const res = await t.http.post('/api/users').set(bearer(adminToken)).send({ username: 'george', password: 'password-123', is_superuser: true });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('is_superuser');
  });
});

describe('registration switch and login throttle (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { ALLOW_REGISTRATION: 'false', LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(() => t?.close());

  it('refuses registration with 403 when ALLOW_REGISTRATION=false', async () => {
    const res = await t.http.post('/api/auth/register').send({ username: 'john', password: 'password-123' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/registration is disabled/i);
  });

  it('failed logins are limited per account and per address; successful ones never count', async () => {
    const limited = await createTestApp('sqlite', { env: { LOGIN_RATE_LIMIT: '10', LOGIN_IP_RATE_LIMIT: '50', REGISTER_RATE_LIMIT: '60' } });
    try {
      // A household, an office, a test suite: 50 people behind one address all log in (twice each).
      for (let i = 0; i < 50; i++)
        await limited.http
          .post('/api/auth/register')
          .send({ username: `member${i}`, password: 'password-123' })
          .expect(201);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 50; i++)
          await limited.http
            .post('/api/auth/login')
            .send({ username: `member${i}`, password: 'password-123' })
            .expect(200);
      }
      // 11 wrong passwords for one account: 429 for it (even with the right password), another account from the same address still logs in.
      const wrong = [];
      for (let i = 0; i < 11; i++) wrong.push((await limited.http.post('/api/auth/login').send({ username: 'member1', password: 'wrong-password' })).status);
      expect(wrong.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(wrong[10]).toBe(429);
      const blocked = await limited.http.post('/api/auth/login').send({ username: 'MEMBER1', password: 'password-123' });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      await limited.http.post('/api/auth/login').send({ username: 'member2', password: 'password-123' }).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('throttles repeated logins with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await t.http.post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses).toContain(429);
    const last = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' });
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });
});
