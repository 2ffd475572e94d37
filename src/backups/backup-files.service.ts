import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../config/app-config.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { BACKUP_PATH_PATTERN } from './backup-formats.js';
import { BackupEncryptionService } from './encryption/backup-encryption.service.js';
import { fsyncAll } from './store/backup-manifest.js';
import { parentsOfMade } from './store/durability.js';
import { tempSuffix } from './store/temp-names.js';
import { digestOfFile, digestOfFileInThread } from './file-digest.js';

export interface Digest {
  sha256: string;
  sizeBytes: number;
}

/** Writes plain bytes at `tempPath` (making `dir` when missing) and returns their digest: FileWriterThread.write. */
export type PlainWriter = (tempPath: string, dir: string) => Promise<Digest>;

/** A complete, verified backup under a temporary name, ready to be published by BackupStore. */
export interface ProducedFile extends Digest {
  tempPath: string;
  /** Relative to MEDIA_ROOT, e.g. backups/full_db */
  folder: string;
  stem: string;
  /** With ".enc" when encrypted. */
  extension: string;
  /** False when the bytes are not fsynced yet (the batch publisher syncs many files at once). */
  synced: boolean;
  /** Key id when the file is encrypted. */
  encryptionKeyId: string | null;
}

/** Temporary files start with a dot and end in .partial (or a SQLite journal of one): nothing that looks like a backup. */
const TEMP_PATTERN = /^\..+\.partial(-journal)?$/;
/** The owner token in a temp name: .<stem>.<token>-<random>.partial */
const TEMP_OWNER = /\.([0-9a-f]{6})-[0-9a-f]+\.(plain\.)?partial(-journal)?$/;

/** Computes sha256 and size of whatever streams through it. */
export class DigestStream extends Transform {
  private readonly hash = createHash('sha256');
  sizeBytes = 0;
  _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.hash.update(chunk);
    this.sizeBytes += chunk.length;
    done(null, chunk);
  }
  digest(): Digest {
    return { sha256: this.hash.digest('hex'), sizeBytes: this.sizeBytes };
  }
}

/**
 * Every file-system step of a backup: temp file in the target folder, fsync,
 * no-clobber rename, 0600 files in 0700 folders, and removal on failure.
 */
@Injectable()
export class BackupFilesService {
  private readonly logger = new Logger(BackupFilesService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly encryption: BackupEncryptionService,
    private readonly instances: InstanceRegistry,
  ) {}

  /** Goes into every temp name, so the start-up sweep knows which belong to dead processes. */
  get tempTag(): string {
    return this.instances.token;
  }

  get backupsRoot(): string {
    return join(this.config.mediaRoot, 'backups');
  }

  isBackupPath(relativePath: string): boolean {
    return BACKUP_PATH_PATTERN.test(relativePath);
  }

  /** Absolute path of a stored backup, after checking it is one of ours. */
  resolveStored(relativePath: string): string {
    if (!BACKUP_PATH_PATTERN.test(relativePath)) throw new Error(`Refusing unexpected backup path: ${relativePath}`);
    const absolute = resolve(this.config.mediaRoot, relativePath);
    if (!absolute.startsWith(resolve(this.config.mediaRoot) + sep)) throw new Error(`Refusing path outside MEDIA_ROOT: ${relativePath}`);
    return absolute;
  }

  /** Makes `dir` (0700) when missing; the entry of each folder made is flushed, so a power cut cannot take a listed backup's folder. */
  async ensureDir(dir: string): Promise<void> {
    const made = await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    if (made) await fsyncAll(parentsOfMade(made, dir));
  }

