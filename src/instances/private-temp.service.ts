import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { InstanceRegistry } from './instance-registry.service.js';

/** Entries are named <purpose>-<owner token>-<random>; an owner that is not alive left them behind. */
const ENTRY = /^[a-z]+-([0-9a-f]{6})-[0-9a-f]+/;
/** An entry whose owner cannot be told (not ours by name) is only removed once this old. */
const UNOWNED_AGE_MS = 5 * 60_000;

/**
 * The one private temp folder (DATA_DIR/tmp, 0700; every file 0600) for option
 * files with passwords, import spools and other intermediates. Names carry the
 * owning instance's token, so the sweep at start removes what dead processes
 * left without waiting, and never what a live one is using.
 */
@Injectable()
export class PrivateTemp implements OnApplicationBootstrap {
  private readonly logger = new Logger(PrivateTemp.name);

  constructor(
    private readonly config: AppConfig,
    private readonly instances: InstanceRegistry,
  ) {}

  get dir(): string {
    return join(this.config.dataDir, 'tmp');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
  }

  /** A fresh path in the folder (nothing created yet). */
  async path(purpose: string, suffix = ''): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    return join(this.dir, `${purpose}-${this.instances.token}-${randomBytes(6).toString('hex')}${suffix}`);
  }

  /** A private file holding `content` (e.g. a MySQL option file); the caller removes it in `finally`. */
  async writeSecretFile(purpose: string, suffix: string, content: string): Promise<string> {
    const path = await this.path(purpose, suffix);
    await writeFile(path, content, { mode: 0o600, flag: 'wx' });
    return path;
  }

  /** A private folder (e.g. an import spool); the caller removes it. */
  async makeDir(purpose: string): Promise<string> {
    const path = await this.path(purpose);
    await mkdir(path, { mode: 0o700 });
    return path;
  }

  /** Removes entries left by processes that are no longer alive. */
  async sweep(): Promise<number> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    if (!entries.length) return 0;
    const live = new Set([...(await this.instances.liveIds())].map((id) => id.split(':').pop()));
    let removed = 0;
    for (const name of entries) {
      const owner = ENTRY.exec(name)?.[1];
      const path = join(this.dir, name);
      if (owner ? live.has(owner) : Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now()) < UNOWNED_AGE_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    if (removed) this.logger.warn(`Removed ${removed} leftover temporary file(s) from ${this.dir}`);
    return removed;
  }
}
