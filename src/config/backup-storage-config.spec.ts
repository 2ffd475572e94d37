import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cwd = () => mkdtempSync(join(tmpdir(), 'bs-storage-config-'));
const base = { JWT_SECRET: 'x'.repeat(32) };

describe('backup encryption and S3 settings', () => {
  it('accepts a 32-byte key as hex or base64, and older keys for reading', () => {
    const key = randomBytes(32);
    const old = randomBytes(32);
    const hex = loadConfig({ ...base, BACKUP_ENCRYPTION_KEY: key.toString('hex') }, cwd()).backupEncryption!;
    expect(hex.writeKey.equals(key)).toBe(true);
    const b64 = loadConfig(
      { ...base, BACKUP_ENCRYPTION_KEY: key.toString('base64'), BACKUP_DECRYPTION_KEYS: ` ${old.toString('base64')} ` },
      cwd(),
    ).backupEncryption!;
    expect(b64.readKeys.map((k) => k.toString('hex'))).toEqual([key.toString('hex'), old.toString('hex')]);
    expect(loadConfig(base, cwd()).backupEncryption).toBeNull();
  });

  it.each([
    [{ BACKUP_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, 'BACKUP_ENCRYPTION_KEY', /got 16 bytes/],
    [{ BACKUP_ENCRYPTION_KEY: 'not a key!' }, 'BACKUP_ENCRYPTION_KEY', /neither hex nor base64/],
    [{ BACKUP_DECRYPTION_KEYS: randomBytes(32).toString('hex') }, 'BACKUP_ENCRYPTION_KEY', /whenever BACKUP_DECRYPTION_KEYS/],
    [{ BACKUP_ENCRYPTION_KEY: randomBytes(32).toString('hex'), BACKUP_DECRYPTION_KEYS: 'abc' }, 'BACKUP_DECRYPTION_KEYS', /32-byte key/],
    [{ BACKUP_S3_BUCKET: 'Bad_Bucket' }, 'BACKUP_S3_BUCKET', /bucket name/],
    [{ BACKUP_S3_BUCKET: 'ok-bucket', BACKUP_S3_ENDPOINT: 'minio:9000' }, 'BACKUP_S3_ENDPOINT', /http/],
    [{ BACKUP_S3_BUCKET: 'ok-bucket', BACKUP_S3_ACCESS_KEY_ID: 'AKIA' }, 'BACKUP_S3_SECRET_ACCESS_KEY', /both/],
  ])('rejects %j naming %s, without echoing a key', (env, name, message) => {
    const run = () => loadConfig({ ...base, ...env }, cwd());
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid environment variable ${name}=`));
    expect(run).toThrow(message);
    const key = (env as Record<string, string>).BACKUP_ENCRYPTION_KEY;
    if (key) expect(run).not.toThrow(key);
  });

  it('reads an S3 target with path-style URLs for a custom endpoint', () => {
    const s3 = loadConfig({ ...base, BACKUP_S3_BUCKET: 'backups', BACKUP_S3_ENDPOINT: 'http://127.0.0.1:9000', BACKUP_S3_PREFIX: 'shelf' }, cwd()).backupS3!;
    expect(s3).toMatchObject({ bucket: 'backups', prefix: 'shelf/', region: 'us-east-1', forcePathStyle: true, endpoint: 'http://127.0.0.1:9000' });
  });
});
