import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../backups/store/backup-store.service.js';
import { BackupRun } from '../backups/backup-run.entity.js';
import type { Backup } from '../backups/backup.entity.js';
import { RunEvents } from '../backups/runs/run-events.js';
import { AppConfig } from '../config/app-config.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { BackupSchedule } from '../scheduling/backup-schedule.entity.js';
import { Clock } from '../common/clock.js';
import { AlertOutbox } from './alert-outbox.service.js';
import { AlertProblem } from './alert.entities.js';
import type { AlertEventName, AlertMessage, AlertSeverity } from './channels/alert-channel.js';

const SEVERITY: Record<AlertEventName, AlertSeverity> = {
  'backup.failed': 'critical',
  'backup.partial': 'warning',
  'offsite.failed': 'warning',
  'verify.failed': 'critical',
  'backup.shrunk': 'warning',
  'backup.stale': 'critical',
  'backup.recovered': 'info',
  test: 'info',
};

/**
 * Turns what happens to backups into alerts: one per problem until it
 * recovers (a reminder after ALERT_REPEAT_HOURS), then one backup.recovered.
 * A problem is a row in alert_problems, opened by INSERT and closed by DELETE,
 * so with several instances each alert is raised once.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    @InjectRepository(AlertProblem) private readonly problems: Repository<AlertProblem>,
    @InjectRepository(BackupRun) private readonly runs: Repository<BackupRun>,
    @InjectRepository(BackupSchedule) private readonly schedules: Repository<BackupSchedule>,
    private readonly outbox: AlertOutbox,
    private readonly events: RunEvents,
    private readonly instances: InstanceRegistry,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.onStarted((run) => this.onRunStarted(run));
    this.events.onFinished((run) => this.onRunFinished(run));
    this.events.onVerifyFailed(
      async ({ backup, error }) =>
        void (await this.raise(
          `verify:${backup.id}`,
          this.message('verify.failed', `Backup ${backup.id} (${fileName(backup)}) failed verification: ${error}`, { backup }),
        )),
    );
  }

  /** The problem a run belongs to: its schedule, or its kind of manual backup. */
  problemKeyOf(run: Pick<BackupRun, 'scheduleId' | 'target' | 'userId'>): string {
    return run.scheduleId ? `schedule:${run.scheduleId}` : `${run.target}${run.userId ? `:${run.userId}` : ''}`;
  }

  private async onRunStarted(run: BackupRun): Promise<void> {
    if (run.trigger === 'schedule') await this.outbox.enqueuePing('start');
  }

  private async onRunFinished(run: BackupRun): Promise<void> {
    if (run.target === 'full_restore' || run.status === 'skipped' || run.status === 'running') return;
    if (run.trigger === 'schedule') await this.outbox.enqueuePing(run.status === 'succeeded' ? 'success' : 'fail', run.error ?? undefined);
    const key = this.problemKeyOf(run);
    const schedule = run.scheduleId ? await this.schedules.findOneBy({ id: run.scheduleId }) : null;
    const lastSuccess = await this.lastSuccessAt(run);
    const context = { run, schedule, lastSuccess };
    for (const warning of (run.warnings ?? '').split('\n').filter((w) => w.startsWith('backup.shrunk: '))) {
      await this.notify(this.message('backup.shrunk', warning.slice('backup.shrunk: '.length), context));
    }
    if (run.status === 'succeeded') {
      await this.recover(key, `${what(run, schedule)} succeeded again (run ${run.id})`, context);
      if (run.scheduleId)
        await this.recover(
          `stale:schedule:${run.scheduleId}`,
          `Schedule "${schedule?.name ?? run.scheduleId}" has a successful run again (run ${run.id})`,
          context,
        );
      if (run.target === 'full_db') await this.recover('stale:full_db', `A full database backup succeeded again (run ${run.id})`, context);
      return;
    }
    const offsite = run.status === 'partial' && /^off-site copy failed/.test(run.error ?? '');
    const event: AlertEventName = run.status === 'failed' ? 'backup.failed' : offsite ? 'offsite.failed' : 'backup.partial';
    await this.raise(
      offsite ? `offsite:${key}` : key,
      this.message(
        event,
        `${what(run, schedule)} ${run.status === 'failed' ? 'failed' : offsite ? 'could not be copied off-site' : 'partly failed'} (run ${run.id}): ${firstLine(run.error)}`,
        context,
      ),
    );
  }

  /** Opens the problem and alerts; while it is open, only a reminder every ALERT_REPEAT_HOURS. Returns whether an alert was queued. */
  async raise(key: string, message: AlertMessage): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.problems.insert({ key, event: message.event, message: message.message, openedAt: now, lastAlertedAt: now });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const remind = await this.problems.update(
        { key, lastAlertedAt: LessThan(new Date(now.getTime() - this.config.alerts.repeatHours * 3600_000)) },
        { lastAlertedAt: now, message: message.message },
      );
      if (!remind.affected) return false;
      message = { ...message, message: `Still: ${message.message}` };
    }
    await this.notify(message);
    return true;
  }

  /** Closes the problem, if open, with one backup.recovered. */
  async recover(key: string, text: string, context: MessageContext = {}): Promise<boolean> {
    const open = await this.problems.findOneBy({ key });
    if (!open) return false;
    const closed = await this.problems.delete({ key });
    if (!closed.affected) return false;
    await this.notify(this.message('backup.recovered', `${text}; the problem was: ${open.message}`, context));
    return true;
  }

  async notify(message: AlertMessage): Promise<void> {
    const channels = await this.outbox.enqueue(message);
    this.logger.log(`Alert ${message.event}: ${message.message} (queued for ${channels} channel(s))`);
  }

  message(event: AlertEventName, text: string, context: MessageContext = {}): AlertMessage {
    const { run, schedule, backup, lastSuccess } = context;
    return {
      event,
      severity: SEVERITY[event],
      message: text,
      at: this.clock.now().toISOString(),
      instance: this.instances.id,
      ...(run
        ? {
            run: {
              id: run.id,
              target: run.target,
              status: run.status,
              error: run.error,
              started_at: run.startedAt.toISOString(),
              finished_at: run.finishedAt?.toISOString() ?? null,
            },
          }
        : {}),
      ...(backup ? { backup: { id: backup.id, file_name: fileName(backup), type: backup.type } } : {}),
      ...(schedule ? { schedule: { id: schedule.id, name: schedule.name, cron: schedule.cron } } : {}),
      ...(lastSuccess !== undefined ? { last_success_at: lastSuccess?.toISOString() ?? null } : {}),
      link: run
        ? `/api/backups/runs?target=${run.target}${run.status !== 'running' ? `&status=${run.status}` : ''}`
        : backup
          ? `/api/backups/${backup.id}`
          : '/api/backups/runs',
    };
  }

  private async lastSuccessAt(run: BackupRun): Promise<Date | null> {
    const where = run.scheduleId ? { scheduleId: run.scheduleId, status: 'succeeded' as const } : { target: run.target, status: 'succeeded' as const };
    const last = await this.runs.findOne({ where, order: { startedAt: 'DESC', id: 'DESC' } });
    return last ? (last.finishedAt ?? last.startedAt) : null;
  }
}

export interface MessageContext {
  run?: BackupRun;
  schedule?: BackupSchedule | null;
  backup?: Backup;
  lastSuccess?: Date | null;
}

const fileName = (backup: Backup) => backup.filePath.split('/').pop()!;
const firstLine = (text: string | null) => (text ?? 'no error text').split('\n')[0].slice(0, 500);

function what(run: BackupRun, schedule: BackupSchedule | null): string {
  const kind =
    run.target === 'full_db'
      ? 'The full database backup'
      : run.target === 'all_users'
        ? 'The inventory backups of all users'
        : `The inventory backup of user ${run.userId}`;
  return schedule ? `${kind} of schedule "${schedule.name}"` : kind;
}
