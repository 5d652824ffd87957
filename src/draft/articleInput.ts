import { MAX_UPLOAD_BYTES } from '../facts/dataLimits';

/**
 * The bytes of an article file checked before anything reads them: the same
 * limits every upload has (issue 8: at most 1 MiB, valid UTF-8, no NUL byte).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ArticleText = { ok: true; text: string } | { ok: false; error: string };

export function decodeArticle(bytes: Uint8Array): ArticleText {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      error: `the article is ${bytes.length.toLocaleString('en-US')} bytes; the limit is 1 MiB (${MAX_UPLOAD_BYTES.toLocaleString('en-US')} bytes)`,
    };
  }
  if (bytes.includes(0))
    return { ok: false, error: 'the article is a binary file (it contains a NUL byte); expected plain text or Markdown' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: 'the article is not valid UTF-8 text' };
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, error: 'the article is empty' };
  return { ok: true, text };
}
