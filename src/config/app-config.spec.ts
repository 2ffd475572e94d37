import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDatabaseUrl } from './app-config.js';

describe('loadConfig', () => {
  const cwd = () => mkdtempSync(join(tmpdir(), 'bs-config-'));

  it('has working defaults: SQLite under ./data, media under ./media, registration on', () => {
    const dir = cwd();
    const config = loadConfig({}, dir);
    expect(config.database).toEqual({ dialect: 'sqlite', url: 'sqlite:./data/blockshelf.sqlite3', sqlitePath: join(dir, 'data/blockshelf.sqlite3') });
    expect(config.mediaRoot).toBe(join(dir, 'media'));
    expect(config.port).toBe(3000);
    expect(config.allowRegistration).toBe(true);
  });

  it('generates a JWT secret once in development and keeps it in the data folder with mode 0600', () => {
    const dir = cwd();
    const first = loadConfig({}, dir).jwtSecret;
    const file = join(dir, 'data/jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadConfig({}, dir).jwtSecret).toBe(first);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'oracle://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://localhost' }, 'DATABASE_URL'],
    [{ ALLOW_REGISTRATION: 'maybe' }, 'ALLOW_REGISTRATION'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ ADMIN_USERNAME: 'root' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => loadConfig(env, cwd())).toThrow(ConfigError);
    expect(() => loadConfig(env, cwd())).toThrow(new RegExp(`^Invalid environment variable ${name}=.*: expected `));
  });

  it('never echoes a secret in its error', () => {
    expect(() => loadConfig({ JWT_SECRET: 'hunter2' }, cwd())).toThrow(/<hidden>/);
    expect(() => loadConfig({ JWT_SECRET: 'hunter2' }, cwd())).not.toThrow(/hunter2/);
  });

  it.each([
    ['postgres://u:p@h:5432/db', 'postgres'],
    ['postgresql://h/db', 'postgres'],
    ['mysql://root@h:3306/db', 'mysql'],
    ['mariadb://root@h:3306/db', 'mysql'],
  ])('reads %s as %s', (url, dialect) => {
    expect(parseDatabaseUrl(url).dialect).toBe(dialect);
  });

  it('rewrites mariadb:// for the mysql2 driver', () => {
    expect(parseDatabaseUrl('mariadb://root@h:3306/db').url).toBe('mysql://root@h:3306/db');
  });
});
