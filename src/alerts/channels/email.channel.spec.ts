import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AlertMessage } from './alert-channel.js';
import { EmailChannel, emailSubject } from './email.channel.js';

interface Mail {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

/** A real SMTP server on loopback (smtp-server) that keeps every message it accepts. */
async function smtpReceiver(options: SMTPServerOptions = {}) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The text part of a message as sent (nodemailer uses quoted-printable for long lines). */
function textOf(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/)).trim();
  return /Content-Transfer-Encoding: quoted-printable/i.test(raw)
    ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : body;
}

const failed: AlertMessage = {
  event: 'backup.failed',
  severity: 'critical',
  message: 'Full database backup failed',
  at: '2026-12-01T02:00:04.000Z',
  instance: 'shelf-1',
  run: {
    id: 42,
    target: 'full_db',
    status: 'failed',
    error: 'pg_dump: error: server closed the connection unexpectedly',
    started_at: '2026-12-01T02:00:00.000Z',
    finished_at: '2026-12-01T02:00:04.000Z',
  },
  schedule: { id: 1, name: 'full-db-nightly', cron: '0 2 * * *' },
  last_success_at: '2026-11-30T02:00:05.000Z',
  link: '/api/backups/runs?status=failed&target=full_db',
};

describe('nodemailer under ts-jest ESM', () => {
  it('loads as a default import', () => {
    expect(typeof nodemailer.createTransport).toBe('function');
  });
});

describe('EmailChannel against a real SMTP server on loopback', () => {
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  afterEach(() => smtp?.close());

  it('delivers one mail whose subject and body name the event, the error and every field', async () => {
    smtp = await smtpReceiver();
    const channel = new EmailChannel(
      'env:email',
      `smtp://127.0.0.1:${smtp.port}`,
      ['ops@example.com', 'oncall@example.com'],
      'BlockShelf <blockshelf@localhost>',
    );
    await channel.send(failed);

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.from).toBe('blockshelf@localhost');
    expect(mail.to).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(mail.raw).toMatch(/^Subject: \[BlockShelf\] backup\.failed: Full database backup failed\r?$/m);
    const text = textOf(mail.raw);
    for (const fact of [
      'backup.failed',
      'critical',
      'Full database backup failed',
      '#42',
      'full_db',
      'pg_dump: error: server closed the connection unexpectedly',
      'full-db-nightly',
      '0 2 * * *',
      '2026-11-30T02:00:05.000Z',
      '/api/backups/runs?status=failed&target=full_db',
      'shelf-1',
      '2026-12-01T02:00:04.000Z',
    ]) {
      expect(text).toContain(fact);
    }
  });

  it('logs in with the user and password from the URL', async () => {
    smtp = await smtpReceiver({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 'p@ss word') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    await new EmailChannel('db:7', `smtp://mailer:p%40ss%20word@127.0.0.1:${smtp.port}`, ['ops@example.com'], 'blockshelf@example.com').send(failed);
    expect(smtp.mails[0].user).toBe('mailer');
  });

  it('rejects a wrong password with "SMTP auth failed", never the password', async () => {
    smtp = await smtpReceiver({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    const channel = new EmailChannel('db:7', `smtp://mailer:Wr0ng-Pa55word@127.0.0.1:${smtp.port}`, ['ops@example.com'], 'blockshelf@example.com');
    const error = await channel.send(failed).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`^SMTP auth failed \\(127\\.0\\.0\\.1:${smtp.port}\\)`));
    for (const secret of ['Wr0ng-Pa55word', Buffer.from('Wr0ng-Pa55word').toString('base64'), Buffer.from('\0mailer\0Wr0ng-Pa55word').toString('base64')])
      expect(error!.message).not.toContain(secret);
    expect(smtp.mails).toHaveLength(0);
  });

  it('upgrades with STARTTLS when offered, refusing a self-signed certificate unless ?tls_insecure=1', async () => {
    // smtp-server offers STARTTLS with its built-in self-signed certificate.
    smtp = await smtpReceiver({ disabledCommands: [] });
    const strict = new EmailChannel('db:8', `smtp://127.0.0.1:${smtp.port}`, ['ops@example.com'], 'blockshelf@example.com');
    await expect(strict.send(failed)).rejects.toThrow(/^SMTP TLS failed \(127\.0\.0\.1:\d+\): .*tls_insecure=1/);
    expect(smtp.mails).toHaveLength(0);

    const insecure = new EmailChannel('db:8', `smtp://127.0.0.1:${smtp.port}?tls_insecure=1`, ['ops@example.com'], 'blockshelf@example.com');
    await insecure.send(failed);
    expect(smtp.mails).toHaveLength(1);
    expect(insecure.display).toBe(`smtp://127.0.0.1:${smtp.port}`);
  });

  it('speaks TLS from the first byte for smtps://', async () => {
    smtp = await smtpReceiver({ secure: true, disabledCommands: [] });
    const channel = new EmailChannel('db:9', `smtps://127.0.0.1:${smtp.port}?tls_insecure=1`, ['ops@example.com'], 'blockshelf@example.com');
    await channel.send(failed);
    expect(smtp.mails).toHaveLength(1);
    expect(channel.display).toBe(`smtps://127.0.0.1:${smtp.port}`);
  });

  it('rejects connection refused naming host and port only', async () => {
    smtp = await smtpReceiver();
    await smtp.close();
    const promise = new EmailChannel('env:email', `smtp://mailer:S3cret-pass@127.0.0.1:${smtp.port}`, ['ops@example.com'], 'blockshelf@example.com').send(
      failed,
    );
    await expect(promise).rejects.toThrow(`connection refused (127.0.0.1:${smtp.port})`);
    await expect(promise).rejects.not.toThrow(/S3cret-pass|mailer/);
    smtp = await smtpReceiver();
  });

  it('times out against a server that never greets', async () => {
    const net = await import('node:net');
    const silent = net.createServer(() => {
      /* accepts, never speaks */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(new EmailChannel('db:1', `smtp://127.0.0.1:${port}`, ['ops@example.com'], 'blockshelf@example.com', 300).send(failed)).rejects.toThrow(
        'SMTP timed out after 0.3 s',
      );
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('shows smtp://host:port without user or password, the default port when none is given', () => {
    expect(new EmailChannel('env:email', 'smtp://mailer:S3cret@smtp.example.com', ['ops@example.com'], 'a@b.c').display).toBe('smtp://smtp.example.com:587');
    expect(new EmailChannel('env:email', 'smtps://mailer:S3cret@smtp.example.com', ['ops@example.com'], 'a@b.c').display).toBe('smtps://smtp.example.com:465');
  });

  it('keeps the subject to one short line', () => {
    expect(emailSubject({ ...failed, message: `line one\nline two ${'x'.repeat(300)}` })).toMatch(/^\[BlockShelf\] backup\.failed: line one line two x+…$/);
    expect(emailSubject({ ...failed, message: 'x'.repeat(300) }).length).toBeLessThanOrEqual('[BlockShelf] backup.failed: '.length + 120);
  });
});
