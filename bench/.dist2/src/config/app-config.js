import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { CronTime } from 'cron';
import { parseAlertConfig } from '../alerts/alert-config.js';
import { parseEncryption, parseS3Target } from './backup-storage-config.js';
/** Everything the app reads from the environment, validated once at boot. */
export class AppConfig {
    nodeEnv;
    port;
    /** Idle keep-alive of HTTP connections (above the proxies' and clients' own, usually 60 s). */
    httpKeepAliveSeconds;
    database;
    mediaRoot;
    dataDir;
    jwtSecret;
    jwtExpiresInSeconds;
    adminUsername;
    adminPassword;
    allowRegistration;
    /** Failed logins per username per minute. */
    loginRateLimit;
    /** Failed logins per client address per minute (higher: many people share one address). */
    loginIpRateLimit;
    /** Registration attempts per client address per minute. */
    registerRateLimit;
    logLevel;
    backupKeep;
    /** Calendar tiers of rotation (0 = off): the newest backup of each of the last N days / ISO weeks / months. */
    backupKeepDaily;
    backupKeepWeekly;
    backupKeepMonthly;
    /** A new backup with fewer than (100 − this)% of the previous one's items pins the previous one. */
    backupShrinkPercent;
    /** Hours a rotated or deleted backup stays in the trash (0 = deleted at once). */
    backupTrashHours;
    backupTimeoutMs;
    backupStallTimeoutMs;
    importMaxBytes;
    /** Cron expression of the default full-database schedule created at first start; null = none. */
    backupScheduleFullDb;
    /** Cron expression of the default all-users schedule created at first start; null = none. */
    backupScheduleUsers;
    /** IANA time zone of the default schedules (and of schedules created without one). */
    backupTimezone;
    /** false: this instance runs no schedules (the REST API still manages them). */
    schedulerEnabled;
    /** Encryption at rest of new backups; null = off. */
    backupEncryption;
    /** Off-site copy target; null = local only. */
    backupS3;
    /** Alert channels from the environment, the healthcheck ping and the reminder period. */
    alerts;
    // ---- operations (health, metrics, HTTP hardening) ----
    /** Readiness fails when the media folder's file system has less free space than this; 0 = no check. */
    healthMinFreeBytes;
    /** /health warns (without failing) when the last successful full backup is older; 0 = no warning. */
    healthMaxBackupAgeHours;
    /** false: no GET /metrics (404) and no request timing. */
    metricsEnabled;
    /** When set, GET /metrics wants `Authorization: Bearer <token>`. */
    metricsToken;
    /** Origins allowed to call the API from a browser; empty = CORS off; ['*'] = any origin. */
    corsOrigins;
    /** Express `trust proxy`: false, a hop count, or addresses/subnets/names (loopback, uniquelocal…). */
    trustProxy;
}
/** Thrown for a bad environment value; main prints its message alone and exits 1. */
export class ConfigError extends Error {
}
function fail(name, expected, value) {
    throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}`);
}
function integer(env, name, fallback, min, max) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        fail(name, `an integer from ${min} to ${max}`, raw);
    }
    return Number(raw);
}
function boolean(env, name, fallback) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return fallback;
    if (/^(true|1|yes)$/i.test(raw))
        return true;
    if (/^(false|0|no)$/i.test(raw))
        return false;
    return fail(name, 'true or false', raw);
}
/** Why `timeZone` is not a usable IANA time zone, or null. */
export function timeZoneProblem(timeZone) {
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone))
        return `"${timeZone}" is not an IANA time zone name such as UTC or Europe/Berlin`;
    try {
        new Intl.DateTimeFormat('en-US', { timeZone });
        return null;
    }
    catch {
        return `"${timeZone}" is not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`;
    }
}
/** The canonical spelling of a valid time zone (europe/berlin → Europe/Berlin, Etc/UTC → UTC). */
export function normalizeTimeZone(timeZone) {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}
/**
 * Why `expression` is not a usable cron expression, or null: 5 fields (minute
 * hour day-of-month month day-of-week) or 6 (seconds first), values in range,
 * and at least one matching time (`0 0 30 2 *` never comes).
 */
export function cronExpressionProblem(expression) {
    const fields = expression.trim().split(/\s+/).filter(Boolean);
    if (fields.length !== 5 && fields.length !== 6) {
        return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)`;
    }
    let time;
    try {
        time = new CronTime(fields.join(' '), 'UTC');
    }
    catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
    try {
        // In UTC, cron's arithmetic is plain calendar arithmetic: a wall-clock time that never matches never comes.
        time.getNextDateFrom(new Date(), 'UTC');
    }
    catch {
        return 'never matches any date (e.g. 30 February)';
    }
    return null;
}
function cronSchedule(env, name, fallback) {
    const raw = env[name];
    if (raw === undefined)
        return fallback;
    if (raw.trim() === '')
        return null;
    const problem = cronExpressionProblem(raw);
    if (problem)
        fail(name, `a cron expression with 5 or 6 fields such as "${fallback}", or empty for no schedule (${problem})`, raw);
    return raw.trim().split(/\s+/).join(' ');
}
export function parseDatabaseUrl(raw, cwd = process.cwd()) {
    if (raw.startsWith('sqlite:')) {
        const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
        if (!path)
            fail('DATABASE_URL', 'sqlite:<path>', raw);
        const sqlitePath = path === ':memory:' ? path : resolve(cwd, path);
        return { dialect: 'sqlite', url: raw, sqlitePath };
    }
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        return fail('DATABASE_URL', 'sqlite:<path>, postgres://…, mysql://… or mariadb://…', raw);
    }
    if (!url.pathname || url.pathname === '/')
        fail('DATABASE_URL', 'a database name in the URL path', raw);
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:')
        return { dialect: 'postgres', url: raw };
    if (url.protocol === 'mysql:' || url.protocol === 'mariadb:') {
        return { dialect: 'mysql', url: raw.replace(/^mariadb:/, 'mysql:') };
    }
    return fail('DATABASE_URL', 'sqlite:<path>, postgres://…, mysql://… or mariadb://…', raw);
}
/**
 * Development convenience: without JWT_SECRET, generate one and keep it in the
 * data folder (0600) so tokens survive restarts. Production must set it.
 */
