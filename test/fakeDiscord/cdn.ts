import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord-api-types/v10';

/**
 * Discord's attachment CDN, on the fake's own port: every file the bot
 * uploads and every file a test "attaches" to a slash command is kept here
 * and served under a signed URL shaped like Discord's
 * (`/ephemeral-attachments/<app>/<id>/<name>?ex=<hex>&is=<hex>&hm=<hex>`),
 * which stops working once it expires, as Discord's do since 2024. Tests can
 * make one upload stall, run longer than its declared size, or vanish, and
 * every download is recorded.
 */

/** What a test can make go wrong when the bot downloads one upload. */
export type CdnFault =
  /** Headers and the first `afterBytes` bytes (default half the file) arrive, then nothing until the fake closes. */
  | { readonly kind: 'stall'; readonly afterBytes?: number }
  /**
   * The interaction declares `size: declaredSize`, but the CDN streams every
   * byte, chunked and without Content-Length, so only a bot that counts what
   * it reads notices.
   */
  | { readonly kind: 'longerThanDeclared'; readonly declaredSize: number }
  /** 404, as for a file Discord has already removed. */
  | { readonly kind: 'notFound' };

/** One request to the CDN, as the fake answered it. */
export interface CdnFetch {
  readonly at: number;
  readonly method: string;
  /** Path and query as requested. */
  readonly url: string;
  /** The attachment the path names, when it names one the fake keeps. */
  readonly attachmentId: string | null;
  readonly status: number;
  readonly outcome: 'served' | 'stalled' | 'longer-than-declared' | 'not-found-fault' | 'expired' | 'bad-signature' | 'unknown';
}

/** A file the CDN keeps. */
interface CdnEntry {
  readonly id: string;
  /** The URL path, filename percent-encoded: `/attachments/<channel>/<id>/<name>`. */
  readonly path: string;
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly issuedAt: number;
  expiresAt: number;
  readonly fault: CdnFault | undefined;
}

/** A file for the CDN to keep. */
export interface NewCdnFile {
  readonly id: string;
  /** `attachments/<channel id>` for message files, `ephemeral-attachments/<application id>` for command options. */
  readonly folder: string;
  readonly filename: string;
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly at: number;
  readonly lifetimeMs: number;
  readonly fault?: CdnFault;
}

const UNAVAILABLE = 'This content is no longer available.';
const CHUNK_BYTES = 64 * 1024;
const ATTACHMENT_PATH = /^\/(?:ephemeral-)?attachments\/\d+\/(\d+)\/[^/]+$/;

/** The content type Discord gives a file by its extension; unknown extensions get none, as on Discord. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

export function contentTypeFor(filename: string): string | undefined {
  const extension = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : CONTENT_TYPES[extension];
}

/** Whether a request path is the CDN's rather than the REST API's. */
export function isCdnPath(pathname: string): boolean {
  return pathname.startsWith('/attachments/') || pathname.startsWith('/ephemeral-attachments/');
}

export class FakeCdn {
  /** Every request, in arrival order. */
  readonly fetches: CdnFetch[] = [];
  readonly #origin: string;
  readonly #notify: () => void;
  readonly #secret = randomBytes(32);
  readonly #entries = new Map<string, CdnEntry>();

  constructor(origin: string, notify: () => void) {
    this.#origin = origin;
    this.#notify = notify;
  }

  /** Keeps a file and describes it as Discord's attachment object does, with a freshly signed URL. */
  keep(file: NewCdnFile): APIAttachment {
    const path = `/${file.folder}/${file.id}/${encodeURIComponent(file.filename)}`;
    const entry: CdnEntry = {
      id: file.id,
      path,
      bytes: file.bytes,
      contentType: file.contentType,
      issuedAt: file.at,
      expiresAt: file.at + file.lifetimeMs,
      fault: file.fault,
    };
    this.#entries.set(file.id, entry);
    const url = this.#signedUrl(entry);
    const size = file.fault?.kind === 'longerThanDeclared' ? file.fault.declaredSize : file.bytes.length;
    return {
      id: file.id,
      filename: file.filename,
      size,
      url,
      proxy_url: url,
      ...(file.contentType === undefined ? {} : { content_type: file.contentType }),
    };
  }

