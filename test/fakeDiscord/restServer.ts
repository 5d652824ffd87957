import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  globallyRateLimited,
  invalidApiVersion,
  invalidJson,
  methodNotAllowed,
  routeNotFound,
  serverError,
  unauthorized,
} from './discordErrors';
import type { GlobalRateLimit } from './globalRateLimit';
import { readRequestBody } from './requestBody';
import type { RestReply } from './restReply';
import { matchRoute, type Route } from './route';

/** One REST call as the fake saw and answered it. */
export interface RecordedRequest {
  readonly at: number;
  readonly method: string;
  /** The path below `/api/v10`, e.g. `/channels/1/messages`. */
  readonly path: string;
  readonly query: string;
  /** The JSON body (from `payload_json` for multipart), or undefined. */
  readonly body: unknown;
  /** Names of uploaded files. */
  readonly files: readonly string[];
  readonly status: number;
  readonly response: unknown;
}

/** A `failNext` rule: answer the next `remaining` matching calls with `status`. */
export interface InjectedFault {
  readonly route: RegExp;
  readonly status: number;
  remaining: number;
}

/** What the HTTP side needs from the rest of the fake. */
export interface RestServerDeps {
  readonly routes: readonly Route[];
  readonly token: string;
  readonly rateLimit: GlobalRateLimit;
  readonly faults: InjectedFault[];
  readonly record: (request: RecordedRequest) => void;
  /** A route threw: a bug in the fake, kept so a test can show it. */
  readonly internalError: (error: unknown) => void;
}

const VERSIONED_PATH = /^(?:\/api)?\/v(\d+)(\/.*)?$/;

/**
 * Serves one REST request the way Discord's edge does: version prefix,
 * route, `Authorization: Bot <token>`, the global rate limit, injected
 * faults, then the route itself; every call is recorded.
 */
export async function serveRest(deps: RestServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const at = Date.now();
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const versioned = VERSIONED_PATH.exec(url.pathname);
  const path = versioned?.[2] ?? url.pathname;
  const body = await readRequestBody(request);
  const json = body.ok ? body.json : undefined;
  const files = body.ok ? body.files : [];

  const reply = ((): RestReply => {
    if (!versioned) return routeNotFound();
    if (versioned[1] !== '10') return invalidApiVersion();
    const match = matchRoute(deps.routes, method, path);
    if (match.kind === 'none') return routeNotFound();
    if (match.kind === 'wrong-method') return methodNotAllowed();
    if (match.route.auth && request.headers.authorization !== `Bot ${deps.token}`) return unauthorized();
    if (match.route.globalLimit) {
      const waitMs = deps.rateLimit.take(at);
      if (waitMs > 0) return globallyRateLimited(waitMs);
    }
    const fault = deps.faults.find((f) => f.remaining > 0 && f.route.test(path));
    if (fault) {
      fault.remaining -= 1;
      return serverError(fault.status);
    }
    if (!body.ok) return invalidJson();
    try {
      return match.route.handle({ method, path, params: match.params, query: url.searchParams, json, files, at });
    } catch (error) {
      deps.internalError(error);
      return serverError(500);
    }
  })();

  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
  } else {
    headers['content-type'] = 'application/json';
    response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  }
  deps.record({
    at,
    method,
    path,
    query: url.search,
    body: json,
    files: files.map((f) => f.filename),
    status: reply.status,
    response: reply.body,
  });
}
