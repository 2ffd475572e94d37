import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Durability } from './durability.js';

describe('Durability: one flush for a batch of new files and folder entries', () => {
  let dir: string;
  const path = process.env.PATH;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bs-durable-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'one'), 'x');
  });
  afterEach(() => {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['with syncfs (sync -f)', () => undefined],
    // No `sync` on the PATH: the probe fails and every path is fsynced instead.
    ['without it (fsync of every path)', () => void (process.env.PATH = '/nonexistent')],
  ])('%s: flushes files and folders, and a path that cannot be flushed fails the flush', async (_label, setUp) => {
    setUp();
    const durability = new Durability(() => dir);
    await expect(durability.flush({ files: [join(dir, 'a', 'one')], folders: [join(dir, 'a')] })).resolves.toBeUndefined();
    await expect(durability.flush({ folders: [join(dir, 'gone')] })).rejects.toThrow(/ENOENT/);
  });
});
