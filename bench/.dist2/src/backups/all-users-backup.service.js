import { appendFileSync as __a } from "node:fs";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var AllUsersBackup_1;
import { Injectable, Logger } from '@nestjs/common';
import { InventoryExportService } from '../inventory/inventory-export.service.js';
import { UsersService } from '../users/users.service.js';
import { BackupFilesService } from './backup-files.service.js';
import { BackupLocks } from './backup-locks.js';
import { describeFailure, isDiskFull } from './backup-pipeline.js';
import { BackupProducers, inventoryFileName, userInventoryMeta } from './backup-producers.js';
import { BackupRotationService } from './backup-rotation.service.js';
import { InventoryJsonCheck } from './inventory-json.verifier.js';
import { BackupPins } from './retention/backup-pins.service.js';
import { BackupTrash } from './retention/backup-trash.service.js';
import { BackupBatchPublisher } from './store/backup-batch-publisher.js';
/** Users per batch: one user query, one count query, one publish (one INSERT, one UPDATE, each fsync step together), one rotation. */
const USERS_PER_BATCH = 500;
/** Items per export query of small inventories; an inventory larger than this is streamed on its own. */
const ITEMS_PER_QUERY = 500;
/**
 * The per-user part of "Backup All Users", done a batch of users at a time:
 * small inventories are read many to a query and written from memory, every
 * file of a batch is published together (BackupBatchPublisher), and rotation
 * and the shrink guard read each batch's sets in one query. One user's
 * failure is that user's result; the others go on.
 */
