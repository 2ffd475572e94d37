import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AlertChannelRow } from './alert.entities.js';
import type { AlertChannel } from './channels/alert-channel.js';
import { channelFromRow, channelsFromConfig } from './channels/channel-factory.js';
import { HealthcheckPinger } from './channels/healthcheck.pinger.js';

export interface NewChannel {
  kind: 'webhook' | 'email';
  url: string;
  name?: string;
  secret?: string;
  emailTo?: string[];
  emailFrom?: string;
}

/** The channels alerts go to: those from the environment and those added through the API. */
@Injectable()
export class AlertChannels {
  private readonly fromEnv: AlertChannel[];
  readonly pinger: HealthcheckPinger | null;

  constructor(
    @InjectRepository(AlertChannelRow) private readonly rows: Repository<AlertChannelRow>,
    private readonly config: AppConfig,
  ) {
    this.fromEnv = channelsFromConfig(config.alerts);
    this.pinger = config.alerts.healthcheckPingUrl ? new HealthcheckPinger(config.alerts.healthcheckPingUrl) : null;
  }

  async all(): Promise<Array<{ channel: AlertChannel; row?: AlertChannelRow }>> {
    const stored = await this.rows.find({ order: { id: 'ASC' } });
    return [...this.fromEnv.map((channel) => ({ channel })), ...stored.map((row) => ({ channel: this.build(row), row }))];
  }

  async byKey(key: string): Promise<AlertChannel | undefined> {
    return (await this.all()).find(({ channel }) => channel.key === key)?.channel;
  }

  async add(input: NewChannel): Promise<{ channel: AlertChannel; row: AlertChannelRow }> {
    const row = this.rows.create({
      kind: input.kind,
      name: input.name ?? null,
      url: input.url,
      secret: input.secret ?? null,
      emailTo: input.emailTo?.join(',') ?? null,
      emailFrom: input.emailFrom ?? null,
      createdAt: new Date(),
    });
    // Built before it is saved: a URL the channel cannot use is a 400, and nothing is written.
    this.build({ ...row, id: 0 });
    const saved = await this.rows.save(row);
    return { channel: this.build(saved), row: saved };
  }

  async remove(id: number): Promise<void> {
    const result = await this.rows.delete({ id });
    if (!result.affected) throw new NotFoundException(`Alert channel ${id} not found (channels from the environment cannot be deleted here)`);
  }

  private build(row: AlertChannelRow): AlertChannel {
    try {
      return channelFromRow(row);
    } catch (error) {
      throw new BadRequestException(`The channel cannot be used: ${(error as Error).message}`);
    }
  }
}
