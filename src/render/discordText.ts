import { escapeMarkdown } from '@discordjs/formatters';

/**
 * Text from the data files (names, notes, publishers, titles…) made safe to
 * place in Discord Markdown: it reads as written and cannot format, link or
 * mention. The data is edited by a few people but read in every server, so a
 * note must not be able to bold itself, hide a link, or ping anyone.
 */

/** Headings, lists and masked links are off in the library's defaults; data text may not use any of them. */
const ESCAPE_ALL = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;
/** Inside a line, where headings and lists cannot start: escaping them would only add backslashes (`0\.4%`). */
const ESCAPE_INLINE = { maskedLink: true } as const;

/**
 * The escaper's patterns look back over the text before each match, so its
 * time grows with the square of an unbroken run (40,000 characters took
 * seconds). Escaping pieces of bounded length keeps it linear; pieces end
 * after a space where there is one, so words are escaped whole.
 */
const PIECE = 256;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function pieces(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (text.length - start > PIECE) {
    const space = text.slice(start, start + PIECE).search(/\s(?=\S*$)/);
    let cut = space > 0 ? start + space + 1 : start + PIECE;
    if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
    out.push(text.slice(start, cut));
    start = cut;
  }
  out.push(text.slice(start));
  return out;
}

/** Every character sequence {@link neutralize} acts on, in one scan. */
const MAYBE_LIVE = /[<>@]|\]\(|http:\/\/|-#/i;

/**
 * What the library escaper leaves live: every `<` (user, role and channel
 * mentions, timestamp tags, custom emoji, slash-command mentions), `@everyone`
 * and `@here`, `](` of a masked link whose brackets fell into two pieces, bare
 * `http:` URLs, which Discord would link (only `https:` is ever linked), and
 * `-#` subtext; at the start of a line, block quotes too.
 */
function neutralize(text: string, lineStarts: boolean): string {
  // Most data text holds none of these; five scans of it for nothing were the largest cost of an answer.
  if (!MAYBE_LIVE.test(text)) return text;
  const inert = text
    .replaceAll('<', '\\<')
    .replaceAll('](', ']\\(')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/http:\/\//gi, 'http:\u200b//')
    .replaceAll('-#', '\\-#');
  return lineStarts ? inert.replace(/^([ \t]*)>/gm, '$1\\>') : inert;
}

/**
 * Text some escaper acts on; most words have none, and skipping them saves
 * the escaper's slow scans (about 5 µs even for "apnews.com"). A full stop
 * and a hyphen matter only at the start of a line, where they make a
 * numbered ("1.") or bulleted ("- ") list.
 */
const MARKUP = /[\\`*_~|#[]|^ *\d+\.|^ *- /m;

function escapeInPieces(text: string, options: typeof ESCAPE_ALL | typeof ESCAPE_INLINE): string {
  return pieces(text)
    .map((piece) => (MARKUP.test(piece) ? escapeMarkdown(piece, options) : piece))
    .join('');
}

/** Data text escaped for Discord Markdown: shown as written, never as formatting, a link or a mention. */
export function escapeDataText(text: string): string {
  return neutralize(escapeInPieces(text, ESCAPE_ALL), true);
}

/** {@link escapeDataText} for text that continues a line, such as the words of a Markdown paragraph. */
export function escapeInlineText(text: string): string {
  return neutralize(escapeInPieces(text, ESCAPE_INLINE), false);
}

/** Characters that would end or escape the `(…)` of a masked link, or with the text around it make one (`](`). */
const UNSAFE_IN_LINK = /[()[\]<>\s\\]/g;

/**
 * `url` as written, ready to stand in a masked link's `(…)` or alone, or
 * `undefined` unless it is an absolute `https:` URL: `javascript:`, `file:`,
 * `data:` and plain `http:` links are never offered to a member.
 */
export function httpsUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  return url.replace(UNSAFE_IN_LINK, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Brackets escaped so they can neither close a masked link's text early nor open another link inside it; escapes already there are kept. */
function linkLabel(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\\') {
      out += c + (text[i + 1] ?? '');
      i += 1;
    } else {
      out += c === '[' || c === ']' ? `\\${c}` : c;
    }
  }
  return out;
}

/**
 * `[text](url)` when the URL is `https:`, else the text alone. `text` is
 * Discord Markdown already (escaped data text or converted narrative).
 */
export function maskedLink(text: string, url: string): string {
  const href = httpsUrl(url);
  if (href === undefined) return text;
  return text === '' ? href : `[${linkLabel(text)}](${href})`;
}

/**
 * `text` as inline code, where Discord renders no Markdown, mention or tag.
 * Inline code cannot hold a backtick, so any becomes `ˋ` (U+02CB), which
 * reads the same.
 */
export function inlineCode(text: string): string {
  return `\`${text.replaceAll('`', 'ˋ')}\``;
}

/**
 * A command as a Discord command mention, `</outlook:123>` or `</recaps set:123>`,
 * which members click to start typing it; `/outlook` as plain text where the
 * command's id is not known (the console, or before the commands are synced).
 */
export function commandMention(ids: ReadonlyMap<string, string> | undefined, name: string, subcommand?: string): string {
  const full = subcommand === undefined ? name : `${name} ${subcommand}`;
  const id = ids?.get(name);
  return id === undefined ? `/${full}` : `</${full}:${id}>`;
}
