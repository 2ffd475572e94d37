import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { In } from 'typeorm';
import { BackupTrash } from '../src/backups/retention/backup-trash.service.js';
import { InventoryItem } from '../src/inventory/inventory-item.entity.js';
import { runCli } from './support/cli.js';
import { bearer, createTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { testDialects } from './support/test-database.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const NO_TIERS = { keep_daily: 0, keep_weekly: 0, keep_monthly: 0 };
const items = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ name: `Brick ${from + i}`, part_id: `p${from + i}`, color: 'Red', quantity_total: 3, quantity_used: 1 }));

async function exportOf(t: TestApp, token: string) {
  const data = JSON.parse((await t.http.get('/api/inventory/export').set(bearer(token)).buffer(true)).text);
  delete data.exported_at;
  return data;
}

describe.each(testDialects())('retention: pins, trash, preview, shrink guard, safe restore (%s)', (dialect) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { BACKUP_TRASH_HOURS: '1' } });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('rotation moves old backups to the trash; undelete gives back the same id and bytes; purge deletes at once; pinned ones survive', async () => {
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(
        (
          await t.http
            .post('/api/backups/full-db')
            .set(bearer(admin))
            .send({ keep: 1, ...NO_TIERS })
            .expect(201)
        ).body.backup,
      );
    const listed = (await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items.map((b: { id: number }) => b.id);
    expect(listed).toEqual([made[2].id]);
    const trash = (await t.http.get('/api/backups/trash').set(bearer(admin))).body.items;
    expect(trash.map((b: { id: number }) => b.id).sort()).toEqual([made[0].id, made[1].id].sort());
    expect(trash[0].status).toBe('trashed');
    for (const b of made.slice(0, 2)) {
      expect(existsSync(join(t.mediaRoot, b.file_path))).toBe(false);
      expect(sha256(join(t.mediaRoot, 'backups/trash', b.file_path.replace(/^backups\//, '')))).toBe(b.sha256);
      await t.http.get(`/api/backups/${b.id}`).set(bearer(admin)).expect(404);
    }

    const back = (await t.http.post(`/api/backups/${made[0].id}/undelete`).set(bearer(admin)).expect(200)).body;
    expect([back.id, back.file_name, back.status]).toEqual([made[0].id, made[0].file_name, 'ok']);
    expect(sha256(join(t.mediaRoot, made[0].file_path))).toBe(made[0].sha256);

    await t.http.delete(`/api/backups/${made[1].id}?purge=true`).set(bearer(admin)).expect(204);
    expect((await t.http.get('/api/backups/trash').set(bearer(admin))).body.items).toEqual([]);
    expect(existsSync(join(t.mediaRoot, 'backups/trash', made[1].file_path.replace(/^backups\//, '')))).toBe(false);

    // A pin outlives any policy; the backup just made and the pinned one stay.
    const pinned = (await t.http.post(`/api/backups/${made[0].id}/pin`).set(bearer(admin)).send({ reason: 'before the move' }).expect(200)).body;
    expect([pinned.pinned, pinned.pin_reason]).toEqual([true, 'before the move']);
    const next = (
      await t.http
        .post('/api/backups/full-db')
        .set(bearer(admin))
        .send({ keep: 1, ...NO_TIERS })
        .expect(201)
    ).body.backup;
    expect((await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.items.map((b: { id: number }) => b.id).sort()).toEqual(
      [made[0].id, next.id].sort(),
    );
    await t.http.delete(`/api/backups/${made[0].id}/pin`).set(bearer(admin)).expect(200);

    // The sweep purges what has been in the trash longer than BACKUP_TRASH_HOURS.
    await t.http.delete(`/api/backups/${next.id}`).set(bearer(admin)).expect(204);
    expect(await t.app.get(BackupTrash).sweep(new Date())).toBe(0);
    expect(await t.app.get(BackupTrash).sweep(new Date(Date.now() + 2 * 3600_000))).toBeGreaterThanOrEqual(1);
    expect((await t.http.get('/api/backups/trash').set(bearer(admin))).body.total).toBe(0);
  });

  it('the preview agrees exactly with what prune then removes', async () => {
    const inTrash = async () => (await t.http.get('/api/backups/trash?pageSize=100').set(bearer(admin))).body.items.map((b: { id: number }) => b.id);
    const trashedBefore = await inTrash();
    for (let i = 0; i < 4; i++) await t.http.post('/api/backups/full-db').set(bearer(admin)).send({ keep: 100 }).expect(201);
    const preview = (await t.http.get('/api/backups/retention?type=full_db&keep=2&keep_daily=0&keep_weekly=0&keep_monthly=0').set(bearer(admin)).expect(200))
      .body;
    expect(preview.policy).toMatchObject({ keep: 2, keep_daily: 0 });
    const doomed = preview.backups
      .filter((b: { keep: boolean }) => !b.keep)
      .map((b: { id: number }) => b.id)
      .sort();
    expect(doomed.length).toBeGreaterThan(0);
    expect(preview.backups.filter((b: { keep: boolean }) => b.keep).every((b: { reasons: string[] }) => b.reasons.length > 0)).toBe(true);
    const dry = await runCli(t, ['prune', '--dry-run', '--keep', '2', '--keep-daily', '0', '--keep-weekly', '0', '--keep-monthly', '0'], {
      env: { DATA_DIR: t.config.dataDir },
    });
    expect(dry.code).toBe(0);
    for (const id of doomed) expect(dry.stdout).toMatch(new RegExp(`remove +${id} `));
    const applied = await runCli(t, ['prune', '--keep', '2', '--keep-daily', '0', '--keep-weekly', '0', '--keep-monthly', '0'], {
      env: { DATA_DIR: t.config.dataDir },
    });
    expect(applied.code).toBe(0);
    const trashed = (await inTrash()).filter((id: number) => !trashedBefore.includes(id)).sort();
    expect(trashed).toEqual(doomed);
    expect((await t.http.get('/api/backups?type=full_db').set(bearer(admin))).body.total).toBe(2);
  });

  it('shrink guard: 1,000 items then 400 pins the 1,000-item backup with the reason; 1,000 then 600 pins nothing', async () => {
    const ann = await t.register('ann');
    await t.http.post('/api/inventory/import').set(bearer(ann.token)).send(items(1000)).expect(200);
    // Items go away by hand, not by a replace import (which would take a safety backup of its own).
    const keepOnly = (n: number) =>
      t.dataSource.getRepository(InventoryItem).delete({
        userId: ann.id,
        partId: In(
          items(1000)
            .slice(n)
            .map((i) => i.part_id),
        ),
      });
    const big = (await t.http.post('/api/backups/me').set(bearer(ann.token)).send({}).expect(201)).body.backup;
    expect(big.item_count).toBe(1000);
    await keepOnly(600);
    const res = (await t.http.post('/api/backups/me').set(bearer(ann.token)).send({}).expect(201)).body;
    expect((await t.http.get(`/api/backups/${big.id}`).set(bearer(ann.token))).body.pinned).toBe(false);
    expect(res.run.warnings).toBeNull();
    await keepOnly(240);
    const shrunk = (await t.http.post('/api/backups/me').set(bearer(ann.token)).send({}).expect(201)).body;
    const previous = (await t.http.get(`/api/backups/${res.backup.id}`).set(bearer(ann.token))).body;
    expect(previous.pinned).toBe(true);
    expect(previous.pin_reason).toBe(`Shrink guard: backup ${shrunk.backup.id} has 240 items, fewer than 50% of the 600 in this one`);
    expect(shrunk.run.warnings).toMatch(/^backup\.shrunk: Shrink guard/);
  });

  it('a restore takes a pinned safety backup first; restoring it brings back the inventory as it was, byte for byte', async () => {
    const bob = await t.register('bob');
    await t.http.post('/api/inventory/import?mode=replace').set(bearer(bob.token)).send(items(5)).expect(200);
    const backup = (await t.http.post('/api/backups/me').set(bearer(bob.token)).send({}).expect(201)).body.backup;
    await t.http.post('/api/inventory/import?mode=replace').set(bearer(bob.token)).send(items(3, 100)).expect(200);
    const before = await exportOf(t, bob.token);

    const report = (await t.http.post(`/api/backups/${backup.id}/restore`).set(bearer(bob.token)).expect(200)).body;
    expect(report.safety_backup_id).toEqual(expect.any(Number));
    const safety = (await t.http.get(`/api/backups/${report.safety_backup_id}`).set(bearer(bob.token))).body;
    expect([safety.pinned, safety.pin_reason, safety.label]).toEqual([
      true,
      `before restore of backup ${backup.id}`,
      `Safety backup before restore of backup ${backup.id}`,
    ]);
    expect(safety.pinned_until).not.toBeNull();
    expect((await exportOf(t, bob.token)).item_count).toBe(5);

    const undo = (await t.http.post(`/api/backups/${safety.id}/restore`).set(bearer(bob.token)).expect(200)).body;
    expect(undo.safety_backup_id).toEqual(expect.any(Number));
    expect(await exportOf(t, bob.token)).toEqual(before);
    // A replace import keeps the inventory first too; a bad file is a 400 that writes nothing, not even a safety backup.
    const countBackups = async () => (await t.http.get('/api/backups').set(bearer(bob.token))).body.total;
    const before2 = await countBackups();
    const bad = await t.http
      .post('/api/inventory/import?mode=replace')
      .set(bearer(bob.token))
      .send([{ name: 'no part id' }]);
    expect(bad.status).toBe(400);
    expect(await countBackups()).toBe(before2);
    const replaced = (await t.http.post('/api/inventory/import?mode=replace').set(bearer(bob.token)).send(items(1, 500)).expect(200)).body;
    expect(replaced.safety_backup_id).toEqual(expect.any(Number));
    expect((await t.http.get(`/api/backups/${replaced.safety_backup_id}`).set(bearer(bob.token))).body).toMatchObject({
      pinned: true,
      pin_reason: 'before a replace import',
      item_count: 3,
    });
    // A dry run takes no safety backup.
    expect((await t.http.post(`/api/backups/${backup.id}/restore?dryRun=true`).set(bearer(bob.token)).expect(200)).body.safety_backup_id).toBeUndefined();
  });
});
