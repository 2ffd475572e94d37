import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { fsyncAll } from './backup-manifest.js';

const run = promisify(execFile);

/**
 * The folders holding the entries of the levels mkdir made, from the one above `dir` up to the one above
 * `made` (its result: the first level it made). Self-contained but for `dirname`: the writer thread runs it too.
 */
export function parentsOfMade(made: string, dir: string): string[] {
  const parents: string[] = [];
  for (let level = dir; level.startsWith(made) && level !== dirname(level); level = dirname(level)) parents.push(dirname(level));
  return parents;
}

/**
 * Makes many new files and folder entries durable at once. Where the system's
 * `sync -f` (coreutils: syncfs(2)) works, one call per file system flushes
 * them all: a batch of 500 backups costs ~17 ms instead of ~110 ms of
 * concurrent fsyncs (measured here, docs/benchmarks.md). It also flushes other
 * dirty data of that file system, which is why only batches use it. Elsewhere,
 * and if the probe fails, every path (and each folder's parent) is fsynced, several at a time.
 * syncfs reports write-back errors since Linux 5.8; an error fails the batch.
 */
export class Durability {
  private syncfs: Promise<boolean> | undefined;
  private readonly devices = new Map<string, number>();

  constructor(private readonly probeDir: () => string) {}

  /** Makes `files` (their data) and `folders` (their entries: renames, links) durable. */
  async flush({ files = [], folders = [] }: { files?: string[]; folders?: string[] }): Promise<void> {
    if (!files.length && !folders.length) return;
    // A folder's parent too: a user's first backup made its folder, whose entry is in the parent.
    if (!(await this.syncfsWorks())) return fsyncAll([...files, ...folders, ...folders.map((f) => dirname(f))]);
    // One syncfs per file system: a file is on its folder's; a folder that is a mount point is its own.
    const places = [...new Set([...files.map((f) => dirname(f)), ...folders])];
    const devices = await Promise.all(places.map((place) => this.deviceOf(place)));
    const byDevice = new Map<number, string>();
    places.forEach((place, i) => byDevice.set(devices[i], byDevice.get(devices[i]) ?? place));
    await Promise.all([...byDevice.values()].map((folder) => run('sync', ['-f', folder], { timeout: 120_000 })));
  }

  /** The file system of a folder, remembered for the last few thousand folders (a batch flushes the same ones three times). */
  private async deviceOf(folder: string): Promise<number> {
    const known = this.devices.get(folder);
    if (known !== undefined) return known;
    const { dev } = await stat(folder);
    if (this.devices.size >= 5000) this.devices.clear();
    this.devices.set(folder, dev);
    return dev;
  }

  private syncfsWorks(): Promise<boolean> {
    this.syncfs ??=
      process.platform !== 'linux'
        ? Promise.resolve(false)
        : run('sync', ['-f', this.probeDir()], { timeout: 30_000 }).then(
            () => true,
            () => false,
          );
    return this.syncfs;
  }
}
