import { type AlertConfig, parseAlertConfig } from '../alert-config.js';

class Failed extends Error {
  constructor(
    readonly name: string,
    readonly expected: string,
    readonly value: string | undefined,
  ) {
    super(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}`);
  }
}
const fail = (name: string, expected: string, value: string | undefined): never => {
  throw new Failed(name, expected, value);
};
const parse = (env: Record<string, string | undefined>): AlertConfig => parseAlertConfig(env, fail);
const failure = (env: Record<string, string | undefined>): Failed => {
  try {
    parse(env);
  } catch (e) {
    if (e instanceof Failed) return e;
    throw e;
  }
  throw new Error('parseAlertConfig accepted it');
};

const SLACK = 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx';

describe('parseAlertConfig', () => {
  it('has no channels, the default sender and a 24 h reminder by default', () => {
    expect(parse({})).toEqual({ webhookUrls: [], emailTo: [], emailFrom: 'BlockShelf <blockshelf@localhost>', repeatHours: 24 });
    expect(parse({ ALERT_WEBHOOK_URLS: '', SMTP_URL: '', ALERT_EMAIL_TO: '', ALERT_REPEAT_HOURS: '' })).toEqual(parse({}));
  });

  it('reads every variable', () => {
    expect(
      parse({
        ALERT_WEBHOOK_URLS: ` ${SLACK} , http://127.0.0.1:8080/hook,`,
        ALERT_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
        SMTP_URL: 'smtp://mailer:p%40ss@smtp.example.com:587?tls_insecure=1',
        ALERT_EMAIL_TO: 'ops@example.com, oncall@example.com',
        ALERT_EMAIL_FROM: 'Shelf Alerts <alerts@example.com>',
        HEALTHCHECK_PING_URL: 'https://hc-ping.com/0b3c7b2e-6f5e-4f7c-9a7b-1f2e3d4c5b6a',
        ALERT_REPEAT_HOURS: '6',
      }),
    ).toEqual({
      webhookUrls: [SLACK, 'http://127.0.0.1:8080/hook'],
      webhookSecret: 'whsec-0123456789abcdef',
      smtpUrl: 'smtp://mailer:p%40ss@smtp.example.com:587?tls_insecure=1',
      emailTo: ['ops@example.com', 'oncall@example.com'],
      emailFrom: 'Shelf Alerts <alerts@example.com>',
      healthcheckPingUrl: 'https://hc-ping.com/0b3c7b2e-6f5e-4f7c-9a7b-1f2e3d4c5b6a',
      repeatHours: 6,
    });
  });

  it.each([
    [{ ALERT_WEBHOOK_URLS: `${SLACK},ftp://files.example.com/x` }, 'ALERT_WEBHOOK_URLS', /URL 2: scheme ftp:/],
    [{ ALERT_WEBHOOK_URLS: 'hooks.slack.com/services/T0/B0/abc' }, 'ALERT_WEBHOOK_URLS', /URL 1: not a URL/],
    [{ ALERT_WEBHOOK_SECRET: 'short-secret' }, 'ALERT_WEBHOOK_SECRET', /at least 16 characters/],
    [{ SMTP_URL: 'http://smtp.example.com', ALERT_EMAIL_TO: 'ops@example.com' }, 'SMTP_URL', /smtp:\/\/user:pass@host:587/],
    [{ SMTP_URL: 'smtp://smtp.example.com?secure=true', ALERT_EMAIL_TO: 'ops@example.com' }, 'SMTP_URL', /unknown option \?secure/],
    [{ SMTP_URL: 'smtp://smtp.example.com?tls_insecure=yes', ALERT_EMAIL_TO: 'ops@example.com' }, 'SMTP_URL', /tls_insecure=yes/],
    [{ SMTP_URL: 'smtp://smtp.example.com:587' }, 'ALERT_EMAIL_TO', /required when SMTP_URL is set/],
    [{ SMTP_URL: 'smtp://smtp.example.com:587', ALERT_EMAIL_TO: 'ops@example.com,not-an-address' }, 'ALERT_EMAIL_TO', /e-mail addresses/],
    [{ ALERT_EMAIL_TO: 'ops@example.com' }, 'SMTP_URL', /whenever ALERT_EMAIL_TO is set/],
    [{ ALERT_EMAIL_FROM: 'BlockShelf' }, 'ALERT_EMAIL_FROM', /Name <address>/],
    [{ HEALTHCHECK_PING_URL: 'hc-ping.com/0b3c7b2e' }, 'HEALTHCHECK_PING_URL', /http\(s\)/],
    [{ ALERT_REPEAT_HOURS: '0' }, 'ALERT_REPEAT_HOURS', /1 to 8760/],
    [{ ALERT_REPEAT_HOURS: '8761' }, 'ALERT_REPEAT_HOURS', /1 to 8760/],
    [{ ALERT_REPEAT_HOURS: '1.5' }, 'ALERT_REPEAT_HOURS', /integer/],
    [{ ALERT_REPEAT_HOURS: 'daily' }, 'ALERT_REPEAT_HOURS', /integer/],
  ])('rejects %j naming %s', (env, name, expected) => {
    const e = failure(env);
    expect(e.name).toBe(name);
    expect(e.expected).toMatch(expected);
  });

  it.each([
    ['ALERT_WEBHOOK_URLS', { ALERT_WEBHOOK_URLS: 'ftp://user:hunter2-secret@example.com/k3y-0123456789' }],
    ['ALERT_WEBHOOK_SECRET', { ALERT_WEBHOOK_SECRET: 'hunter2-secret' }],
    ['SMTP_URL', { SMTP_URL: 'smtpx://mailer:hunter2-secret@smtp.example.com', ALERT_EMAIL_TO: 'ops@example.com' }],
    ['HEALTHCHECK_PING_URL', { HEALTHCHECK_PING_URL: 'ftp://hc-ping.com/hunter2-secret' }],
  ])('passes <hidden> for %s, never the value, and names no part of it', (name, env) => {
    const e = failure(env);
    expect(e.name).toBe(name);
    expect(e.value).toBe('<hidden>');
    expect(e.message).not.toMatch(/hunter2|k3y-0123456789/);
  });

  it('accepts the bounds of ALERT_REPEAT_HOURS', () => {
    expect(parse({ ALERT_REPEAT_HOURS: '1' }).repeatHours).toBe(1);
    expect(parse({ ALERT_REPEAT_HOURS: '8760' }).repeatHours).toBe(8760);
  });
});
