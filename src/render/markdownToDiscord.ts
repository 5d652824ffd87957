import { lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import { blocksOf } from './blocksOf';
import { codeBlock } from './codeBlock';
import { escapeDataText, escapeInlineText, httpsUrl, maskedLink } from './discordText';

/**
 * The lexer is used without extensions, so every token is one of marked's own
 * types; the cast lets `switch` narrow on them instead of on the catch-all
 * `Generic` token.
 */
function known(token: Token): MarkedToken {
  return token as MarkedToken;
}

/**
 * The words of a paragraph as Discord must show them: escaped (see
 * `escapeInlineText`). Soft line breaks become spaces, as Markdown renders
 * them; Discord would otherwise show the source file's wrapping.
 */
function escapeText(text: string): string {
  return escapeInlineText(text.replace(/\n/g, ' '));
}

/**
 * A link or image: `label` is its text already converted, `written` the text
 * as written. Only `https:` links stay links; any other keeps its text.
 */
function link(label: string, written: string, href: string): string {
  if (written === '' || written === href) return httpsUrl(href) ?? escapeText(href);
  return maskedLink(label, href);
}

/** Inline `<script>`/`<style>` hold code, not prose: their content is dropped with the tags. */
const RAW_TEXT_TAG = /^<(script|style)\b/i;

function inline(tokens: readonly Token[]): string {
  let out = '';
  let inRawText = false;
  for (const token of tokens.map(known)) {
    if (token.type === 'html') inRawText = RAW_TEXT_TAG.test(token.text);
    else if (!inRawText) {
      const text = inlineToken(token);
      // Links are made whole inside one token; a `]` and `(` that meet only here (around a dropped tag) must not make one.
      out += out.endsWith(']') && text.startsWith('(') ? `\\${text}` : text;
    }
  }
  return out;
}

function inlineToken(token: MarkedToken): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens) : escapeText(token.text);
    case 'escape':
    case 'codespan':
      return token.raw;
    case 'strong':
      return `**${inline(token.tokens)}**`;
    case 'em':
      return `*${inline(token.tokens)}*`;
    case 'del':
      return `~~${inline(token.tokens)}~~`;
    case 'br':
      return '\n';
    case 'link':
      // A bare "www.reuters.com" that GFM auto-links is a publisher's name, not a link to the cited article.
      if (/^www\./i.test(token.raw)) return escapeText(token.raw);
      return link(inline(token.tokens), token.text, token.href);
    case 'image':
      return link(escapeText(token.text), token.text, token.href);
    case 'checkbox':
      return '';
    default:
      return escapeText(token.raw);
  }
}

/** Table cells go inside a code block, where Markdown would show as stray symbols. */
function plain(tokens: readonly Token[]): string {
  return tokens
    .map(known)
    .map((token) => {
      switch (token.type) {
        case 'text':
          return token.tokens ? plain(token.tokens) : token.text;
        case 'escape':
        case 'codespan':
          return token.text;
        case 'strong':
        case 'em':
        case 'del':
          return plain(token.tokens);
        case 'link':
        case 'image': {
          const text = token.type === 'link' ? plain(token.tokens) : token.text;
          return text === '' || text === token.href ? token.href : `${text} (${token.href})`;
        }
        case 'br':
          return ' ';
        case 'html':
          return '';
        default:
          return token.raw;
      }
    })
    .join('');
}

function width(text: string): number {
  return Array.from(text).length;
}

