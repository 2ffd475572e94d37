import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { Clock } from '../common/clock.js';
import { AlertChannels } from './alert-channels.service.js';
import { AlertDelivery } from './alert.entities.js';
import type { AlertChannel, AlertMessage } from './channels/alert-channel.js';

/** Waits before the 2nd…6th attempt: six attempts over about an hour, then the delivery is given up (shown as failed). */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 5 * 60_000, 15 * 60_000, 40 * 60_000];
const POLL_MS = 2_000;
/** A claimed delivery whose sender died is handed out again after this. */
const CLAIM_MS = 60_000;
export const PING_CHANNEL = 'healthcheck';

/**
 * The outbox: an alert is a row per channel, written in the same breath as
 * the event and sent by a worker on any instance, with retries and backoff.
 * Sending never runs inside a backup: a slow or dead receiver costs the
 * backup nothing.
 */
@Injectable()
export class AlertOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertOutbox.name);
  private timer?: NodeJS.Timeout;
  private working?: Promise<number>;

  constructor(
    @InjectRepository(AlertDelivery) private readonly deliveries: Repository<AlertDelivery>,
    private readonly channels: AlertChannels,
    private readonly instances: InstanceRegistry,
    private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.work().catch((e) => this.logger.warn(`Alert delivery failed: ${(e as Error).message}`)), POLL_MS);
    this.timer.unref();
  }

  /** A CLI run (cron) may be the only process: what it raised is tried once before it exits. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.working?.catch(() => undefined);
    await this.work().catch(() => undefined);
  }

  async enqueue(message: AlertMessage): Promise<number> {
    const targets = await this.channels.all();
    const now = this.clock.now();
    for (const { channel } of targets) {
      await this.deliveries.save(
        this.deliveries.create({
          event: message.event,
          channelKey: channel.key,
          channelDisplay: channel.display,
          payload: JSON.stringify(message),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        }),
      );
    }
    return targets.length;
  }

  /** A healthchecks.io-style ping (start / success / fail), through the same outbox. */
  async enqueuePing(ping: 'start' | 'success' | 'fail', body?: string): Promise<void> {
    if (!this.channels.pinger) return;
    const now = this.clock.now();
    await this.deliveries.save(
      this.deliveries.create({
        event: `ping.${ping}`,
        channelKey: PING_CHANNEL,
        channelDisplay: this.channels.pinger.display,
        payload: JSON.stringify({ ping, body }),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      }),
    );
  }

  /** Sends what is due; one pass at a time per process. Returns how many were attempted. */
  work(): Promise<number> {
    this.working ??= this.sendDue().finally(() => (this.working = undefined));
    return this.working;
  }

  private async sendDue(): Promise<number> {
    const now = this.clock.now();
    // A sender that died mid-delivery: its claim runs out and the row is due again.
    await this.deliveries.update({ status: 'sending', claimedUntil: LessThan(now) }, { status: 'pending', claimedBy: null, claimedUntil: null });
    const due = await this.deliveries.find({ where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: 20 });
    let attempted = 0;
    for (const delivery of due) {
      // Exactly one instance gets each delivery.
      const claimed = await this.deliveries.update(
        { id: delivery.id, status: 'pending' },
        { status: 'sending', claimedBy: this.instances.id, claimedUntil: new Date(now.getTime() + CLAIM_MS) },
      );
      if (!claimed.affected) continue;
      attempted++;
      await this.attempt(delivery);
    }
    return attempted;
  }

  private async attempt(delivery: AlertDelivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    try {
      await this.send(delivery);
      await this.deliveries.update(delivery.id, { status: 'sent', attempts, sentAt: this.clock.now(), lastError: null, claimedBy: null, claimedUntil: null });
      this.metrics?.alertsSent.inc({ channel: delivery.channelKey, event: delivery.event });
    } catch (error) {
      // Channel errors are written without secrets (the channels mask URLs and passwords).
      const lastError = error instanceof Error ? error.message : String(error);
      const delay = RETRY_DELAYS_MS[attempts - 1];
      const status = delay === undefined ? 'failed' : 'pending';
      await this.deliveries.update(delivery.id, {
        status,
        attempts,
        lastError,
        nextAttemptAt: new Date(this.clock.now().getTime() + (delay ?? 0)),
        claimedBy: null,
        claimedUntil: null,
      });
      this.metrics?.alertsFailed.inc({ channel: delivery.channelKey });
      this.logger.warn(
        `Alert ${delivery.event} to ${delivery.channelDisplay}: attempt ${attempts} failed (${lastError})${status === 'failed' ? '; giving up' : ''}`,
      );
    }
  }

  private async send(delivery: AlertDelivery): Promise<void> {
    if (delivery.channelKey === PING_CHANNEL) {
      if (!this.channels.pinger) throw new Error('HEALTHCHECK_PING_URL is no longer set');
      const { ping, body } = JSON.parse(delivery.payload) as { ping: 'start' | 'success' | 'fail'; body?: string };
      return this.channels.pinger.ping(ping, body);
    }
    const channel: AlertChannel | undefined = await this.channels.byKey(delivery.channelKey);
    if (!channel) throw new Error('The channel was removed');
    await channel.send(JSON.parse(delivery.payload) as AlertMessage);
  }

  /** A delivery made directly (the test alert), recorded in the log like any other. */
  async record(message: AlertMessage, channel: AlertChannel, error: string | null): Promise<void> {
    const now = this.clock.now();
    await this.deliveries.save(
      this.deliveries.create({
        event: message.event,
        channelKey: channel.key,
        channelDisplay: channel.display,
        payload: JSON.stringify(message),
        status: error ? 'failed' : 'sent',
        attempts: 1,
        nextAttemptAt: now,
        lastError: error,
        createdAt: now,
        sentAt: error ? null : now,
      }),
    );
    if (error) this.metrics?.alertsFailed.inc({ channel: channel.key });
    else this.metrics?.alertsSent.inc({ channel: channel.key, event: message.event });
  }

  list(page: number, pageSize: number): Promise<[AlertDelivery[], number]> {
    return this.deliveries.findAndCount({ order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
  }
}
