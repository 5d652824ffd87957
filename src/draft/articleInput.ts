import { MAX_UPLOAD_BYTES } from '../facts/dataLimits';

/**
 * The bytes of an article file checked before anything reads them: the same
 * limits every upload has (issue 8: at most 1 MiB, valid UTF-8, no NUL byte).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ArticleText = { ok: true; text: string } | { ok: false; error: string };

/** What an upload is called in the answer, and what text it should have been. */
export interface UploadKind {
  readonly what: string;
  readonly expected: string;
}

const ARTICLE: UploadKind = { what: 'the article', expected: 'plain text or Markdown' };

/** `kind` names other uploads (a figures.json, a narrative.md) in the same answers. */
export function decodeArticle(bytes: Uint8Array, kind: UploadKind = ARTICLE): ArticleText {
  const { what, expected } = kind;
  if (bytes.length > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      error: `${what} is ${bytes.length.toLocaleString('en-US')} bytes; the limit is 1 MiB (${MAX_UPLOAD_BYTES.toLocaleString('en-US')} bytes)`,
    };
  }
  if (bytes.includes(0)) return { ok: false, error: `${what} is a binary file (it contains a NUL byte); expected ${expected}` };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: `${what} is not valid UTF-8 text` };
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, error: `${what} is empty` };
  return { ok: true, text };
}
