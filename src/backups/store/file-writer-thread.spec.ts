import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { InventoryJsonPart } from '../../inventory/inventory-export.service.js';
import { encodeInventoryParts, FileWriterThread, WriteFailure } from './file-writer-thread.js';
import type { StartWorker } from './file-writer-thread.js';

const item = (n: number) => JSON.stringify({ name: `Brick ${n} ✓`, part_id: `300${n}`, color: 'Red', quantity_total: n, quantity_used: 0 });
const header = '{"format":"blockshelf-inventory","version":1,"exported_at":"2026-11-26T02:00:00.000Z","user":{"id":3,"username":"jöhn"},"items":[';
const parts = (): InventoryJsonPart[] => [
  { kind: 'header', text: header },
  { kind: 'items', text: `${item(1)},${item(2)}`, count: 2 },
  { kind: 'items', text: `,${item(3)}`, count: 1 },
  { kind: 'footer', text: '],"item_count":3}', count: 3 },
];

const expected = () => encodeInventoryParts(parts()).bytes;

/** Files under `dir` this process has open (the thread's are the process's). */
function openFilesUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.startsWith(dir + '/'))
    .sort();
}

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

  it('makes every missing level of the folder (the very first backup of a kind), each 0700', async () => {
    await write(parts(), 3, join(dir, 'kind', 'user_3', '.a.partial'));
    expect(readFileSync(join(dir, 'kind', 'user_3', '.a.partial')).equals(expected())).toBe(true);
    expect([statSync(join(dir, 'kind')).mode & 0o777, statSync(join(dir, 'kind', 'user_3')).mode & 0o777]).toEqual([0o700, 0o700]);
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
    const failure = await write(parts(), 3, taken).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteFailure);
    expect(failure).toMatchObject({ code: 'EEXIST' });
    // The bytes come back whole, for a retry.
    expect((failure as WriteFailure).bytes.equals(encodeInventoryParts(parts()).bytes)).toBe(true);
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

  it('when closed: each queued write is either whole with its digest or failed as closed, no file stays open, later jobs fail at once', async () => {
    const expected = encodeInventoryParts(parts()).bytes;
    const streamed = thread.openFile(join(dir, '.open.partial'), dir, 3);
    streamed.append(encodeInventoryParts(parts().slice(0, 2)));
    await thread.exist([dir]); // the worker runs, and has the streamed file open
    expect(openFilesUnder(dir)).toEqual([join(dir, '.open.partial')]);
    const queued = Array.from({ length: 400 }, (_, n) => write(parts(), 3, join(dir, `.q${n}.partial`)));
    await queued[0];
    await thread.close();
    const settled = await Promise.allSettled(queued);
    for (const [n, fate] of settled.entries()) {
      if (fate.status === 'fulfilled') expect(readFileSync(join(dir, `.q${n}.partial`)).equals(expected)).toBe(true);
      else expect(String(fate.reason)).toMatch(/The file writer thread was closed/);
    }
    // Some were written before the close, some not: both fates are checked above.
    expect(settled.filter((f) => f.status === 'fulfilled').length).toBeGreaterThan(0);
    expect(settled.filter((f) => f.status === 'rejected').length).toBeGreaterThan(0);
    await expect(streamed.finish()).rejects.toThrow(/closed/);
    expect(openFilesUnder(dir)).toEqual([]);
    await expect(thread.exist([dir])).rejects.toThrow(/closed/);
    // remove() never fails: this thread does it.
    await thread.remove([join(dir, '.q0.partial')]);
    expect(existsSync(join(dir, '.q0.partial'))).toBe(false);
  });

  describe('when its worker dies', () => {
    const workers: Worker[] = [];
    /** Starts the real worker, with `prefix` run first in the n-th one started (0-based), its source passed through `edit`. */
    const withPrefix =
      (n: number, prefix: string, edit = (source: string) => source): StartWorker =>
      (source, options) => {
        const worker = new Worker(edit(workers.length === n ? prefix + source : source), options);
        workers.push(worker);
        return worker;
      };
    afterEach(() => void (workers.length = 0));

    it('closes the files it had open, fails their jobs, and a new worker takes the next ones', async () => {
      thread = new FileWriterThread(withPrefix(-1, ''));
      const file = thread.openFile(join(dir, '.big.partial'), dir, 3);
      file.append(encodeInventoryParts(parts().slice(0, 2)));
      await thread.exist([dir]); // the worker has opened the file and written the first run
      expect(openFilesUnder(dir)).toEqual([join(dir, '.big.partial')]);
      await workers[0].terminate();
      expect(openFilesUnder(dir)).toEqual([]);
      expect(file.failed).toBe(false);
      file.append(encodeInventoryParts(parts().slice(2)));
      await expect(file.finish()).rejects.toThrow(/restarted: this file was lost/);
      expect(file.failed).toBe(true);
      await expect(write(parts(), 3, join(dir, '.next.partial'))).resolves.toMatchObject({ sizeBytes: expected().length });
      expect(workers).toHaveLength(2);
    });

    it("a crashed worker's late exit fails only its own jobs, not those of the worker that replaced it", async () => {
      // Its first answer throws, uncaught: the worker dies with an error (the file was written; a caller removes it).
      const crashOnFirstJob = `{ const port = require('node:worker_threads').parentPort, post = port.postMessage.bind(port);
        port.postMessage = (message) => { if (message.ready) return post(message); throw new Error('injected crash'); }; }\n`;
      // The replacement starts slowly, so its jobs are still waiting when the crashed worker's exit arrives.
      const slowStart = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);\n';
      let start = 0;
      thread = new FileWriterThread((source, options) => withPrefix(start, [crashOnFirstJob, slowStart][start++])(source, options));
      await expect(write(parts(), 3, join(dir, '.crash.partial'))).rejects.toThrow(/failed: injected crash/);
      const next = write(parts(), 3, join(dir, '.after.partial'));
      await new Promise((resolve) => workers[0].once('exit', resolve));
      await expect(next).resolves.toMatchObject({ sizeBytes: expected().length });
      expect(readFileSync(join(dir, '.after.partial')).equals(expected())).toBe(true);
      expect(workers).toHaveLength(2);
    });

    it('is not started again when its code cannot run on its own (a tool rewrote the checks): every job fails at once, saying why', async () => {
      thread = new FileWriterThread(withPrefix(-1, '', (source) => source.replace('function checkItem', 'function renamedCheckItem')));
      await expect(thread.exist([dir])).rejects.toThrow(/file writer thread cannot run its code: .*checkItem is not defined/);
      await expect(thread.exist([dir])).rejects.toThrow(/checkItem is not defined/);
      await expect(write(parts())).rejects.toThrow(/checkItem is not defined/);
      expect(workers).toHaveLength(1);
    });

    it(`is started again at most ${3} times after its worker dies; then every job fails at once`, async () => {
      const crashOnFirstJob = "require('node:worker_threads').parentPort.on('message', () => process.exit(70));\n";
      thread = new FileWriterThread(withPrefix(-1, '', (source) => crashOnFirstJob + source));
      for (let death = 1; death <= 4; death++) await expect(thread.exist([dir])).rejects.toThrow(/exited with code 70/);
      await expect(thread.exist([dir])).rejects.toThrow(/died 4 times/);
      expect(workers).toHaveLength(4);
    });
  });

  it('registers nothing for a job that cannot be posted: its promise rejects and caughtUp() does not wait for it', async () => {
    const { bytes, layout } = encodeInventoryParts(parts());
    const big = Buffer.concat([bytes, Buffer.alloc(5 << 20)]); // over MAX_QUEUED_BYTES, were it counted
    const unclonable = [...layout, { kind: 'items', count: 0, bytes: 0, note: () => 'a function cannot be posted' }] as typeof layout;
    await expect(thread.write({ tempPath: join(dir, '.x.partial'), dir, bytes: big, inventory: { userId: 3, layout: unclonable } })).rejects.toThrow(
      /could not be cloned/,
    );
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise((resolve) => (timer = setTimeout(resolve, 2000, 'still waiting')));
    expect(await Promise.race([thread.caughtUp().then(() => 'caught up'), watchdog])).toBe('caught up');
    clearTimeout(timer);
    await expect(write(parts(), 3, join(dir, '.after.partial'))).resolves.toMatchObject({ sizeBytes: expected().length });
  });

  it('keeps the process alive while it has jobs, and only then (a CLI on SQLite may have nothing else to wait on)', () => {
    const module = pathToFileURL(join(process.cwd(), process.env.BLOCKSHELF_DIST ?? 'dist', 'src/backups/store/file-writer-thread.js')).href;
    const script = `import { FileWriterThread } from '${module}';
      const thread = new FileWriterThread();
      console.log(JSON.stringify(await thread.exist(['/', '/nonexistent'])));
      await thread.exist(['/']); // idle afterwards, not closed: the process must still end`;
    // Started as an ES module with a V8 flag: neither reaches the worker (its script is CommonJS; V8 flags are refused there).
    const out = execFileSync(process.execPath, ['--max-old-space-size=300', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('[true,false]');
  });

  it('tells a streamed file it failed once a run fails, so the producer stops reading', async () => {
    const file = thread.openFile(join(dir, '.s.partial'), dir, 3);
    file.append(encodeInventoryParts(parts().slice(0, 1)));
    await thread.exist([dir]);
    expect(file.failed).toBe(false);
    file.append(encodeInventoryParts([{ kind: 'items', text: ',{"name":', count: 1 }]));
    await thread.exist([dir]);
    expect(file.failed).toBe(true);
    await expect(file.finish()).rejects.toThrow(/JSON/);
    expect(openFilesUnder(dir)).toEqual([]);
  });

  it('streams a large inventory in runs: the file is the runs joined, checked as a whole, with its digest', async () => {
    const list = parts();
    const file = thread.openFile(join(dir, 'user_3', '.big.partial'), join(dir, 'user_3'), 3);
    file.append(encodeInventoryParts(list.slice(0, 2)));
    file.append(encodeInventoryParts(list.slice(2)));
    const expected = Buffer.from(list.map((p) => p.text).join(''));
    await expect(file.finish()).resolves.toEqual({ sha256: createHash('sha256').update(expected).digest('hex'), sizeBytes: expected.length });
    expect(readFileSync(join(dir, 'user_3', '.big.partial')).equals(expected)).toBe(true);
  });

  it.each([
    ['a run that breaks the JSON', (p: InventoryJsonPart[]) => ((p[2].text = ',{"name":'), p), /JSON/],
    ['no closing run', (p: InventoryJsonPart[]) => p.slice(0, 3), /incomplete/],
  ])('fails a streamed file with %s at finish() (the caller removes the temp file)', async (_label, spoil, message) => {
    const list = spoil(parts());
    const file = thread.openFile(join(dir, '.s.partial'), dir, 3);
    for (const part of list) file.append(encodeInventoryParts([part]));
    await expect(file.finish()).rejects.toThrow(message);
  });

  it('does the batch publish calls on its thread: exist, create (0600, never over a file), rename, link (EEXIST per name), remove', async () => {
    writeFileSync(join(dir, 'a'), 'A');
    expect(await thread.exist([join(dir, 'a'), join(dir, 'nope')])).toEqual([true, false]);
    await thread.create([{ path: join(dir, 'm1'), text: 'one' }]);
    expect(readFileSync(join(dir, 'm1'), 'utf8')).toBe('one');
    expect(statSync(join(dir, 'm1')).mode & 0o777).toBe(0o600);
    await expect(thread.create([{ path: join(dir, 'a'), text: 'over' }])).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('A');
    await thread.rename([[join(dir, 'm1'), join(dir, 'm2')]]);
    expect([existsSync(join(dir, 'm1')), readFileSync(join(dir, 'm2'), 'utf8')]).toEqual([false, 'one']);
    const links = await thread.link([
      [join(dir, 'm2'), join(dir, 'l1')],
      [join(dir, 'm2'), join(dir, 'a')],
    ]);
    expect(links[0]).toBeNull();
    expect(links[1]).toMatchObject({ code: 'EEXIST' });
    expect(statSync(join(dir, 'l1')).ino).toBe(statSync(join(dir, 'm2')).ino);
    await thread.remove([join(dir, 'l1'), join(dir, 'gone-already')]);
    expect(existsSync(join(dir, 'l1'))).toBe(false);
  });
});
