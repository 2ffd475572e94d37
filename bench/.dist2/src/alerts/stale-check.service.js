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
var StaleCheck_1;
import { Inject, Injectable, Logger } from '@nestjs/common';
import { INSTANCE_KIND } from '../instances/instance-registry.service.js';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { AppConfig } from '../config/app-config.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { Clock } from '../scheduling/clock.js';
import { CronSchedule } from '../scheduling/cron-schedule.js';
import { User } from '../users/user.entity.js';
import { AlertsService } from './alerts.service.js';
const CHECK_MS = 60_000;
const HOUR_MS = 3600_000;
/**
 * The dead-man's switch inside the app: once a minute, a schedule with no
 * succeeded run within 1.5× its interval, or no successful full backup within
 * HEALTH_MAX_BACKUP_AGE_HOURS, raises backup.stale (once per problem; several
 * instances checking raise it once, see AlertsService.raise).
 */
let StaleCheck = StaleCheck_1 = class StaleCheck {
    schedules;
    runs;
    users;
    alerts;
    clock;
    config;
    kind;
    logger = new Logger(StaleCheck_1.name);
    timer;
    constructor(schedules, runs, users, alerts, clock, config, kind) {
        this.schedules = schedules;
        this.runs = runs;
        this.users = users;
        this.alerts = alerts;
        this.clock = clock;
        this.config = config;
        this.kind = kind;
    }
    onApplicationBootstrap() {
        // Instances that run no schedules (and CLI commands) do not watch them either.
        if (!this.config.schedulerEnabled || this.kind !== 'server')
            return;
        this.timer = setInterval(() => void this.check().catch((e) => this.logger.warn(`Stale check failed: ${e.message}`)), CHECK_MS);
        this.timer.unref();
    }
    onApplicationShutdown() {
        clearInterval(this.timer);
    }
    /** Returns the problem keys raised now. */
    async check(now = this.clock.now()) {
        const raised = [];
        for (const row of await this.schedules.findBy({ enabled: true })) {
            let interval;
            try {
                const schedule = new CronSchedule(row.cron, row.timezone);
                const next = schedule.nextAfter(now);
                interval = schedule.nextAfter(next).getTime() - next.getTime();
            }
            catch {
                continue; // a schedule that cannot run is reported by the scheduler
            }
            const last = await this.runs.findOne({ where: { scheduleId: row.id, status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
            const since = last ? (last.finishedAt ?? last.startedAt) : row.createdAt;
            if (now.getTime() - since.getTime() <= 1.5 * interval)
                continue;
            const text = `Schedule "${row.name}" (${row.cron}, ${row.timezone}) has had no successful run since ${since.toISOString()}${last ? '' : ' (never)'}: more than 1.5× its interval of ${Math.round(interval / 60_000)} min`;
            if (await this.alerts.raise(`stale:schedule:${row.id}`, this.alerts.message('backup.stale', text, { schedule: row, lastSuccess: last ? since : null })))
                raised.push(`stale:schedule:${row.id}`);
        }
        const maxAgeHours = this.config.healthMaxBackupAgeHours;
        if (maxAgeHours > 0) {
            const last = await this.runs.findOne({ where: { target: 'full_db', status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
            // Never one: counted from when the app got its first user.
            const since = last ? (last.finishedAt ?? last.startedAt) : (await this.users.findOne({ where: {}, order: { createdAt: 'ASC' } }))?.createdAt;
            if (since && now.getTime() - since.getTime() > maxAgeHours * HOUR_MS) {
                const text = `No successful full database backup since ${last ? since.toISOString() : 'the app started'} (HEALTH_MAX_BACKUP_AGE_HOURS is ${maxAgeHours})`;
                if (await this.alerts.raise('stale:full_db', this.alerts.message('backup.stale', text, { lastSuccess: last ? since : null })))
                    raised.push('stale:full_db');
            }
        }
        return raised;
    }
};
StaleCheck = StaleCheck_1 = __decorate([
    Injectable(),
    __param(0, InjectRepository(BackupSchedule)),
    __param(1, InjectRepository(BackupRun)),
    __param(2, InjectRepository(User)),
    __param(6, Inject(INSTANCE_KIND)),
    __metadata("design:paramtypes", [Repository,
        Repository,
        Repository,
        AlertsService,
        Clock,
        AppConfig, String])
], StaleCheck);
export { StaleCheck };
//# sourceMappingURL=stale-check.service.js.map