  /**
   * Produces a backup under `folder` in a temp file: `produce` writes it,
   * `verify` checks it, then it is made 0600 and fsynced. On any failure the
   * temp file is removed. BackupStore gives it its final name.
   */
  async produce(
    folder: string,
    stem: string,
    extension: string,
    produce: (tempPath: string) => Promise<Digest | void>,
    verify: (tempPath: string) => Promise<void>,
  ): Promise<ProducedFile> {
    const dir = join(this.config.mediaRoot, folder);
    await this.ensureDir(dir);
    // Encrypted backups say so in their name; their bytes say it again (magic header).
    if (this.encryption.enabled) extension += '.enc';
    const tempPath = this.tempPathIn(dir, stem);
    try {
      const streamed = await produce(tempPath);
      await chmod(tempPath, 0o600);
      await fsyncFile(tempPath);
      // A file not hashed as it was written is hashed on another thread while it is verified.
      const [digest] = await Promise.all([streamed ?? digestOfFileInThread(tempPath), verify(tempPath)]);
      return { ...digest, tempPath, folder, stem, extension, encryptionKeyId: this.keyId(), synced: true };
    } catch (error) {
      await rm(tempPath, { force: true }).catch(() => undefined);
      await rm(this.plainTempFor(tempPath), { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A small backup already in memory and already verified: written to a temp
   * file and hashed from the same bytes, not yet fsynced (BackupBatchPublisher
   * syncs a whole batch at once). On failure the temp file is removed.
   */
  async produceFromMemory(folder: string, stem: string, extension: string, bytes: Buffer): Promise<ProducedFile> {
    const dir = join(this.config.mediaRoot, folder);
    if (this.encryption.enabled) extension += '.enc';
    const tempPath = this.tempPathIn(dir, stem);
    try {
      let digest: Digest;
      if (this.encryption.enabled) {
        await this.ensureDir(dir);
        digest = await this.streamToFile(Readable.from([bytes]), tempPath);
      } else {
        // The folder usually exists (the user's earlier backups): make it only when the write says it is missing.
        await writeFile(tempPath, bytes, { flag: 'wx', mode: 0o600 }).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          await this.ensureDir(dir);
          await writeFile(tempPath, bytes, { flag: 'wx', mode: 0o600 });
        });
        digest = { sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length };
      }
      return { ...digest, tempPath, folder, stem, extension, encryptionKeyId: this.keyId(), synced: false };
    } catch (error) {
      await rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** A plain file made by `writer` (FileWriterThread) under a temp name, not yet fsynced; removed on failure. */
  async produceWith(folder: string, stem: string, extension: string, writer: PlainWriter): Promise<ProducedFile> {
    if (this.encryption.enabled) throw new Error('produceWith makes plain files only: encrypted backups are sealed on this thread');
    const dir = join(this.config.mediaRoot, folder);
    const tempPath = this.tempPathIn(dir, stem);
    try {
      const digest = await writer(tempPath, dir);
      return { ...digest, tempPath, folder, stem, extension, encryptionKeyId: null, synced: false };
    } catch (error) {
      await rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** False when backups are encrypted: their bytes are sealed on this thread, so produceWith is not used. */
  get writesPlain(): boolean {
    return !this.encryption.enabled;
  }

  private keyId(): string | null {
    return this.encryption.enabled ? this.encryption.writeKeyId : null;
  }

  /**
   * Streams `source` (through optional transforms, then encryption when it is
   * on) into `tempPath`, hashing the stored bytes as it goes.
   */
  async streamToFile(source: Readable, tempPath: string, ...transforms: Transform[]): Promise<Digest> {
    const digest = new DigestStream();
    const seal = this.encryption.enabled ? [this.encryption.encryptStream()] : [];
    await pipeline([source, ...transforms, ...seal, digest, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 })]);
    return digest.digest();
  }

  /** For producers that write a plain file (SQLite): stores it at `tempPath`, encrypted when encryption is on. */
  async storeFile(plainPath: string, tempPath: string): Promise<Digest | void> {
    try {
      if (!this.encryption.enabled) return await rename(plainPath, tempPath);
      return await this.streamToFile(createReadStream(plainPath), tempPath);
    } finally {
      await rm(plainPath, { force: true });
    }
  }

  /** The backup's plain bytes: decrypted on the fly when the file is encrypted. */
  async openPlain(path: string): Promise<Readable> {
    const source = createReadStream(path);
    if (!(await this.encryption.isEncrypted(path))) return source;
    const plain = this.encryption.decryptStream();
    source.on('error', (error) => plain.destroy(error));
    return source.pipe(plain);
  }

  /** Runs `use` on a plain copy of the file (for tools that need a real file), removed afterwards. */
  async withPlainFile<T>(path: string, use: (plainPath: string) => Promise<T>): Promise<T> {
    if (!(await this.encryption.isEncrypted(path))) return use(path);
    const plainPath = this.tempPathIn(dirname(path), 'plain');
    try {
      await pipeline(await this.openPlain(path), createWriteStream(plainPath, { flags: 'wx', mode: 0o600 }));
      return await use(plainPath);
    } finally {
      await rm(plainPath, { force: true });
    }
  }

  /** The key id in an encrypted file's header, or null for a plain file. */
  async encryptionKeyIdOf(path: string): Promise<string | null> {
    if (!(await this.encryption.isEncrypted(path))) return null;
    const handle = await open(path, 'r');
    try {
      const { buffer } = await handle.read(Buffer.alloc(8), 0, 8, 8);
      return buffer.toString('hex');
    } finally {
      await handle.close();
    }
  }

  /** A hidden temp name in `dir` that carries this process's owner token (.<stem>.<token>-<hex>.partial). */
  tempPathIn(dir: string, stem: string): string {
    return join(dir, `.${stem}.${tempSuffix(this.tempTag)}.partial`);
  }

  /** A temp name beside `tempPath` for a plain intermediate file (swept like any temp file). */
  plainTempFor(tempPath: string): string {
    return tempPath.replace(/\.partial$/, '.plain.partial');
  }

  digestOf(absolutePath: string): Promise<Digest> {
    return digestOfFile(absolutePath);
  }

  /** Removes a stored backup; a file that is already gone is not an error. */
  async remove(relativePath: string): Promise<void> {
    await rm(this.resolveStored(relativePath), { force: true });
  }

  async exists(relativePath: string): Promise<boolean> {
    return stat(this.resolveStored(relativePath)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Throws unless a file can be created, written and removed in MEDIA_ROOT/backups (at start, and by /health).
   * Three waits on the event loop, not six (mkdir only when the folder is missing; close and unlink together):
   * /health is polled during long backups, where each wait is behind a slice of their work. A temp name, so a
   * probe left by a kill is swept at the next start.
   */
  async probeWritable(): Promise<void> {
    const probe = this.tempPathIn(this.backupsRoot, 'probe');
    const file = await open(probe, 'wx', 0o600).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await this.ensureDir(this.backupsRoot);
      return open(probe, 'wx', 0o600);
    });
    const written = await file.write('ok').then(
      () => null,
      (error: Error) => error,
    );
    const [closed, removed] = await Promise.allSettled([file.close(), unlink(probe)]);
    // The first failure in the order it happened: a failed write explains a failed close.
    const failure = written ?? [closed, removed].find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
    if (failure) throw failure;
  }

  /** Free bytes on the file system holding MEDIA_ROOT (one call, /health polls it; the folder is made only when missing). */
  async freeBytes(): Promise<number> {
    const fs = await statfs(this.backupsRoot).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await this.ensureDir(this.backupsRoot);
      return statfs(this.backupsRoot);
    });
    return Number(fs.bavail) * Number(fs.bsize);
  }

  /**
   * Startup sweep: temp files left by a crash or kill. A file whose owner is
   * not alive goes at once; one without an owner in its name only when
   * untouched for `unownedAgeMs`; a live owner's is left alone.
   */
  async sweepTempFiles(unownedAgeMs: number): Promise<number> {
    const live = new Set([...(await this.instances.liveIds())].map((id) => id.split(':').pop()));
    let removed = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (TEMP_PATTERN.test(entry.name)) {
          const owner = TEMP_OWNER.exec(entry.name)?.[1];
          if (owner && live.has(owner)) continue;
          const info = owner ? null : await stat(path).catch(() => null);
          if (owner || (info && Date.now() - info.mtimeMs >= unownedAgeMs)) {
            await rm(path, { force: true });
            removed++;
          }
        }
      }
    };
    await walk(this.backupsRoot);
    if (removed) this.logger.warn(`Removed ${removed} leftover temporary backup file(s)`);
    return removed;
  }
}

export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
