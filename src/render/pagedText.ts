import type { Reply, ReplyButton } from '../reply';
import { DISCORD_LIMITS as L } from './discordLimits';
import { splitBlocks } from './splitBlocks';
import { truncate } from './truncate';

/**
 * Characters of one page's text. With its title, a lead of a few lines (up
 * to 600) and a footer (2,048 at most) a page stays inside Discord's 6,000 per
 * message, so one page is always one message; with a usual title, lead and
 * sources it stays under 2,000 characters, so a page reads at a glance like
 * every other answer.
 */
export const PAGE_LENGTH = 1500;

/** A heading as `markdownToDiscord` writes one (a bold line), or a Markdown heading written by hand. */
const HEADING = /^(?:\*\*[^\n]*\*\*|#{1,3} [^\n]*)$/;

/**
 * A block with the headings that lead into it, placed together: a heading
 * alone at the foot of a page announces text the reader must turn to find.
 */
interface Group {
  readonly heading?: string;
  readonly body: string;
}

function groupsOf(blocks: readonly string[]): Group[] {
  const groups: Group[] = [];
  let heading: string | undefined;
  for (const block of blocks) {
    if (block.trim() === '') continue;
    if (HEADING.test(block.trim())) heading = heading === undefined ? block : `${heading}\n\n${block}`;
    else {
      groups.push({ ...(heading !== undefined && { heading }), body: block });
      heading = undefined;
    }
  }
  if (heading !== undefined) groups.push({ body: heading });
  return groups;
}

function textOf(group: Group): string {
  return group.heading === undefined ? group.body : `${group.heading}\n\n${group.body}`;
}

/** A group longer than a page: its body cut short enough that the heading fits above the first piece. */
function piecesOf(group: Group, max: number): string[] {
  const room = group.heading === undefined ? max : max - group.heading.length - 2;
  if (group.heading === undefined || room < 2) return splitBlocks([textOf(group)], max);
  const [first = '', ...rest] = splitBlocks([group.body], room);
  return [`${group.heading}\n\n${first}`, ...rest];
}

/**
 * Discord-Markdown blocks (see `markdownToDiscord`) as pages of at most `max`
 * characters, blocks joined by blank lines. A block that fits a page is never
 * cut; a longer one is cut as `splitBlocks` cuts it (lines, then words), and
 * a heading always starts a page with at least the beginning of its text
 * (unless the heading alone is longer than a page).
 *
 * @throws RangeError when `max` is below 2 (see `splitBlocks`).
 */
export function pagesOf(blocks: readonly string[], max: number = PAGE_LENGTH): string[] {
  if (!(max >= 2)) throw new RangeError(`max must be at least 2, got ${max}`);
  const pages: string[] = [];
  let current: string | undefined;
  for (const group of groupsOf(blocks)) {
    const text = textOf(group);
    const joined = current === undefined ? text : `${current}\n\n${text}`;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    if (current !== undefined) pages.push(current);
    if (text.length <= max) {
      current = text;
    } else {
      const parts = piecesOf(group, max);
      pages.push(...parts.slice(0, -1));
      current = parts[parts.length - 1];
    }
  }
  if (current !== undefined) pages.push(current);
  return pages;
}

export interface PagedParts {
  /** Plain title, already escaped by the caller if it holds data text. */
  readonly title: string;
  readonly pages: readonly string[];
  /** 1-based; anything outside 1…n (or not a number) shows the nearest page. */
  readonly page: number;
  /** The custom id that rebuilds page `page`, at most 100 characters. Routed to the command that owns it. */
  readonly customId: (page: number) => string;
  /** Above every page's text, such as the data's date: each page is a message read on its own. Keep it to a few lines. */
  readonly lead?: string;
  /** The sources, the data's date: what every page needs below its text. */
  readonly footer?: string;
  readonly color?: number;
}

/** The page shown for a requested number: the nearest of 1…count that exists (1 for anything not a number). */
export function clampPage(page: number, count: number): number {
  if (Number.isNaN(page)) return 1;
  return Math.min(Math.max(Math.trunc(page), 1), count);
}

function pageButton(label: string, customId: string): ReplyButton {
  if (customId.length > L.customId) {
    // Discord refuses a longer id, and a cut one would rebuild another page or nothing.
    throw new RangeError(`a page's custom id is ${customId.length} characters, over Discord's ${L.customId}: ${customId}`);
  }
  return { kind: 'button', customId, label, style: 'secondary' };
}

/**
 * One page of a long text as an ephemeral answer, titled "… (page k of n)",
 * with Previous and Next buttons (absent at the ends). Stateless: each button's custom id says which
 * page to rebuild, so a restart or a second reader loses nothing.
 *
 * @throws RangeError when a button's custom id is over 100 characters.
 */
export function pagedReply(parts: PagedParts): Reply {
  const count = Math.max(parts.pages.length, 1);
  const page = clampPage(parts.page, count);
  const text = [parts.lead, parts.pages[page - 1]].filter((t) => t !== undefined && t.trim() !== '').join('\n\n');
  // In the title, read first; the footer stays the caller's, as on every other answer.
  const position = count > 1 ? ` (page ${page} of ${count})` : '';
  const buttons = [
    ...(page > 1 ? [pageButton('Previous', parts.customId(page - 1))] : []),
    ...(page < count ? [pageButton('Next', parts.customId(page + 1))] : []),
  ];
  return {
    ephemeral: true,
    embeds: [
      {
        title: `${truncate(parts.title, L.title - position.length)}${position}`,
        ...(text.trim() !== '' && { description: text }),
        ...(parts.color !== undefined && { color: parts.color }),
        ...(parts.footer !== undefined && { footer: truncate(parts.footer, L.footer) }),
      },
    ],
    ...(buttons.length > 0 && { components: [buttons] }),
  };
}
