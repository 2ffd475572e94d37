import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempSuffix } from './temp-names.js';
export const MANIFEST_SUFFIX = '.manifest.json';
export const manifestPathOf = (backupPath) => backupPath + MANIFEST_SUFFIX;
/** Temp name, fsync, rename, fsync the folder: a reader sees no manifest or a whole one. */
export async function writeManifest(backupPath, manifest, tempTag) {
    const temp = await stageManifest(backupPath, manifest, tempTag);
    try {
        await fsyncPath(temp);
        await rename(temp, manifestPathOf(backupPath));
        await fsyncPath(dirname(backupPath));
        return manifestPathOf(backupPath);
    }
    catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw error;
    }
}
/** The manifest under a temp name beside its final one, not yet fsynced: the caller syncs and renames it (alone or in a batch). */
export async function stageManifest(backupPath, manifest, tempTag) {
    const target = manifestPathOf(backupPath);
    const temp = join(dirname(target), `.${basename(target)}.${tempSuffix(tempTag)}.partial`);
    try {
        await writeFile(temp, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        return temp;
    }
    catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw error;
    }
}
/** The manifest beside `backupPath`, null when there is none, 'unreadable' when it is torn or not ours. */
export async function readManifest(backupPath) {
    let text;
    try {
        text = await readFile(manifestPathOf(backupPath), 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return null;
        throw error;
    }
    try {
        const parsed = JSON.parse(text);
        return parsed.manifest_version === 1 && Number.isInteger(parsed.id) && typeof parsed.sha256 === 'string' ? parsed : 'unreadable';
    }
    catch {
        return 'unreadable';
    }
}
export function manifestToRow(m, filePath) {
    return {
        id: m.id,
        type: m.type,
        userId: m.user_id,
        filePath,
        sizeBytes: m.size_bytes,
        sha256: m.sha256,
        format: m.format,
        dialect: m.dialect,
        createdAt: new Date(m.created_at),
        createdBy: m.created_by,
        isScheduled: m.is_scheduled,
        verifiedAt: null,
        runId: m.run_id,
        encryptionKeyId: m.encryption_key_id,
        status: 'ok',
        label: m.label,
    };
}
export async function fsyncPath(path) {
    const handle = await open(path, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
/** fsyncs every path (files or folders), several at a time: the file system commits concurrent syncs together. */
export async function fsyncAll(paths) {
    await Promise.all([...new Set(paths)].map(fsyncPath));
}
//# sourceMappingURL=backup-manifest.js.map