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
var RunLedger_1;
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { InstanceRegistry } from '../../instances/instance-registry.service.js';
import { BackupRun } from '../backup-run.entity.js';
import { RunEvents } from './run-events.js';
/** How often a run in progress renews its heartbeat. */
export const RUN_HEARTBEAT_MS = 15_000;
/** A running run whose heartbeat is older than this belongs to a process that died. */
export const RUN_STALE_MS = 60_000;
/** How often every instance looks for interrupted runs. */
const SWEEP_MS = 20_000;
export const INTERRUPTED_ERROR = 'Interrupted: the process running this backup stopped before it finished';
/**
 * The run history (backup_runs): start, heartbeat, finish, skipped ticks, and
 * interrupted runs. A run a killed process left as 'running' is marked failed
 * within about a minute by whichever instance is alive, not after hours.
 */
let RunLedger = RunLedger_1 = class RunLedger {
    runs;
    instances;
    events;
    logger = new Logger(RunLedger_1.name);
    active = new Set();
    timers = [];
    constructor(runs, instances, events) {
        this.runs = runs;
        this.instances = instances;
        this.events = events;
    }
    async onApplicationBootstrap() {
        await this.failInterruptedRuns();
        const beat = setInterval(() => void this.beat().catch((e) => this.logger.warn(`Run heartbeat failed: ${e.message}`)), RUN_HEARTBEAT_MS);
        const sweep = setInterval(() => void this.failInterruptedRuns().catch((e) => this.logger.warn(`Interrupted-run check failed: ${e.message}`)), SWEEP_MS);
        this.timers = [beat, sweep];
        this.timers.forEach((t) => t.unref());
    }
    onApplicationShutdown() {
        this.timers.forEach(clearInterval);
    }
    async startRun(target, start) {
        const now = new Date();
        const run = await this.runs.save(this.runs.create({
            target,
            trigger: start.trigger,
            status: 'running',
            userId: start.userId ?? null,
            createdBy: start.createdBy,
            scheduleId: start.scheduleId ?? null,
            startedAt: now,
            heartbeatAt: now,
            instanceId: this.instances.id,
        }));
        this.active.add(run.id);
        await this.events.emitStarted(run);
        return run;
    }
    async finishRun(run, status, figures) {
        Object.assign(run, figures, { status, finishedAt: new Date() });
        try {
            await this.runs.save(run);
        }
        finally {
            this.active.delete(run.id);
        }
        await this.events.emitFinished(run);
    }
    /** Records a run that was not started (e.g. a schedule tick while its previous run is still going). */
    async recordSkipped(target, start, reason) {
        const now = new Date();
        return this.runs.save(this.runs.create({
            target,
            trigger: start.trigger,
            status: 'skipped',
            userId: null,
            createdBy: start.createdBy,
            scheduleId: start.scheduleId ?? null,
            startedAt: now,
            finishedAt: now,
            error: reason,
            instanceId: this.instances.id,
        }));
    }
    findById(id) {
        return this.runs.findOneBy({ id });
    }
    /** Renews the heartbeat of this process's runs in progress. */
    async beat(now = new Date()) {
        if (this.active.size)
            await this.runs.update({ id: In([...this.active]), status: 'running' }, { heartbeatAt: now });
    }
    /**
     * Marks as failed every running run whose heartbeat stopped, or whose process
     * is no longer alive. Returns the runs it marked (their schedules' leases are
     * freed by the scheduler, which sees the owner gone).
     */
    async failInterruptedRuns(now = new Date()) {
        const running = await this.runs.find({ where: { status: 'running' } });
        if (!running.length)
            return [];
        const live = await this.instances.liveIds(now);
        const staleBefore = now.getTime() - RUN_STALE_MS;
        const dead = running.filter((run) => {
            if (this.active.has(run.id))
                return false;
            const lastSign = (run.heartbeatAt ?? run.startedAt).getTime();
            return lastSign < staleBefore || (run.instanceId !== null && !live.has(run.instanceId));
        });
        for (const run of dead) {
            // Conditional: a run that finished meanwhile keeps its real outcome.
            const marked = await this.runs.update({ id: run.id, status: 'running' }, { status: 'failed', finishedAt: now, error: INTERRUPTED_ERROR });
            Object.assign(run, { status: 'failed', finishedAt: now, error: INTERRUPTED_ERROR });
            if (marked.affected)
                await this.events.emitFinished(run);
        }
        if (dead.length)
            this.logger.warn(`Marked ${dead.length} interrupted backup run(s) as failed: ${dead.map((r) => r.id).join(', ')}`);
        return dead;
    }
};
RunLedger = RunLedger_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupRun)),
    __metadata("design:paramtypes", [Repository,
        InstanceRegistry,
        RunEvents])
], RunLedger);
export { RunLedger };
//# sourceMappingURL=run-ledger.service.js.map