import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { keyRing } from '../backups/encryption/backup-encryption.service.js';
import { createDecryptStream } from '../backups/encryption/chunked-aes-gcm.js';
import { ConfigError } from '../config/app-config.js';
import { parseEncryption } from '../config/backup-storage-config.js';
/**
 * `blockshelf decrypt <file> [-o out]`: needs only the key (BACKUP_ENCRYPTION_KEY
 * and/or BACKUP_DECRYPTION_KEYS), no database and no app, so a lost server does
 * not mean lost backups. Returns the exit code.
 */
export async function decryptCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
    }
    catch (error) {
        console.error(`error: ${error.message}`);
        return 2;
    }
    if (parsed.values.help || parsed.positionals.length !== 1) {
        console.error('Usage: blockshelf decrypt <file.enc> [-o <output>]   (writes to stdout without -o)\nKeys: BACKUP_ENCRYPTION_KEY and/or BACKUP_DECRYPTION_KEYS (comma-separated)');
        return parsed.values.help ? 0 : 2;
    }
    let encryption;
    try {
        encryption = parseEncryption({
            BACKUP_ENCRYPTION_KEY: process.env.BACKUP_ENCRYPTION_KEY || process.env.BACKUP_DECRYPTION_KEYS?.split(',')[0],
            BACKUP_DECRYPTION_KEYS: process.env.BACKUP_DECRYPTION_KEYS,
        }, (name, expected, value) => {
            throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}`);
        });
    }
    catch (error) {
        console.error(error.message);
        return 1;
    }
    if (!encryption) {
        console.error('No key: set BACKUP_ENCRYPTION_KEY (or BACKUP_DECRYPTION_KEYS) to the key the backup was made with');
        return 1;
    }
    const [file] = parsed.positionals;
    const output = parsed.values.output;
    try {
        await pipeline(createReadStream(file), createDecryptStream(keyRing(encryption.readKeys)), output ? createWriteStream(output, { mode: 0o600, flags: 'wx' }) : process.stdout);
        if (output)
            console.error(`✓ Decrypted ${file} to ${output}`);
        return 0;
    }
    catch (error) {
        console.error(`✗ Could not decrypt ${file}: ${error.message}`);
        return 1;
    }
}
//# sourceMappingURL=decrypt.js.map