let AllUsersBackup = AllUsersBackup_1 = class AllUsersBackup {
    users;
    exporter;
    files;
    producers;
    publisher;
    rotation;
    pins;
    trash;
    locks;
    logger = new Logger(AllUsersBackup_1.name);
    constructor(users, exporter, files, producers, publisher, rotation, pins, trash, locks) {
        this.users = users;
        this.exporter = exporter;
        this.files = files;
        this.producers = producers;
        this.publisher = publisher;
        this.rotation = rotation;
        this.pins = pins;
        this.trash = trash;
        this.locks = locks;
    }
    async run(run, options, onProgress) {
        const totals = { results: [], bytes: 0, deleted: 0, errors: [], warnings: [] };
        const record = (owners, outcomes) => {
            for (const owner of owners) {
                const outcome = outcomes.get(owner.id) ?? { error: 'a backup of this user was already running' };
                if (outcome.warning)
                    totals.warnings.push(outcome.warning);
                if (outcome.backup) {
                    totals.bytes += outcome.backup.sizeBytes;
                    totals.deleted += outcome.deleted ?? 0;
                }
                else
                    totals.errors.push(`${owner.username}: ${outcome.error}`);
                totals.results.push({ user: owner, backup: outcome.backup, error: outcome.error });
                onProgress?.(totals.results.length, totals.results[totals.results.length - 1]);
            }
        };
        // Two stages: while one batch is published (mostly waiting on the disk), the next is read and written (mostly CPU).
        let publishing = Promise.resolve();
        try {
            for await (const batch of this.users.activeUsersInBatches(USERS_PER_BATCH)) {
                const owners = batch.map((u) => ({ id: u.id, username: u.username }));
                const taken = this.locks.claimFree(owners.map((o) => `user:${o.id}`));
                let produced;
                try {
                    produced = await this.produceBatch(owners.filter((o) => taken.has(`user:${o.id}`)), run, options);
                }
                catch (error) {
                    this.locks.release(taken);
                    throw error;
                }
                await publishing;
                publishing = this.publishBatch(produced)
                    .then((outcomes) => record(owners, outcomes))
                    .finally(() => this.locks.release(taken));
            }
        }
        catch (error) {
            // Users already backed up stay so; the run is partial (or failed) and says why.
            totals.errors.push(`listing users: ${error instanceof Error ? error.message : String(error)}`);
        }
        finally {
            await publishing;
        }
        return totals;
    }
    /** Every file of a batch under a temp name, with what its row and manifest will say. Never throws for one user. */
    async produceBatch(owners, run, options) {
        const started = Date.now();
        const now = new Date();
        const produced = await this.produceAll(owners, now, run);
        const entries = [];
        const outcomes = new Map();
        for (const owner of owners) {
            const made = produced.get(owner.id);
            if ('error' in made)
                outcomes.set(owner.id, { error: made.error });
            else
                entries.push({
                    owner,
                    produced: made.produced,
                    meta: {
                        ...userInventoryMeta(owner, made.itemCount),
                        createdAt: now,
                        runId: run.id,
                        createdBy: options.createdBy,
                        isScheduled: options.trigger === 'schedule',
                    },
                });
        }
        return { owners, entries, outcomes, options, started };
    }
    /** Lists a produced batch (one publish), then its shrink guard and rotation (one query each). Never throws. */
    async publishBatch({ owners, entries, outcomes, options, started }) {
        const t1 = Date.now(); const published = await this.publisher.publishMany(entries); const t2 = Date.now();
        const listed = [];
        for (const [i, { owner }] of entries.entries()) {
            const { backup, error } = published[i];
            if (backup)
                listed.push(backup);
            else
                outcomes.set(owner.id, { error: await this.describe(error) });
        }
        // The backups are listed by now: a failing guard or rotation is a warning, never a failed backup.
__a('/tmp/batch.log', `BATCH ${owners.length} produce ${t1-started} publish ${t2-t1}\n`);
        const warnings = await this.pins.guardShrinkMany(listed).catch((error) => {
            this.logger.warn(`Shrink guard failed for a batch: ${error.message}`);
            return listed.map(() => null);
        });
        const deleted = await this.rotation
            .rotateSets('user_inventory', listed.map((b) => b.userId), options, new Map(listed.map((b) => [b.userId, b.id])))
            .catch((error) => {
            this.logger.warn(`Rotation failed for a batch: ${error.message}`);
            return new Map();
        });
        for (const [i, backup] of listed.entries()) {
            outcomes.set(backup.userId, { backup, deleted: deleted.get(backup.userId) ?? 0, warning: warnings[i] });
            this.logger.debug(`Success: inventory backup of user ${backup.userId} ${backup.filePath} (${backup.sizeBytes} B)`);
        }
        for (const owner of owners) {
            const failed = outcomes.get(owner.id)?.error;
            if (failed)
                this.logger.error(`Failure: inventory backup of ${owner.username}: ${failed}`);
        }
        if (listed.length)
            this.logger.log(`Success: inventory backups of ${listed.length} user(s) in ${Date.now() - started} ms`);
        return outcomes;
    }
    /** Every owner's file under a temp name: small inventories many to a query, large ones streamed one by one. */
    async produceAll(owners, now, run) {
        const produced = new Map();
        let counts;
        try {
            counts = await this.exporter.itemCounts(owners.map((o) => o.id));
        }
        catch (error) {
            const reason = await this.describe(error);
            for (const owner of owners)
                produced.set(owner.id, { error: reason });
            return produced;
        }
        const groups = [];
        let items = Infinity;
        for (const owner of owners) {
            const count = counts.get(owner.id) ?? 0;
            if (count > ITEMS_PER_QUERY)
                continue;
            if (items + count > ITEMS_PER_QUERY) {
                groups.push([]);
                items = 0;
            }
            groups[groups.length - 1].push(owner);
            items += count;
        }
        for (const group of groups) {
            try {
                const documents = await this.exporter.many(group, now);
                // Written side by side: each file is a few thread-pool round trips.
                const files = await Promise.all(group.map((owner) => this.attempt(() => this.fromMemory(owner, now, documents.get(owner.id).parts))));
                group.forEach((owner, i) => produced.set(owner.id, files[i]));
            }
            catch (error) {
                // One inventory that cannot be read must not fail its neighbours: the group's users go one by one below.
                this.logger.warn(`Reading ${group.length} inventories in one query failed, reading them one by one: ${error.message}`);
            }
            // better-sqlite3 is synchronous: give the event loop a turn between queries.
            await new Promise((resolve) => setImmediate(resolve));
        }
        for (const owner of owners) {
            if (produced.has(owner.id))
                continue;
            const producer = this.producers.userInventory(owner);
            produced.set(owner.id, await this.attempt(async () => {
                const file = await producer.produce(now);
                return { produced: file, itemCount: (await producer.meta(now, run)).counts.items };
            }));
        }
        return produced;
    }
    async fromMemory(owner, now, parts) {
        const check = new InventoryJsonCheck(owner.id);
        for (const part of parts)
            check.push(part);
        const { folder, stem } = inventoryFileName(owner, now);
        // Buffers per part, then one copy outside the JS heap: joining the strings first would make one large heap string.
        const file = await this.files.produceFromMemory(folder, stem, 'json', Buffer.concat(parts.map((p) => Buffer.from(p.text))));
        return { produced: file, itemCount: check.itemCount };
    }
    /** One user's file; a full disk empties the trash and tries once more, as for a single backup. */
    async attempt(produce) {
        try {
            return await produce();
        }
        catch (error) {
            if (isDiskFull(error) && (await this.trash.empty().catch(() => 0))) {
                try {
                    return await produce();
                }
                catch (again) {
                    return { error: await this.describe(again) };
                }
            }
            return { error: await this.describe(error) };
        }
    }
    async describe(error) {
        return describeFailure(error, await this.files.freeBytes().catch(() => null));
    }
};
AllUsersBackup = AllUsersBackup_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [UsersService,
        InventoryExportService,
        BackupFilesService,
        BackupProducers,
        BackupBatchPublisher,
        BackupRotationService,
        BackupPins,
        BackupTrash,
        BackupLocks])
], AllUsersBackup);
export { AllUsersBackup };
//# sourceMappingURL=all-users-backup.service.js.map