import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertMessage } from './alert-channel.js';
import { DISCORD_MAX_CONTENT, WebhookChannel, webhookKindOf } from './webhook.channel.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** A real HTTP server on loopback that records every request. */
async function receiver(handler: Handler = (_req, res) => res.end('ok')) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const r = await receiver();
  await r.close();
  return r.port;
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
    error: 'pg_dump: error: connection to server failed: FATAL: password authentication failed',
    started_at: '2026-12-01T02:00:00.000Z',
    finished_at: '2026-12-01T02:00:04.000Z',
  },
  schedule: { id: 1, name: 'full-db-nightly', cron: '0 2 * * *' },
  last_success_at: '2026-11-30T02:00:05.000Z',
  link: '/api/backups/runs?status=failed&target=full_db',
};
const SECRET = 'whsec-0123456789abcdef';

describe('webhookKindOf', () => {
  it.each([
    ['https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/xxxxxxxxxxxxxxxxxxxxxxxx', 'slack'],
    ['https://HOOKS.SLACK.COM/services/T0/B0/x', 'slack'],
    ['https://slack.com/api/chat.postMessage', 'webhook'],
    ['https://hooks.slack.com.evil.example/services/x', 'webhook'],
    ['https://discord.com/api/webhooks/123/abc', 'discord'],
    ['https://ptb.discord.com/api/webhooks/123/abc', 'discord'],
    ['https://discordapp.com/api/webhooks/123/abc', 'discord'],
    ['https://discord.com/channels/123', 'webhook'],
    ['https://alerts.example.com/discord.com/api/webhooks/1', 'webhook'],
    ['http://127.0.0.1:8080/hook', 'webhook'],
  ])('%s → %s', (url, kind) => {
    expect(webhookKindOf(url)).toBe(kind);
  });
});

