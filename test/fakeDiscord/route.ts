import type { UploadedFile } from './composeMessage';
import type { RestReply } from './restReply';

/** What a route handler gets: the matched parameters and the parsed body. */
export interface RouteRequest {
  readonly method: string;
  /** The path below `/api/v10`, e.g. `/channels/1/messages`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
  readonly at: number;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One REST endpoint of the fake. */
export interface Route {
  readonly method: HttpMethod;
  /** A template such as `/channels/:channelId/messages`. */
  readonly path: string;
  /** Whether Discord wants `Authorization: Bot <token>` here (interaction and webhook-token routes do not). */
  readonly auth: boolean;
  /** Whether the global rate limit counts this route (Discord exempts interaction endpoints). */
  readonly globalLimit: boolean;
  readonly handle: (request: RouteRequest) => RestReply;
}

/** A route that matched a request path. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong-method' }
  | { readonly kind: 'none' };

/** Finds the route for a method and path; a path known under another method is a 405, as on Discord. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const params = matchTemplate(route.path, path);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    pathKnown = true;
  }
  return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
}

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const expected = template.split('/');
  const actual = path.replace(/\/$/, '').split('/');
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return null;
      params[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}
