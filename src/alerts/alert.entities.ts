import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A channel added through POST /api/alerts/channels (environment channels are not stored). */
@Entity('alert_channels')
export class AlertChannelRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'webhook' | 'email';

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  /** Webhook URL or SMTP URL: a secret, never shown in full. */
  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  secret: string | null;

  @Column({ name: 'email_to', type: 'text', nullable: true })
  emailTo: string | null;

  @Column({ name: 'email_from', type: 'varchar', length: 200, nullable: true })
  emailFrom: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** The outbox: one row per alert per channel, retried with backoff until sent or given up. */
@Entity('alert_deliveries')
export class AlertDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  event: string;

  @Column({ name: 'channel_key', type: 'varchar', length: 64 })
  channelKey: string;

  /** The channel, masked (safe to show). */
  @Column({ name: 'channel_display', type: 'varchar', length: 300 })
  channelDisplay: string;

  /** The AlertMessage as JSON (for a healthcheck ping: { ping, body }). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'claimed_by', type: 'varchar', length: 80, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claimed_until', type: Date, nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt: Date | null;
}

/** An open problem (a failing schedule, a stale backup…): its first alert went out; the next is a reminder or the recovery. */
@Entity('alert_problems')
export class AlertProblem {
  @PrimaryColumn({ name: 'problem_key', type: 'varchar', length: 120 })
  key: string;

  @Column({ type: 'varchar', length: 32 })
  event: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'opened_at', type: Date })
  openedAt: Date;

  @Column({ name: 'last_alerted_at', type: Date })
  lastAlertedAt: Date;
}
