import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The full-disk tests mount a tmpfs, which takes root. */
export const asRoot = process.getuid?.() === 0;

/** A tmpfs of `size` for MEDIA_ROOT (root only; unmount it in a finally). */
export function withSmallDisk(size: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bs-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return { dir, unmount: () => (execFileSync('umount', [dir]), rmSync(dir, { recursive: true, force: true })) };
}
