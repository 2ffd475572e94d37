import { writeFile } from 'node:fs/promises';
import { DatabaseDumper } from '../../src/backups/dialects/database-dumper.js';
import type { Digest } from '../../src/backups/backup-files.service.js';

/** Wraps the real dumper: waits before dumping (to hold the run open), or writes half a file and dies. */
export class WrappedDumper extends DatabaseDumper {
  get dialect() {
    return this.inner.dialect;
  }
  get extension() {
    return this.inner.extension;
  }
  get format() {
    return this.inner.format;
  }
  constructor(
    private readonly inner: DatabaseDumper,
    private readonly behaviour: { delayMs?: number; dieHalfway?: boolean },
  ) {
    super();
  }
  preflight() {
    return this.inner.preflight();
  }
  async dump(tempPath: string): Promise<Digest | void> {
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    if (this.behaviour.dieHalfway) {
      await writeFile(tempPath, Buffer.alloc(100_000, 7));
      throw new Error('simulated crash halfway through the dump');
    }
    return this.inner.dump(tempPath);
  }
  verify(path: string) {
    return this.inner.verify(path);
  }
  restore(path: string) {
    return this.inner.restore(path);
  }
}
