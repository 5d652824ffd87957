import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorRef, type FailureLog } from '../logger';

/** What the endpoints answer from. */
export interface HealthEndpoints {
  /** Why the process is not ready to serve, or undefined when it is. */
  readinessProblem(): Promise<string | undefined>;
  /** The Prometheus text, and its content type. */
  metrics(): Promise<{ readonly contentType: string; readonly text: string }>;
}

export interface HealthServerOptions {
  readonly host: string;
  /** 0: any free port; the one bound is in {@link HealthServer.port}. */
  readonly port: number;
  readonly endpoints: HealthEndpoints;
  readonly log: FailureLog;
}

export interface HealthServer {
  readonly port: number;
  /** Stops listening and drops open connections (a scraper's keep-alive must not hold up an exit). */
  close(): Promise<void>;
}

/** The server could not listen where it was told: a start-up problem, like a bad setting. */
export class HealthListenError extends Error {}

/** A probe or scrape answers in milliseconds; one that takes longer is a stuck client, not a slow one. */
const REQUEST_TIMEOUT_MS = 5_000;
/** Far more than the probes and scrapers of one host; beyond it new connections are refused, not queued in memory. */
const MAX_CONNECTIONS = 64;

function send(response: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  // Node leaves the body out of a HEAD response by itself.
  response.end(text);
}

async function answer(request: IncomingMessage, response: ServerResponse, endpoints: HealthEndpoints): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'only GET and HEAD\n');
    return;
  }
  const path = (request.url ?? '/').split('?')[0];
  switch (path) {
    case '/livez':
      // Answering at all proves the event loop turns; nothing here may wait on Discord or the database.
      send(response, 200, 'ok\n');
      return;
    case '/readyz': {
      const problem = await endpoints.readinessProblem();
      if (problem === undefined) send(response, 200, 'ready\n');
      else send(response, 503, `not ready: ${problem}\n`);
      return;
    }
    case '/metrics': {
      const { contentType, text } = await endpoints.metrics();
      send(response, 200, text, contentType);
      return;
    }
    default:
      send(response, 404, 'not found: try /livez, /readyz or /metrics\n');
  }
}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is already in use by another process; choose another HEALTH_PORT or stop that process`;
    case 'EACCES':
      return `not allowed to listen on ${where} (ports below 1024 need privileges); choose a port from 1024 up`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `${host} is not an address of this machine; set HEALTH_HOST to one of its addresses, such as 127.0.0.1`;
    default:
      return `could not listen on ${where}: ${error.message}`;
  }
}

/**
 * The operator's window on the process: GET /livez, /readyz and /metrics over
 * plain HTTP, bound only where told. Whatever goes wrong in a request is
 * answered 500 and logged with a ref; it never reaches the bot.
 */
export function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { endpoints, log } = options;
  const server = createServer((request, response) => {
    answer(request, response, endpoints).catch((error: unknown) => {
      const ref = errorRef();
      log.error({ err: error, ref, path: request.url }, 'health endpoint failed');
      if (!response.headersSent) send(response, 500, `internal error (ref ${ref})\n`);
      else response.destroy();
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
  server.on('clientError', (_error, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(new HealthListenError(listenProblem(error, options.host, options.port)));
    server.once('error', refuse);
    server.listen(options.port, options.host, () => {
      server.off('error', refuse);
      server.on('error', (error) => log.error({ err: error, ref: errorRef() }, 'health server error'));
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