describe('WebhookChannel against a real HTTP receiver', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  afterEach(() => r?.close());

  it('POSTs the message JSON as is, signed with HMAC-SHA256 of the exact body bytes', async () => {
    r = await receiver();
    const channel = new WebhookChannel('env:webhook:1', `${r.base}/hooks/blockshelf`, SECRET);
    expect(channel.kind).toBe('webhook');
    await channel.send(failed);

    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/blockshelf');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe('BlockShelf-API');
    expect(JSON.parse(req.body.toString('utf8'))).toEqual(failed);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(req.body).digest('hex')}`);
    const got = Buffer.from(String(req.headers['x-blockshelf-signature']));
    expect(got.length).toBe(expected.length);
    expect(timingSafeEqual(got, expected)).toBe(true);
  });

  it('sends no signature header without a secret', async () => {
    r = await receiver();
    await new WebhookChannel('db:3', `${r.base}/in`).send(failed);
    expect(r.received[0].headers['x-blockshelf-signature']).toBeUndefined();
  });

  it('posts a Slack payload: one readable paragraph with event, message, error, run id and link', async () => {
    r = await receiver();
    const channel = new WebhookChannel('env:webhook:2', `${r.base}/services/T0AAAAAAA/B0BBBBBBB/xyz`, undefined, 'slack');
    expect(channel.kind).toBe('slack');
    await channel.send({ ...failed, run: { ...failed.run!, error: 'pg_dump: <stdin> & "quotes"' } });

    const body = JSON.parse(r.received[0].body.toString('utf8'));
    expect(Object.keys(body)).toEqual(['text']);
    const text: string = body.text;
    expect(text).not.toContain('\n');
    expect(text).toContain('*[BlockShelf] backup.failed*');
    expect(text).toContain('Full database backup failed');
    expect(text).toContain('Error: pg_dump: &lt;stdin&gt; &amp; "quotes"');
    expect(text).toContain('Run: #42');
    expect(text).toContain('Schedule: #1 full-db-nightly');
    expect(text).toContain('Last success: 2026-11-30T02:00:05.000Z');
    expect(text).toContain('Link: /api/backups/runs?status=failed&amp;target=full_db');
  });

  it('posts a Discord payload of at most 2000 characters that mentions nobody', async () => {
    r = await receiver((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    const channel = new WebhookChannel('db:5', `${r.base}/api/webhooks/1/abc`, undefined, 'discord');
    await channel.send({ ...failed, run: { ...failed.run!, error: `@everyone ${'x'.repeat(5000)}` } });

    const body = JSON.parse(r.received[0].body.toString('utf8'));
    expect(typeof body.content).toBe('string');
    expect(Array.from(body.content as string).length).toBeLessThanOrEqual(DISCORD_MAX_CONTENT);
    expect(body.content).toContain('**[BlockShelf] backup.failed**');
    expect(body.content).toContain('Run: #42');
    expect(body.content).toContain('Link: /api/backups/runs?status=failed&target=full_db');
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('rejects on a 500 with the status and host, never the path, query or secret — even when the receiver echoes them', async () => {
    r = await receiver((req, res) => {
      res.statusCode = 500;
      res.end(`internal error for ${req.url} signed ${SECRET}`);
    });
    const url = `${r.base}/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx?token=q-s3cr3t`;
    const channel = new WebhookChannel('env:webhook:1', url, SECRET);
    const error = await channel.send(failed).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(new RegExp(`^HTTP 500 from 127\\.0\\.0\\.1:${r.port}`));
    expect(error!.message).not.toContain(new URL(url).pathname);
    for (const secret of ['T0AAAAAAA', 'B0BBBBBBB', 'abcdefghijklmnopqrstuvwx', 'q-s3cr3t', 'token=', SECRET]) expect(error!.message).not.toContain(secret);
    expect(channel.display).toBe(`http://127.0.0.1:${r.port}/services/***?***`);
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    const target = await receiver();
    r = await receiver((_req, res) => {
      res.statusCode = 302;
      res.setHeader('Location', `${target.base}/elsewhere`);
      res.end();
    });
    await expect(new WebhookChannel('db:1', `${r.base}/in`, SECRET).send(failed)).rejects.toThrow(`HTTP 302 from 127.0.0.1:${r.port}`);
    expect(target.received).toHaveLength(0);
    await target.close();
  });

  it('sends userinfo as basic auth (fetch refuses it in the URL)', async () => {
    r = await receiver();
    await new WebhookChannel('db:2', `http://ops:p%40ss-1@127.0.0.1:${r.port}/in`).send(failed);
    expect(r.received[0].headers.authorization).toBe(`Basic ${Buffer.from('ops:p@ss-1').toString('base64')}`);
  });

  it('rejects "connection refused" naming only address and port', async () => {
    const port = await closedPort();
    const promise = new WebhookChannel('env:webhook:1', `http://user:pw-9876@127.0.0.1:${port}/hook/k3y-0123456789?sig=abc123`, SECRET).send(failed);
    await expect(promise).rejects.toThrow(`connection refused (127.0.0.1:${port})`);
    const message = await promise.catch((e: Error) => e.message);
    for (const secret of ['pw-9876', 'k3y-0123456789', 'abc123', 'hook']) expect(message).not.toContain(secret);
  });

  it('times out when the receiver never answers', async () => {
    r = await receiver(() => {
      /* never answers */
    });
    const started = Date.now();
    await expect(new WebhookChannel('db:1', `${r.base}/slow`, undefined, undefined, 300).send(failed)).rejects.toThrow(
      `timed out after 0.3 s (127.0.0.1:${r.port})`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a URL that is not http(s), without quoting it', () => {
    expect(() => new WebhookChannel('db:1', 'ftp://user:hunter2@example.com/x')).toThrow('alert channel db:1: scheme ftp: is not http: or https:');
    expect(() => new WebhookChannel('db:1', 'ftp://user:hunter2@example.com/x')).not.toThrow(/hunter2/);
  });
});
