import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Durability, parentsOfMade } from './durability.js';

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

describe('parentsOfMade: where the entries of new folders are, to be flushed', () => {
  it("is each made level's parent, from the one above the first made down to the one above the last", () => {
    expect(parentsOfMade('/m/backups/user_inventory', '/m/backups/user_inventory/7')).toEqual(['/m/backups/user_inventory', '/m/backups']);
    expect(parentsOfMade('/m/backups/user_inventory/7', '/m/backups/user_inventory/7')).toEqual(['/m/backups/user_inventory']);
    expect(parentsOfMade('/m', '/m')).toEqual(['/']);
  });
});
