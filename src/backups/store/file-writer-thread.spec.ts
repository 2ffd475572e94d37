import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import { encodeInventoryParts, FileWriterThread } from './file-writer-thread.js';

const item = (n: number) => JSON.stringify({ name: `Brick ${n} ✓`, part_id: `300${n}`, color: 'Red', quantity_total: n, quantity_used: 0 });
const header = '{"format":"blockshelf-inventory","version":1,"exported_at":"2026-11-26T02:00:00.000Z","user":{"id":3,"username":"jöhn"},"items":[';
const parts = (): InventoryJsonPart[] => [
  { kind: 'header', text: header },
  { kind: 'items', text: `${item(1)},${item(2)}`, count: 2 },
  { kind: 'items', text: `,${item(3)}`, count: 1 },
  { kind: 'footer', text: '],"item_count":3}', count: 3 },
];

describe('FileWriterThread: the check, hash and write of small backups on another thread', () => {
  let dir: string;
  let thread: FileWriterThread;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'writer-thread-'));
    thread = new FileWriterThread();
  });
  afterEach(async () => {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (list: InventoryJsonPart[], userId = 3, target = join(dir, 'user_3', '.a.partial')) => {
    const { bytes, layout } = encodeInventoryParts(list);
    return thread.write({ tempPath: target, dir: join(target, '..'), bytes, inventory: { userId, layout } });
  };

  it('writes the parts byte for byte (0600, its folder made 0700) and returns their sha256 and size', async () => {
    const expected = Buffer.from(
      parts()
        .map((p) => p.text)
        .join(''),
    );
    const digest = await write(parts());
    const written = readFileSync(join(dir, 'user_3', '.a.partial'));
    expect(written.equals(expected)).toBe(true);
    expect(digest).toEqual({ sha256: createHash('sha256').update(expected).digest('hex'), sizeBytes: expected.length });
    expect(JSON.parse(written.toString()).items).toHaveLength(3);
    expect(statSync(join(dir, 'user_3', '.a.partial')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'user_3')).mode & 0o777).toBe(0o700);
  });

  it.each([
    ['another user', (p: InventoryJsonPart[]) => p, 4, /belongs to user 3, expected 4/],
    ['a broken item', (p: InventoryJsonPart[]) => ((p[1].text = `${item(1)},{"name":`), p), 3, /JSON/],
    ['a wrong item_count', (p: InventoryJsonPart[]) => ((p[3].text = '],"item_count":4}'), p), 3, /item_count says 4 but the file has 3 items/],
    ['no closing part', (p: InventoryJsonPart[]) => p.slice(0, 3), 3, /incomplete/],
  ])('refuses %s and writes nothing', async (_label, spoil, userId, message) => {
    await expect(write(spoil(parts()), userId as number)).rejects.toThrow(message as RegExp);
    expect(existsSync(join(dir, 'user_3', '.a.partial'))).toBe(false);
  });

  it('keeps the error code of a failed write (a full disk is ENOSPC to the caller) and goes on with the next job', async () => {
    const taken = join(dir, '.taken.partial');
    writeFileSync(taken, 'already here');
    await expect(write(parts(), 3, taken)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(taken, 'utf8')).toBe('already here');
    await expect(write(parts(), 3, join(dir, '.b.partial'))).resolves.toMatchObject({ sizeBytes: expect.any(Number) });
  });

  it('hands over a buffer of its own without copying it, and waits (caughtUp) only while much is queued', async () => {
    const { bytes, layout } = encodeInventoryParts(parts());
    const done = thread.write({ tempPath: join(dir, '.c.partial'), dir, bytes, inventory: { userId: 3, layout } });
    expect(bytes.length).toBe(0); // detached: transferred, not cloned
    await thread.caughtUp();
    await done;
  });

  it('fails the writes still queued when it is closed', async () => {
    const queued = Array.from({ length: 20 }, (_, n) => write(parts(), 3, join(dir, `.q${n}.partial`)));
    await thread.close();
    const settled = await Promise.allSettled(queued);
    expect(settled.some((s) => s.status === 'rejected' && /closed|exited/.test(String(s.reason)))).toBe(true);
  });
});
