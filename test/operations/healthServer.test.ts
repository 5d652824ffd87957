import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { HealthListenError, startHealthServer, type HealthEndpoints, type HealthServer } from '../../src/operations/healthServer';

interface Logged {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** One request with any method, read whole: fetch cannot send some methods, and hides a HEAD body. */
function call(
  port: number,
  method: string,
  path: string,
  agent: Agent | false = false,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GIVEN the health server', () => {
  let server: HealthServer | undefined;
  const logged: Logged[] = [];
  let problem: string | undefined;
  let metrics: HealthEndpoints['metrics'] = async () => ({ contentType: 'text/plain; version=0.0.4', text: 'up 1\n' });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    problem = undefined;
  });

  const start = async (port = 0) => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port,
      endpoints: { readinessProblem: async () => problem, metrics: () => metrics() },
      log: { error: (fields, message) => void logged.push({ fields, message }) },
    });
    return server.port;
  };

  test('WHEN asked for /livez, /readyz and /metrics THEN each answers, and readiness follows its check with the reason', async () => {
    const port = await start();
    expect(port).toBeGreaterThan(0);
    expect(await call(port, 'GET', '/livez')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await call(port, 'GET', '/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
    problem = 'shard 0 is Resuming';
    expect(await call(port, 'GET', '/readyz?verbose')).toMatchObject({ status: 503, body: 'not ready: shard 0 is Resuming\n' });
    const scraped = await call(port, 'GET', '/metrics');
    expect(scraped).toMatchObject({ status: 200, body: 'up 1\n' });
    expect(scraped.headers['content-type']).toBe('text/plain; version=0.0.4');
  });

  test('WHEN asked for anything else THEN 404 without echoing the path, 405 for other methods, and HEAD gets no body', async () => {
    const port = await start();
    const missing = await call(port, 'GET', '/admin/<b>x7f3a</b>');
    expect(missing.status).toBe(404);
    expect(missing.body).not.toContain('x7f3a');
    const posted = await call(port, 'POST', '/readyz');
    expect(posted.status).toBe(405);
    expect(posted.headers['allow']).toBe('GET, HEAD');
    expect(await call(port, 'HEAD', '/livez')).toMatchObject({ status: 200, body: '' });
  });

  test('WHEN the metrics cannot be read THEN the scrape gets 500 with a ref, the same ref is logged, and the server goes on', async () => {
    const port = await start();
    metrics = () => Promise.reject(new Error('collector on fire'));
    const failed = await call(port, 'GET', '/metrics');
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('on fire');
    const ref = /ref ([0-9A-F]{6})/.exec(failed.body)?.[1];
    expect(logged.find((l) => l.message === 'health endpoint failed')?.fields['ref']).toBe(ref);
    expect((await call(port, 'GET', '/livez')).status).toBe(200);
  });

  test('WHEN the port is taken THEN starting fails with a sentence naming the address and what to do', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as AddressInfo).port;
    try {
      const error = await start(taken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HealthListenError);
      expect((error as Error).message).toBe(
        `127.0.0.1:${taken} is already in use by another process; choose another HEALTH_PORT or stop that process`,
      );
    } finally {
      other.close();
    }
  });

  test('WHEN closed with a scraper still connected THEN it closes at once, and nothing listens any more', async () => {
    const port = await start();
    const scraper = new Agent({ keepAlive: true });
    await call(port, 'GET', '/livez', scraper);
    const started = Date.now();
    await server?.close();
    server = undefined;
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(call(port, 'GET', '/livez')).rejects.toThrow(/ECONNREFUSED/);
    scraper.destroy();
  });
});
