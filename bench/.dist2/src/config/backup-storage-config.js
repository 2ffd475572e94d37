/** 32 bytes, as 64 hex digits or base64; anything else stops the boot. The value is never echoed. */
function parseKey(name, raw, fail) {
    const text = raw.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
    if (!key || key.length !== 32) {
        return fail(name, `a 32-byte key as 64 hex digits or base64 (got ${key ? `${key.length} bytes` : 'neither hex nor base64'}; make one with: openssl rand -base64 32)`, '<hidden>');
    }
    return key;
}
export function parseEncryption(env, fail) {
    const write = env.BACKUP_ENCRYPTION_KEY;
    const older = (env.BACKUP_DECRYPTION_KEYS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
    if (!write) {
        if (older.length)
            fail('BACKUP_ENCRYPTION_KEY', 'a key whenever BACKUP_DECRYPTION_KEYS is set', write);
        return null;
    }
    const writeKey = parseKey('BACKUP_ENCRYPTION_KEY', write, fail);
    return { writeKey, readKeys: [writeKey, ...older.map((k) => parseKey('BACKUP_DECRYPTION_KEYS', k, fail))] };
}
export function parseS3Target(env, fail) {
    const bucket = env.BACKUP_S3_BUCKET;
    if (!bucket)
        return null;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
        fail('BACKUP_S3_BUCKET', 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)', bucket);
    const endpoint = env.BACKUP_S3_ENDPOINT || undefined;
    if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint))
        fail('BACKUP_S3_ENDPOINT', 'an http(s):// URL, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000', endpoint);
    const prefix = env.BACKUP_S3_PREFIX ?? 'blockshelf/';
    if (prefix && !/^[A-Za-z0-9!_.*'()/-]*$/.test(prefix))
        fail('BACKUP_S3_PREFIX', "a key prefix of letters, digits and !_.*'()/-", prefix);
    const accessKeyId = env.BACKUP_S3_ACCESS_KEY_ID || undefined;
    const secretAccessKey = env.BACKUP_S3_SECRET_ACCESS_KEY || undefined;
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
        fail(accessKeyId ? 'BACKUP_S3_SECRET_ACCESS_KEY' : 'BACKUP_S3_ACCESS_KEY_ID', 'both BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY, or neither (then the AWS default credential chain is used)', '<hidden>');
    }
    const pathStyle = env.BACKUP_S3_FORCE_PATH_STYLE;
    if (pathStyle && !/^(true|false)$/.test(pathStyle))
        fail('BACKUP_S3_FORCE_PATH_STYLE', 'true or false', pathStyle);
    return {
        name: 's3',
        bucket,
        prefix: prefix && !prefix.endsWith('/') ? prefix + '/' : prefix,
        region: env.BACKUP_S3_REGION || 'us-east-1',
        endpoint,
        // Self-hosted S3 (MinIO, Garage, …) usually needs path-style URLs.
        forcePathStyle: pathStyle ? pathStyle === 'true' : Boolean(endpoint),
        accessKeyId,
        secretAccessKey,
    };
}
//# sourceMappingURL=backup-storage-config.js.map