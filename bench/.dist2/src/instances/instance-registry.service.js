var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var InstanceRegistry_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { LessThan, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { APP_VERSION } from '../common/app-version.js';
import { AppInstance } from './app-instance.entity.js';
/** How often a live instance renews its row. */
export const INSTANCE_HEARTBEAT_MS = 10_000;
/** An instance not seen for this long is dead (killed, crashed, powered off). */
export const INSTANCE_STALE_MS = 30_000;
export const INSTANCE_KIND = Symbol('INSTANCE_KIND');
/**
 * Who is running against this database: each process keeps a row in
 * app_instances fresh. A full restore refuses while another one is alive,
 * temp files and leases of dead ones are reclaimed at once instead of after a timeout.
 */
let InstanceRegistry = class InstanceRegistry {
    static { InstanceRegistry_1 = this; }
    instances;
    kind;
    /** The registry of this process, for exits that skip Nest's shutdown (the CLI's process.exit). */
    static current;
    logger = new Logger(InstanceRegistry_1.name);
    /** This process's name (also in lease_owner, backup_runs.instance_id and temp file names). */
    id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    /** The random part of `id`: short enough for a file name. */
    token = this.id.split(':').pop();
    timer;
    constructor(instances, kind) {
        this.instances = instances;
        this.kind = kind;
    }
    async onApplicationBootstrap() {
        const now = new Date();
        await this.instances.save(this.instances.create({ id: this.id, kind: this.kind, host: hostname(), pid: process.pid, version: APP_VERSION, startedAt: now, lastSeenAt: now }));
        InstanceRegistry_1.current = this;
        this.timer = setInterval(() => void this.beat().catch((error) => this.logger.warn(`Instance heartbeat failed: ${error.message}`)), INSTANCE_HEARTBEAT_MS);
        this.timer.unref();
    }
    /** Before the database connection closes (onApplicationShutdown would be too late). */
    async beforeApplicationShutdown() {
        await this.unregister();
    }
    async unregister() {
        clearInterval(this.timer);
        if (InstanceRegistry_1.current === this)
            InstanceRegistry_1.current = undefined;
        await this.instances.delete({ id: this.id }).catch(() => undefined);
    }
    async beat(now = new Date()) {
        const result = await this.instances.update({ id: this.id }, { lastSeenAt: now });
        // Our row was removed (a restore replaced the table, someone cleaned up): put it back.
        if (!result.affected) {
            await this.instances.save(this.instances.create({ id: this.id, kind: this.kind, host: hostname(), pid: process.pid, version: APP_VERSION, startedAt: now, lastSeenAt: now }));
        }
    }
    /** Other live processes (see liveIds). */
    async liveOthers(now = new Date()) {
        const rows = await this.instances.find({
            where: { id: Not(this.id), lastSeenAt: MoreThanOrEqual(new Date(now.getTime() - INSTANCE_STALE_MS)) },
            order: { startedAt: 'ASC' },
        });
        return rows.filter((r) => r.host !== hostname() || pidRunning(r.pid));
    }
    /**
     * Ids of every live process, this one included: seen within INSTANCE_STALE_MS,
     * and, on this host, with its pid still running (a process killed a moment
     * ago is dead at once, not 30 s later).
     */
    async liveIds(now = new Date()) {
        const rows = await this.instances.find({ where: { lastSeenAt: MoreThanOrEqual(new Date(now.getTime() - INSTANCE_STALE_MS)) } });
        const here = hostname();
        return new Set([this.id, ...rows.filter((r) => r.host !== here || pidRunning(r.pid)).map((r) => r.id)]);
    }
    async isAlive(instanceId, now = new Date()) {
        return (await this.liveIds(now)).has(instanceId);
    }
    /** After a full restore: the restored rows are copies from the dump's moment. */
    async forgetAllOthers() {
        await this.instances.delete({ id: Not(this.id) });
    }
    /** Rows of instances dead for a long time are only noise. */
    async forgetDead(now = new Date()) {
        await this.instances.delete({ lastSeenAt: LessThan(new Date(now.getTime() - 24 * 3600_000)) });
    }
};
InstanceRegistry = InstanceRegistry_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(AppInstance)),
    __param(1, Inject(INSTANCE_KIND)),
    __metadata("design:paramtypes", [Repository, String])
], InstanceRegistry);
export { InstanceRegistry };
/** "host pid 123 (server, v0.1.0), last seen 4 s ago" */
export function describeInstance(i, now = new Date()) {
    return `${i.kind} on ${i.host} pid ${i.pid} (v${i.version}), last seen ${Math.max(0, Math.round((now.getTime() - i.lastSeenAt.getTime()) / 1000))} s ago`;
}
/** Whether a process with this pid exists on this host (EPERM: it exists, owned by someone else). */
function pidRunning(pid) {
    try {
        process.kill(pid, 0);
        // A zombie (killed, not yet reaped by its parent) is dead.
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
//# sourceMappingURL=instance-registry.service.js.map