  /** The bytes kept for an attachment, without going through HTTP (and without being recorded). */
  bytesOf(id: string): Buffer | undefined {
    return this.#entries.get(id)?.bytes;
  }

  /** Makes every URL of the attachment stop working now. */
  expire(id: string): void {
    const entry = this.#entries.get(id);
    if (entry) entry.expiresAt = Math.min(entry.expiresAt, Date.now());
  }

  /** Answers one CDN request: 404 "This content is no longer available." unless signed, unexpired and not faulted. */
  serve(request: IncomingMessage, response: ServerResponse): void {
    const at = Date.now();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.#origin);
    const id = ATTACHMENT_PATH.exec(url.pathname)?.[1];
    const entry = id === undefined ? undefined : this.#entries.get(id);
    const record = (status: number, outcome: CdnFetch['outcome']) => {
      this.fetches.push({ at, method, url: url.pathname + url.search, attachmentId: entry?.id ?? null, status, outcome });
      this.#notify();
    };
    const unavailable = (outcome: CdnFetch['outcome']) => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(UNAVAILABLE);
      record(404, outcome);
    };
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      record(405, 'unknown');
      return;
    }
    if (!entry || entry.path !== url.pathname) return unavailable('unknown');
    if (!this.#signatureHolds(entry, url.searchParams)) return unavailable('bad-signature');
    if (at >= entry.expiresAt) return unavailable('expired');
    const type = { 'content-type': entry.contentType ?? 'application/octet-stream' };
    const fault = entry.fault;
    if (fault?.kind === 'notFound') return unavailable('not-found-fault');
    const length = { 'content-length': String(entry.bytes.length) };
    if (method === 'HEAD') {
      response.writeHead(200, fault?.kind === 'longerThanDeclared' ? type : { ...type, ...length }).end();
      record(200, 'served');
      return;
    }
    if (fault?.kind === 'stall') {
      response.writeHead(200, { ...type, ...length });
      response.write(entry.bytes.subarray(0, fault.afterBytes ?? Math.floor(entry.bytes.length / 2)));
      record(200, 'stalled');
      return;
    }
    if (fault?.kind === 'longerThanDeclared') {
      response.writeHead(200, type);
      for (let offset = 0; offset < entry.bytes.length; offset += CHUNK_BYTES) {
        response.write(entry.bytes.subarray(offset, offset + CHUNK_BYTES));
      }
      response.end();
      record(200, 'longer-than-declared');
      return;
    }
    response.writeHead(200, { ...type, ...length }).end(entry.bytes);
    record(200, 'served');
  }

  #signedUrl(entry: CdnEntry): string {
    const ex = Math.ceil(entry.expiresAt / 1000).toString(16);
    const is = Math.floor(entry.issuedAt / 1000).toString(16);
    return `${this.#origin}${entry.path}?ex=${ex}&is=${is}&hm=${this.#signature(entry.path, ex, is)}&`;
  }

  #signature(path: string, ex: string, is: string): string {
    return createHmac('sha256', this.#secret).update(`${path}?ex=${ex}&is=${is}`).digest('hex');
  }

  #signatureHolds(entry: CdnEntry, query: URLSearchParams): boolean {
    const [ex, is, hm] = [query.get('ex'), query.get('is'), query.get('hm')];
    if (ex === null || is === null || hm === null || !/^[0-9a-f]{64}$/.test(hm)) return false;
    return timingSafeEqual(Buffer.from(hm, 'hex'), Buffer.from(this.#signature(entry.path, ex, is), 'hex'));
  }
}

/**
 * A file a member attached to a slash command: pass it as the value of an
 * attachment option in `fake.interact`. The interaction carries its id as the
 * option's value and this attachment under `data.resolved.attachments`.
 */
export class FakeUpload {
  /** As `data.resolved.attachments[id]` carries it, `ephemeral: true` as Discord sets for command uploads. */
  readonly attachment: APIAttachment;
  readonly #cdn: FakeCdn;

  constructor(attachment: APIAttachment, cdn: FakeCdn) {
    this.attachment = attachment;
    this.#cdn = cdn;
  }

  get id(): string {
    return this.attachment.id;
  }

  /** The signed CDN URL the bot is given. */
  get url(): string {
    return this.attachment.url;
  }

  /** Makes the URL stop working now, as if its expiry had passed. */
  expire(): void {
    this.#cdn.expire(this.id);
  }
}
