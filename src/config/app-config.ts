import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface DatabaseConfig {
  dialect: Dialect;
  /** SQLite: absolute file path. Others: the connection URL (mariadb:// rewritten to mysql://). */
  url: string;
  sqlitePath?: string;
}

/** Everything the app reads from the environment, validated once at boot. */
export class AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  database: DatabaseConfig;
  mediaRoot: string;
  dataDir: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  adminUsername?: string;
  adminPassword?: string;
  allowRegistration: boolean;
  loginRateLimit: number;
  logLevel: string;
  backupKeep: number;
  backupTimeoutMs: number;
  backupStallTimeoutMs: number;
  importMaxBytes: number;
}

/** Thrown for a bad environment value; main prints its message alone and exits 1. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(name: string, expected: string, value: string | undefined): never {
  throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    fail(name, `an integer from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  return fail(name, 'true or false', raw);
}

export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) fail('DATABASE_URL', 'sqlite:<path>', raw);
    const sqlitePath = path === ':memory:' ? path : resolve(cwd, path);
    return { dialect: 'sqlite', url: raw, sqlitePath };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('DATABASE_URL', 'sqlite:<path>, postgres://…, mysql://… or mariadb://…', raw);
  }
  if (!url.pathname || url.pathname === '/') fail('DATABASE_URL', 'a database name in the URL path', raw);
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return { dialect: 'postgres', url: raw };
  if (url.protocol === 'mysql:' || url.protocol === 'mariadb:') {
    return { dialect: 'mysql', url: raw.replace(/^mariadb:/, 'mysql:') };
  }
  return fail('DATABASE_URL', 'sqlite:<path>, postgres://…, mysql://… or mariadb://…', raw);
}

/**
 * Development convenience: without JWT_SECRET, generate one and keep it in the
 * data folder (0600) so tokens survive restarts. Production must set it.
 */
function loadOrCreateJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    fail('NODE_ENV', 'development, production or test', nodeEnv);
  }
  const database = parseDatabaseUrl(env.DATABASE_URL || 'sqlite:./data/blockshelf.sqlite3', cwd);
  const dataDir = resolve(cwd, env.DATA_DIR || (database.sqlitePath && database.sqlitePath !== ':memory:' ? dirname(database.sqlitePath) : './data'));

  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 16) fail('JWT_SECRET', 'at least 16 characters', '<hidden>');
  if (!jwtSecret) {
    if (nodeEnv === 'production') fail('JWT_SECRET', 'a secret of at least 16 characters (required in production)', env.JWT_SECRET);
    jwtSecret = loadOrCreateJwtSecret(dataDir);
  }

  const adminUsername = env.ADMIN_USERNAME || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminUsername && !/^[A-Za-z0-9_.-]{3,150}$/.test(adminUsername)) {
    fail('ADMIN_USERNAME', '3-150 letters, digits, _ . or -', adminUsername);
  }
  if (adminUsername && (!adminPassword || adminPassword.length < 8)) {
    fail('ADMIN_PASSWORD', 'at least 8 characters when ADMIN_USERNAME is set', adminPassword ? '<hidden>' : adminPassword);
  }

  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    fail('LOG_LEVEL', 'fatal, error, warn, info, debug, trace or silent', logLevel);
  }

  return Object.assign(new AppConfig(), {
    nodeEnv: nodeEnv as AppConfig['nodeEnv'],
    port: integer(env, 'PORT', 3000, 0, 65535),
    database,
    mediaRoot: resolve(cwd, env.MEDIA_ROOT || './media'),
    dataDir,
    jwtSecret,
    jwtExpiresInSeconds: integer(env, 'JWT_EXPIRES_IN_SECONDS', 86400, 60, 31_536_000),
    adminUsername,
    adminPassword,
    allowRegistration: boolean(env, 'ALLOW_REGISTRATION', true),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 10, 1, 1_000_000),
    logLevel,
    backupKeep: integer(env, 'BACKUP_KEEP', 10, 1, 10_000),
    backupTimeoutMs: integer(env, 'BACKUP_TIMEOUT_SECONDS', 3600, 1, 7 * 86400) * 1000,
    backupStallTimeoutMs: integer(env, 'BACKUP_STALL_SECONDS', 120, 1, 86400) * 1000,
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 ** 40),
  });
}
