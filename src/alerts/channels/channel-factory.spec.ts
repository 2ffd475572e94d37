import { parseAlertConfig } from '../alert-config.js';
import { channelFromRow, channelsFromConfig } from './channel-factory.js';
import { EmailChannel } from './email.channel.js';
import { WebhookChannel } from './webhook.channel.js';

const fail = (name: string): never => {
  throw new Error(name);
};

describe('channelsFromConfig', () => {
  it('makes env:webhook:1..n in order, then env:email, every display masked', () => {
    const config = parseAlertConfig(
      {
        ALERT_WEBHOOK_URLS:
          'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx,https://discord.com/api/webhooks/123456789012345678/tok3n-abcdefghijkl,https://alerts.example.com/in?key=s3cr3t',
        ALERT_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
        SMTP_URL: 'smtp://mailer:S3cret-pass@smtp.example.com:2525',
        ALERT_EMAIL_TO: 'ops@example.com',
      },
      fail,
    );
    const channels = channelsFromConfig(config);
    expect(channels.map((c) => [c.key, c.kind, c.display])).toEqual([
      ['env:webhook:1', 'slack', 'https://hooks.slack.com/services/***'],
      ['env:webhook:2', 'discord', 'https://discord.com/api/webhooks/***'],
      ['env:webhook:3', 'webhook', 'https://alerts.example.com/in?***'],
      ['env:email', 'email', 'smtp://smtp.example.com:2525'],
    ]);
    expect(channels[0]).toBeInstanceOf(WebhookChannel);
    expect(channels[3]).toBeInstanceOf(EmailChannel);
    expect(JSON.stringify(channels.map((c) => [c.key, c.kind, c.display]))).not.toMatch(/S3cret|s3cr3t|tok3n|abcdefghijklmnopqrstuvwx/);
  });

  it('makes none when nothing is configured', () => {
    expect(channelsFromConfig(parseAlertConfig({}, fail))).toEqual([]);
  });
});

describe('channelFromRow', () => {
  it('makes a webhook channel keyed db:<id>', () => {
    const channel = channelFromRow({
      id: 7,
      kind: 'webhook',
      url: 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abc',
      secret: null,
      emailTo: null,
      emailFrom: null,
    });
    expect([channel.key, channel.kind, channel.display]).toEqual(['db:7', 'slack', 'https://hooks.slack.com/services/***']);
  });

  it('makes an email channel with the default sender when none is stored', () => {
    const channel = channelFromRow({
      id: 8,
      kind: 'email',
      url: 'smtps://u:p@mail.example.com',
      secret: null,
      emailTo: 'ops@example.com, oncall@example.com',
      emailFrom: null,
    });
    expect([channel.key, channel.kind, channel.display]).toEqual(['db:8', 'email', 'smtps://mail.example.com:465']);
  });

  it('refuses an email row without recipients and a webhook row with a bad URL, without quoting the URL', () => {
    expect(() => channelFromRow({ id: 9, kind: 'email', url: 'smtp://mail.example.com', secret: null, emailTo: null, emailFrom: null })).toThrow(
      'alert channel db:9: emailTo must be',
    );
    expect(() => channelFromRow({ id: 10, kind: 'webhook', url: 'not a url hunter2', secret: null, emailTo: null, emailFrom: null })).toThrow(
      /^alert channel db:10: not a URL$/,
    );
  });
});
