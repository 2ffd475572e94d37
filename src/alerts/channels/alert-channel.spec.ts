import { alertFacts, type AlertMessage, maskUrl, scrub, urlSecrets } from './alert-channel.js';

describe('maskUrl', () => {
  it.each([
    ['https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx', 'https://hooks.slack.com/services/***'],
    [
      'https://discord.com/api/webhooks/123456789012345678/AbCdEf-gHiJkLmNoPqRsTuVwXyZ_0123456789abcdefghijklmnopqrstuv',
      'https://discord.com/api/webhooks/***',
    ],
    ['https://hc-ping.com/0b3c7b2e-6f5e-4f7c-9a7b-1f2e3d4c5b6a', 'https://hc-ping.com/***'],
    ['https://hc-ping.com/0b3c7b2e-6f5e-4f7c-9a7b-1f2e3d4c5b6a/fail', 'https://hc-ping.com/***'],
    ['https://alerts.example.com/hooks/blockshelf', 'https://alerts.example.com/hooks/blockshelf'],
    ['https://alerts.example.com/', 'https://alerts.example.com/'],
    ['https://user:hunter2@alerts.example.com/in?token=s3cr3t#frag', 'https://***@alerts.example.com/in?***#***'],
    ['https://token@alerts.example.com:8443/in', 'https://***@alerts.example.com:8443/in'],
    ['http://127.0.0.1:9/hook?key=abc', 'http://127.0.0.1:9/hook?***'],
    ['https://ntfy.example.com/backups%2Dk3y9x8w7v6', 'https://ntfy.example.com/***'],
    ['smtp://mailer:p%40ss@smtp.example.com:587', 'smtp://***@smtp.example.com:587'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('never throws, and shows nothing of a string that is not a URL', () => {
    expect(maskUrl('hooks.slack.com/services/T0AAAAAAA/secret')).toBe('<invalid url>');
  });
});

describe('urlSecrets and scrub', () => {
  it('remove every masked part of a URL from a text that echoes it', () => {
    const url = 'https://u:pw-123@hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx?x=querysecret';
    const text = `no_service for /services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx (querysecret, pw-123, signing-key-0123456789) at ${url}`;
    const out = scrub(text, urlSecrets(url, 'signing-key-0123456789'));
    for (const secret of ['T0AAAAAAA', 'B0BBBBBBB', 'abcdefghijklmnopqrstuvwx', 'querysecret', 'pw-123', 'signing-key-0123456789'])
      expect(out).not.toContain(secret);
    expect(out).toContain('no_service for /services/***');
  });
});

describe('alertFacts', () => {
  it('lists what an admin needs to act, "never" for a missing last success', () => {
    const message: AlertMessage = {
      event: 'backup.stale',
      severity: 'warning',
      message: 'No successful run in 36 h',
      at: '2026-12-01T02:00:00.000Z',
      instance: 'shelf-1',
      schedule: { id: 2, name: 'full-db', cron: '0 2 * * *' },
      last_success_at: null,
      link: '/api/backups/runs?target=full_db',
    };
    expect(alertFacts(message)).toEqual([
      ['Event', 'backup.stale'],
      ['Severity', 'warning'],
      ['Message', 'No successful run in 36 h'],
      ['Schedule', '#2 full-db (0 2 * * *)'],
      ['Last success', 'never'],
      ['Link', '/api/backups/runs?target=full_db'],
      ['Instance', 'shelf-1'],
      ['At', '2026-12-01T02:00:00.000Z'],
    ]);
  });
});