function align(text: string, size: number, how: 'left' | 'right' | 'center' | null): string {
  const gap = size - width(text);
  if (how === 'right') return ' '.repeat(gap) + text;
  if (how === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(Math.ceil(gap / 2));
  return text + ' '.repeat(gap);
}

/**
 * Aligning pads every row to the widest cell of each column, so a table with
 * one long cell per row grows with the square of its size: 50 KB of such
 * tables became a 2 MB answer, and 1 MB ran the bot out of memory. A table
 * that would grow past twice its own text (or one embed's 4,096 characters)
 * is shown as its escaped text instead; real tables stay far below.
 */
const TABLE_GROWTH = 2;
const TABLE_MIN_ROOM = 4_096;

function table(token: Tokens.Table): string {
  const rows = [token.header, ...token.rows].map((row) => row.map((cell) => plain(cell.tokens).trim()));
  const widths = token.header.map((_, c) => Math.max(...rows.map((row) => width(row[c] ?? ''))));
  const aligned = rows.length * widths.reduce((sum, w) => sum + w + 3, 0);
  if (aligned > Math.max(TABLE_MIN_ROOM, TABLE_GROWTH * token.raw.length)) return escapeDataText(token.raw.trim());
  const line = (row: readonly string[]): string =>
    widths
      .map((w, c) => align(row[c] ?? '', w, token.align[c] ?? null))
      .join(' | ')
      .trimEnd();
  const [head = [], ...body] = rows;
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return codeBlock([line(head), rule, ...body.map(line)].join('\n'));
}

function list(token: Tokens.List): string {
  const first = token.start === '' ? 1 : token.start;
  return token.items
    .map((item, i) => {
      const marker = token.ordered ? `${first + i}. ` : '- ';
      const box = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
      const indent = ' '.repeat(marker.length);
      const body = blocks(item.tokens)
        .join(item.loose ? '\n\n' : '\n')
        .split('\n')
        .map((line, j) => (j === 0 || line === '' ? line : indent + line))
        .join('\n');
      return marker + box + body;
    })
    .join(token.loose ? '\n\n' : '\n');
}

function block(token: MarkedToken): string {
  switch (token.type) {
    case 'heading': {
      // Bold rather than `#` headings: bold renders the same in messages, embed descriptions and field values.
      const text = inline(token.tokens);
      return text === '' ? '' : `**${text}**`;
    }
    case 'paragraph':
      return inline(token.tokens);
    case 'text':
      return token.tokens ? inline(token.tokens) : escapeText(token.text);
    case 'code':
      return codeBlock(token.text, token.lang);
    case 'blockquote':
      return blocks(token.tokens)
        .join('\n\n')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return list(token);
    case 'table':
      return table(token);
    case 'html':
    case 'space':
    case 'hr':
    case 'def':
    case 'checkbox':
      return '';
    default:
      return escapeText(token.raw);
  }
}

function blocks(tokens: readonly Token[]): string[] {
  return tokens
    .map(known)
    .map(block)
    .filter((text) => text.trim() !== '');
}

/**
 * Beyond these, Markdown is shown as escaped text instead of being lexed:
 * `marked` takes seconds and gigabytes on lists nested hundreds deep, and
 * grows with the square of a long paragraph of emphasis marks. The loader
 * refuses nesting past 8 and real paragraphs stay near 1,000 characters, so
 * only hostile text loses its formatting (never its words).
 */
const MAX_NESTING = 16;
const MAX_BLOCK = 10_000;

/** Containers opened on one line: each `>` and list marker, and every 4 columns of indentation. Generous, never low. */
function nestingOf(line: string): number {
  const m = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*/.exec(line)?.[0] ?? '';
  const markers = m.match(/>|[-*+]|\d+[.)]/g)?.length ?? 0;
  const columns = m.replace(/\t/g, '    ').replace(/\S+/g, '').length;
  return markers + Math.floor(columns / 4);
}

function isTooComplex(markdown: string): boolean {
  let block = 0;
  for (const line of markdown.split('\n')) {
    block = line.trim() === '' ? 0 : block + line.length + 1;
    if (block > MAX_BLOCK || nestingOf(line) > MAX_NESTING) return true;
  }
  return false;
}

/**
 * Markdown (as data authors write it) turned into the Markdown Discord renders,
 * one string per top-level block so callers can pack blocks into messages
 * without cutting one in half (see `splitBlocks`).
 *
 * Kept: paragraphs, emphasis, strong, strikethrough, inline code, code blocks,
 * `https:` links as `[text](url)` (other links keep their text only), block
 * quotes, nested and ordered lists, and `[n]` reference markers as written.
 * Headings become bold lines. Tables become an aligned monospace block. Images
 * become links to the image. Text is escaped, so what Markdown reads as text
 * (a mention, a timestamp tag, `snake_case`) stays text in Discord too. Raw HTML
 * is dropped: an HTML block with all it contains, inline tags with only the
 * tags themselves (the words between them are part of the sentence), except
 * inline `<script>` and `<style>`, whose content goes too. Markdown too deep or
 * too long to convert safely is shown as escaped text instead.
 */
export function markdownToDiscord(markdown: string): string[] {
  const plain = (): string[] => blocksOf(markdown).map(escapeDataText);
  if (isTooComplex(markdown)) return plain();
  try {
    return blocks(lexer(markdown));
  } catch (error) {
    // Emphasis nested thousands deep overflows the stack in marked's recursion: the words are still worth showing.
    if (error instanceof RangeError) return plain();
    throw error;
  }
}
