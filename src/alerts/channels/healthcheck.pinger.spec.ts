import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HealthcheckPinger, PING_BODY_MAX_BYTES, truncateUtf8 } from './healthcheck.pinger.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function receiver(handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('OK')) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      handler(req, res);
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

const UUID = '0b3c7b2e-6f5e-4f7c-9a7b-1f2e3d4c5b6a';

describe('HealthcheckPinger against a real HTTP receiver', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  afterEach(() => r?.close());

  it('POSTs <url>/start, <url> and <url>/fail, the fail ping with the error text', async () => {
    r = await receiver();
    const pinger = new HealthcheckPinger(`${r.base}/${UUID}`);
    await pinger.ping('start');
    await pinger.ping('success');
    await pinger.ping('fail', 'pg_dump: error: connection refused');
    expect(r.received.map((q) => `${q.method} ${q.url}`)).toEqual([`POST /${UUID}/start`, `POST /${UUID}`, `POST /${UUID}/fail`]);
    expect(r.received[2].body.toString('utf8')).toBe('pg_dump: error: connection refused');
    expect(r.received[2].headers['user-agent']).toBe('BlockShelf-API');
    expect(pinger.display).toBe(`${r.base}/***`);
  });

  it('keeps a query string after the suffix and drops a trailing slash', async () => {
    r = await receiver();
    await new HealthcheckPinger(`${r.base}/ping/k3y9x8w7v6/blockshelf/?create=1`).ping('fail');
    expect(r.received[0].url).toBe('/ping/k3y9x8w7v6/blockshelf/fail?create=1');
  });

  it('sends at most 10 kB of body', async () => {
    r = await receiver();
    await new HealthcheckPinger(`${r.base}/${UUID}`).ping('fail', 'é'.repeat(PING_BODY_MAX_BYTES));
    const body = r.received[0].body;
    expect(body.length).toBeLessThanOrEqual(PING_BODY_MAX_BYTES);
    expect(body.length).toBeGreaterThan(PING_BODY_MAX_BYTES - 2);
    expect(body.toString('utf8')).toBe('é'.repeat(PING_BODY_MAX_BYTES / 2));
  });

  it('rejects a non-2xx answer with the status and host, not the ping key', async () => {
    r = await receiver((req, res) => {
      res.statusCode = 404;
      res.end(`not found: ${req.url}`);
    });
    const promise = new HealthcheckPinger(`${r.base}/${UUID}`).ping('start');
    await expect(promise).rejects.toThrow(`HTTP 404 from 127.0.0.1:${r.port} (start ping)`);
    await expect(promise).rejects.not.toThrow(UUID);
  });

  it('rejects connection refused without the ping key', async () => {
    r = await receiver();
    await r.close();
    const promise = new HealthcheckPinger(`${r.base}/${UUID}`).ping('success');
    await expect(promise).rejects.toThrow(`connection refused (127.0.0.1:${r.port})`);
    await expect(promise).rejects.not.toThrow(UUID);
  });

  it('times out', async () => {
    r = await receiver(() => {
      /* never answers */
    });
    await expect(new HealthcheckPinger(`${r.base}/${UUID}`, 200).ping('start')).rejects.toThrow('timed out after 0.2 s');
  });
});

describe('truncateUtf8', () => {
  it('never splits a character', () => {
    expect(truncateUtf8('aé€😀', 1)).toBe('a');
    expect(truncateUtf8('aé€😀', 2)).toBe('a');
    expect(truncateUtf8('aé€😀', 3)).toBe('aé');
    expect(truncateUtf8('aé€😀', 9)).toBe('aé€');
    expect(truncateUtf8('aé€😀', 10)).toBe('aé€😀');
  });
});