function loadOrCreateJwtSecret(dataDir) {
    const file = join(dataDir, 'jwt-secret');
    if (existsSync(file))
        return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
}
/** CORS_ORIGINS: comma-separated origins (scheme://host[:port], nothing after) or a lone `*`. */
function corsOrigins(env) {
    const raw = env.CORS_ORIGINS;
    if (raw === undefined || raw.trim() === '')
        return [];
    const origins = raw
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
    if (origins.length === 1 && origins[0] === '*')
        return origins;
    for (const origin of origins) {
        let parsed;
        try {
            parsed = new URL(origin);
        }
        catch {
            parsed = undefined;
        }
        // An origin with a path or trailing slash never matches the browser's Origin header: refuse it rather than silently never match.
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
            fail('CORS_ORIGINS', 'comma-separated origins such as https://shelf.example.com,http://localhost:5173 (no path, no trailing slash), or *', raw);
        }
    }
    return origins;
}
/** TRUST_PROXY: how many reverse proxies (or which addresses) may set X-Forwarded-For, so the login rate limit sees real client IPs. */
function trustProxy(env) {
    const raw = env.TRUST_PROXY?.trim();
    if (!raw || /^(false|0|no)$/i.test(raw))
        return false;
    if (/^\d+$/.test(raw) && Number(raw) <= 10)
        return Number(raw);
    const names = ['loopback', 'linklocal', 'uniquelocal'];
    const entries = raw
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
    const valid = entries.every((e) => {
        if (names.includes(e))
            return true;
        const [address, bits, ...rest] = e.split('/');
        const family = isIP(address);
        return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
    });
    if (!valid)
        fail('TRUST_PROXY', 'false, a number of proxy hops (1-10), or comma-separated IPs, subnets or loopback/linklocal/uniquelocal', raw);
    return entries;
}
export function loadConfig(env = process.env, cwd = process.cwd()) {
    const nodeEnv = env.NODE_ENV ?? 'development';
    if (!['development', 'production', 'test'].includes(nodeEnv)) {
        fail('NODE_ENV', 'development, production or test', nodeEnv);
    }
    const database = parseDatabaseUrl(env.DATABASE_URL || 'sqlite:./data/blockshelf.sqlite3', cwd);
    const dataDir = resolve(cwd, env.DATA_DIR || (database.sqlitePath && database.sqlitePath !== ':memory:' ? dirname(database.sqlitePath) : './data'));
    let jwtSecret = env.JWT_SECRET;
    if (jwtSecret !== undefined && jwtSecret.length < 16)
        fail('JWT_SECRET', 'at least 16 characters', '<hidden>');
    if (!jwtSecret) {
        if (nodeEnv === 'production')
            fail('JWT_SECRET', 'a secret of at least 16 characters (required in production)', env.JWT_SECRET);
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
    const backupTimezone = env.BACKUP_TIMEZONE || 'UTC';
    const zoneProblem = timeZoneProblem(backupTimezone);
    if (zoneProblem)
        fail('BACKUP_TIMEZONE', `an IANA time zone such as UTC or Europe/Berlin (${zoneProblem})`, backupTimezone);
    return Object.assign(new AppConfig(), {
        nodeEnv: nodeEnv,
        port: integer(env, 'PORT', 3000, 0, 65535),
        httpKeepAliveSeconds: integer(env, 'HTTP_KEEP_ALIVE_SECONDS', 65, 1, 3600),
        database,
        mediaRoot: resolve(cwd, env.MEDIA_ROOT || './media'),
        dataDir,
        jwtSecret,
        jwtExpiresInSeconds: integer(env, 'JWT_EXPIRES_IN_SECONDS', 86400, 60, 31_536_000),
        adminUsername,
        adminPassword,
        allowRegistration: boolean(env, 'ALLOW_REGISTRATION', true),
        loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 10, 1, 1_000_000),
        loginIpRateLimit: integer(env, 'LOGIN_IP_RATE_LIMIT', 50, 1, 1_000_000),
        registerRateLimit: integer(env, 'REGISTER_RATE_LIMIT', 10, 1, 1_000_000),
        logLevel,
        backupKeep: integer(env, 'BACKUP_KEEP', 10, 1, 10_000),
        backupKeepDaily: integer(env, 'BACKUP_KEEP_DAILY', 7, 0, 10_000),
        backupKeepWeekly: integer(env, 'BACKUP_KEEP_WEEKLY', 4, 0, 10_000),
        backupKeepMonthly: integer(env, 'BACKUP_KEEP_MONTHLY', 6, 0, 10_000),
        backupShrinkPercent: integer(env, 'BACKUP_SHRINK_PERCENT', 50, 0, 100),
        backupTrashHours: integer(env, 'BACKUP_TRASH_HOURS', 72, 0, 24 * 366),
        backupTimeoutMs: integer(env, 'BACKUP_TIMEOUT_SECONDS', 3600, 1, 7 * 86400) * 1000,
        backupStallTimeoutMs: integer(env, 'BACKUP_STALL_SECONDS', 120, 1, 86400) * 1000,
        importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 ** 40),
        backupScheduleFullDb: cronSchedule(env, 'BACKUP_SCHEDULE_FULL_DB', '0 2 * * *'),
        backupScheduleUsers: cronSchedule(env, 'BACKUP_SCHEDULE_USERS', '0 */4 * * *'),
        backupTimezone: normalizeTimeZone(backupTimezone),
        schedulerEnabled: boolean(env, 'BACKUP_SCHEDULER_ENABLED', true),
        backupEncryption: parseEncryption(env, fail),
        backupS3: parseS3Target(env, fail),
        alerts: parseAlertConfig(env, fail),
        healthMinFreeBytes: integer(env, 'HEALTH_MIN_FREE_BYTES', 100 * 1024 * 1024, 0, 2 ** 50),
        healthMaxBackupAgeHours: integer(env, 'HEALTH_MAX_BACKUP_AGE_HOURS', 26, 0, 24 * 366),
        metricsEnabled: boolean(env, 'METRICS_ENABLED', true),
        metricsToken: metricsToken(env),
        corsOrigins: corsOrigins(env),
        trustProxy: trustProxy(env),
    });
}
function metricsToken(env) {
    const raw = env.METRICS_TOKEN;
    if (raw === undefined || raw === '')
        return undefined;
    if (raw.length < 16 || /\s/.test(raw))
        fail('METRICS_TOKEN', 'at least 16 characters without spaces (or unset for no token)', '<hidden>');
    return raw;
}
//# sourceMappingURL=app-config.js.map