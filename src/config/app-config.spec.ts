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

  describe('backup schedules', () => {
    it("defaults to the seed's schedule: full database daily at 02:00, user inventories every 4 hours, UTC, scheduler on", () => {
      expect(loadConfig({}, cwd())).toMatchObject({
        backupScheduleFullDb: '0 2 * * *',
        backupScheduleUsers: '0 */4 * * *',
        backupTimezone: 'UTC',
        schedulerEnabled: true,
      });
    });

    it('reads an empty expression as "no schedule", accepts 6 fields, and spells the time zone canonically', () => {
      const config = loadConfig(
        { BACKUP_SCHEDULE_FULL_DB: '', BACKUP_SCHEDULE_USERS: ' */30  * * * * * ', BACKUP_TIMEZONE: 'europe/berlin', BACKUP_SCHEDULER_ENABLED: 'false' },
        cwd(),
      );
      expect(config).toMatchObject({
        backupScheduleFullDb: null,
        backupScheduleUsers: '*/30 * * * * *',
        backupTimezone: 'Europe/Berlin',
        schedulerEnabled: false,
      });
    });

    it.each([
      [{ BACKUP_SCHEDULE_FULL_DB: '0 2 * *' }, 'BACKUP_SCHEDULE_FULL_DB', /has 4 fields/],
      [{ BACKUP_SCHEDULE_USERS: '0 */4 * * * * *' }, 'BACKUP_SCHEDULE_USERS', /has 7 fields/],
      [{ BACKUP_SCHEDULE_USERS: '0 24 * * *' }, 'BACKUP_SCHEDULE_USERS', /out of range/],
      [{ BACKUP_SCHEDULE_FULL_DB: '0 0 30 2 *' }, 'BACKUP_SCHEDULE_FULL_DB', /never matches/],
      [{ BACKUP_TIMEZONE: 'Mars/Olympus_Mons' }, 'BACKUP_TIMEZONE', /not a known IANA time zone/],
      [{ BACKUP_TIMEZONE: 'UTC+2' }, 'BACKUP_TIMEZONE', /IANA/],
      [{ BACKUP_SCHEDULER_ENABLED: 'sometimes' }, 'BACKUP_SCHEDULER_ENABLED', /true or false/],
    ])('rejects %j naming %s and the problem', (env, name, problem) => {
      expect(() => loadConfig(env, cwd())).toThrow(new RegExp(`^Invalid environment variable ${name}=.*: expected `));
      expect(() => loadConfig(env, cwd())).toThrow(problem);
    });
  });

  it('rewrites mariadb:// for the mysql2 driver', () => {
    expect(parseDatabaseUrl('mariadb://root@h:3306/db').url).toBe('mysql://root@h:3306/db');
  });

  describe('operations: health, metrics, HTTP hardening', () => {
    it('defaults: 100 MiB free disk, 26 h backup age, metrics on without token, CORS off, no proxy trusted', () => {
      expect(loadConfig({}, cwd())).toMatchObject({
        healthMinFreeBytes: 104857600,
        healthMaxBackupAgeHours: 26,
        metricsEnabled: true,
        metricsToken: undefined,
        corsOrigins: [],
        trustProxy: false,
      });
    });

    it('reads every variable', () => {
      const config = loadConfig(
        {
          HEALTH_MIN_FREE_BYTES: '0',
          HEALTH_MAX_BACKUP_AGE_HOURS: '0',
          METRICS_ENABLED: 'false',
          METRICS_TOKEN: 'scrape-token-0123456789',
          CORS_ORIGINS: 'https://shelf.example.com, http://localhost:5173',
          TRUST_PROXY: 'loopback,10.0.0.0/8',
        },
        cwd(),
      );
      expect(config).toMatchObject({
        healthMinFreeBytes: 0,
        healthMaxBackupAgeHours: 0,
        metricsEnabled: false,
        metricsToken: 'scrape-token-0123456789',
        corsOrigins: ['https://shelf.example.com', 'http://localhost:5173'],
        trustProxy: ['loopback', '10.0.0.0/8'],
      });
      expect(loadConfig({ CORS_ORIGINS: '*', TRUST_PROXY: '1' }, cwd())).toMatchObject({ corsOrigins: ['*'], trustProxy: 1 });
    });

    it.each([
      [{ HEALTH_MIN_FREE_BYTES: '10GB' }, 'HEALTH_MIN_FREE_BYTES'],
      [{ HEALTH_MAX_BACKUP_AGE_HOURS: '-1' }, 'HEALTH_MAX_BACKUP_AGE_HOURS'],
      [{ METRICS_ENABLED: 'perhaps' }, 'METRICS_ENABLED'],
      [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
      [{ CORS_ORIGINS: 'https://shelf.example.com/' }, 'CORS_ORIGINS'],
      [{ CORS_ORIGINS: 'shelf.example.com' }, 'CORS_ORIGINS'],
      [{ CORS_ORIGINS: 'https://a.example.com,*' }, 'CORS_ORIGINS'],
      [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
      [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    ])('rejects %j naming %s', (env, name) => {
      expect(() => loadConfig(env, cwd())).toThrow(new RegExp(`^Invalid environment variable ${name}=.*: expected `));
    });

    it('never echoes the metrics token in its error', () => {
      expect(() => loadConfig({ METRICS_TOKEN: 'hunter2 hunter2 hunter2' }, cwd())).toThrow(/METRICS_TOKEN="<hidden>"/);
      expect(() => loadConfig({ METRICS_TOKEN: 'hunter2 hunter2 hunter2' }, cwd())).not.toThrow(/hunter2/);
    });
  });
});
