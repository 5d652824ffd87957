import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { REST, type RequestMethod } from '@discordjs/rest';
import { redactSecrets } from '../redactSecrets';

/** What the proxy needs to run; `port` 0 takes any free port. */
export interface RestProxySettings {
  readonly upstreamUrl: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
}

/** The slice of a logger the proxy reports to; it is never handed the token or a request's headers. */
export interface RestProxyLog {
  info(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RunningRestProxy {
  /** What each bot process gets as DISCORD_API_URL. */
  readonly url: string;
  /** How many requests are being answered now. */
  readonly inFlight: () => number;
  /**
   * Stops taking requests and waits for those in flight (each waits out the
   * rate limits that hold it) until `timeoutMs`, then cuts what is left.
   */
  close(timeoutMs: number): Promise<void>;
}

/** Discord's own answer to a bad token, so a client reports it as it would from Discord. */
const UNAUTHORIZED = JSON.stringify({ message: '401: Unauthorized', code: 0 });

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The most a request body may hold: Discord's own limit for a bot's upload in
 * a server without boosts is 10 MiB, and the bot's largest (a data export,
 * two files of at most 4 MiB) is under it. Without a bound, one request could
 * hold the proxy's memory, and every process's messages behind it.
 */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A body past MAX_BODY_BYTES: answered 413 before anything reaches Discord. */
class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Discord's own answer to a request too large, so a client reports it as it would from Discord. */
const TOO_LARGE = JSON.stringify({ message: 'Request entity too large', code: 40005 });

/**
 * Answers one request through the shared REST queue, as @discordjs/proxy's
 * `proxyRequests` does, with two differences. The body is read whole first:
 * `proxyRequests` hands the request stream itself to the queue, so a request
 * retried after a 429 would be sent again with its body already consumed.
 * And an upstream that cannot be reached is a 502 here, where `proxyRequests`
 * ends the response as an empty 200 that a bot would take for success.
 */
async function forward(rest: REST, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://proxy');
  const method = (request.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'authorization', 'x-audit-log-reason'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  const upstream = await rest.queueRequest({
    fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, '') as `/${string}`,
    // Discord answers an unknown method itself (405), as it would without the proxy.
    method: method.toLowerCase() as RequestMethod,
    query: url.searchParams,
    // The client's own Authorization header is forwarded (interaction callbacks and webhooks carry none).
    auth: false,
    headers,
    ...(body !== undefined && body.length > 0 && { body, passThroughBody: true }),
  });
  await populateSuccessfulResponse(response, upstream);
}

/**
 * `npm run rest-proxy`: one HTTP server in front of Discord's REST API that
 * every bot process reaches through DISCORD_API_URL, so that all of them
 * queue behind one @discordjs/rest instance and share one view of the bot's
 * rate limits (the global 50/s and each route's buckets). A request held by a
 * limit waits in the proxy rather than reaching Discord. Only requests with
 * this bot's token, or with none (interaction callbacks and webhooks carry
 * theirs in the path), are forwarded: one bot's limits, and no open relay.
 */
export async function startRestProxy(settings: RestProxySettings, log: RestProxyLog): Promise<RunningRestProxy> {
  const rest = new REST({ api: settings.upstreamUrl }).setToken(settings.token);
  rest.on('rateLimited', (info) =>
    log.info(
      { route: redactSecrets(info.route), global: info.global, waitMs: info.timeToReset },
      'Discord rate limit reached; requests on it wait in the proxy',
    ),
  );
  const expectedAuthorization = `Bot ${settings.token}`;
  let inFlight = 0;

  const server = createServer((request, response) => {
    const started = performance.now();
    const path = redactSecrets(new URL(request.url ?? '/', 'http://proxy').pathname);
    const authorization = request.headers.authorization;
    if (authorization !== undefined && !sameSecret(authorization, expectedAuthorization)) {
      log.warn({ method: request.method, path }, 'refused a request with another bot token');
      response.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
      return;
    }
    inFlight += 1;
    // Stays 502 unless the queue answers: an error it does not know must not reach the bot as an empty 200.
    response.statusCode = 502;
    forward(rest, request, response)
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) {
          log.warn({ method: request.method, path, maxBytes: MAX_BODY_BYTES }, 'refused a request body past the limit');
          // What is left of the body is read and dropped, never kept, so the client gets the answer rather than a broken pipe.
          request.resume();
          response.writeHead(413, { 'content-type': 'application/json' }).end(TOO_LARGE);
          return;
        }
        if (populateErrorResponse(response, error)) return;
        log.error({ method: request.method, path, error: redactSecrets(String(error)) }, 'upstream request failed');
      })
      .finally(() => {
        inFlight -= 1;
        if (!response.writableEnded) response.end();
        log.debug({ method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) }, 'proxied');
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}/api`;
  log.info({ url, upstream: settings.upstreamUrl }, 'REST proxy listening');

  return {
    url,
    inFlight: () => inFlight,
    async close(timeoutMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(cut);
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
