/**
 * What a fake REST route answers: a status, an optional JSON body and extra
 * headers. Routes return these instead of writing to the socket, so they stay
 * plain functions of the fake's state.
 */
export interface RestReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** 200 with a JSON body. */
export function ok(body: unknown): RestReply {
  return { status: 200, body };
}

/** 201 with a JSON body, as Discord answers a newly created command. */
export function created(body: unknown): RestReply {
  return { status: 201, body };
}

/** 204 without a body. */
export function noContent(): RestReply {
  return { status: 204 };
}
