import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { InstanceKind } from '../instances/app-instance.entity.js';
import { INSTANCE_KIND } from '../instances/instance-registry.service.js';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupRun } from '../backups/backup-run.entity.js';
import { AppConfig } from '../config/app-config.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { Clock } from '../common/clock.js';
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
@Injectable()
export class StaleCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StaleCheck.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>,
    @InjectRepository(BackupRun) private readonly runs: Repository<BackupRun>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(INSTANCE_KIND) private readonly kind: InstanceKind,
  ) {}

  onApplicationBootstrap(): void {
    // Instances that run no schedules (and CLI commands) do not watch them either.
    if (!this.config.schedulerEnabled || this.kind !== 'server') return;
    this.timer = setInterval(() => void this.check().catch((e) => this.logger.warn(`Stale check failed: ${(e as Error).message}`)), CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns the problem keys raised now. */
  async check(now = this.clock.now()): Promise<string[]> {
    const raised: string[] = [];
    for (const row of await this.schedules.findBy({ enabled: true })) {
      let interval: number;
      try {
        const schedule = new CronSchedule(row.cron, row.timezone);
        const next = schedule.nextAfter(now);
        interval = schedule.nextAfter(next).getTime() - next.getTime();
      } catch {
        continue; // a schedule that cannot run is reported by the scheduler
      }
      const last = await this.runs.findOne({ where: { scheduleId: row.id, status: 'succeeded' }, order: { startedAt: 'DESC', id: 'DESC' } });
      const since = last ? (last.finishedAt ?? last.startedAt) : row.createdAt;
      if (now.getTime() - since.getTime() <= 1.5 * interval) continue;
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
}
