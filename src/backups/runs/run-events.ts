import { Injectable, Logger } from '@nestjs/common';
import type { Backup } from '../backup.entity.js';
import type { BackupRun } from '../backup-run.entity.js';

type Listener<T> = (value: T) => void | Promise<void>;

/**
 * What happens to runs and backups, for whoever listens (alerts) without the
 * backup code knowing them. A listener's failure is logged and never reaches
 * the backup that raised the event.
 */
@Injectable()
export class RunEvents {
  private readonly logger = new Logger(RunEvents.name);
  private readonly started: Listener<BackupRun>[] = [];
  private readonly finished: Listener<BackupRun>[] = [];
  private readonly verifyFailed: Listener<{ backup: Backup; error: string }>[] = [];

  onStarted(listener: Listener<BackupRun>): void {
    this.started.push(listener);
  }

  onFinished(listener: Listener<BackupRun>): void {
    this.finished.push(listener);
  }

  onVerifyFailed(listener: Listener<{ backup: Backup; error: string }>): void {
    this.verifyFailed.push(listener);
  }

  async emitStarted(run: BackupRun): Promise<void> {
    await this.call(this.started, run);
  }

  async emitFinished(run: BackupRun): Promise<void> {
    await this.call(this.finished, run);
  }

  async emitVerifyFailed(backup: Backup, error: string): Promise<void> {
    await this.call(this.verifyFailed, { backup, error });
  }

  private async call<T>(listeners: Listener<T>[], value: T): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(value);
      } catch (error) {
        this.logger.error(`An event listener failed (the backup is not affected): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
