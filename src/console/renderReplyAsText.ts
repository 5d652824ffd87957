import { stripVTControlCharacters } from 'node:util';
import type { Reply, ReplyEmbed } from '../reply';
import type { TimestampStyle } from '../render/discordTimestamp';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { relativeTime } from '../render/relativeTime';
import { numberChoices } from './choices';

/** A live tag: one escaped with a backslash is data text that Discord shows as written, and so does the console. */
const TIMESTAMP = /(?<!\\)<t:(-?\d+)(?::([tTdDfFR]))?>/g;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * A console has no reader's zone to show, so instants are written in UTC and
 * say so. Undefined for an instant that has no four-digit year (or none at all,
 * like `<t:99999999999999999>`): the caller shows what was written instead.
 */
function readableInstant(instant: Date, style: TimestampStyle, now: Date): string | undefined {
  const year = instant.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return undefined;
  const iso = instant.toISOString();
  const day = formatCalendarDate(iso.slice(0, 10));
  const time = `${iso.slice(11, 16)} UTC`;
  switch (style) {
    case 't':
      return time;
    case 'T':
      return `${iso.slice(11, 19)} UTC`;
    case 'd':
    case 'D':
      return day;
    case 'f':
      return `${day} ${time}`;
    case 'F':
      return `${WEEKDAYS[instant.getUTCDay()]}, ${day} ${time}`;
    case 'R':
      return relativeTime(instant, now);
  }
}

/** Discord's `<t:UNIX:STYLE>` tags as plain text; `now` anchors the relative style. */
function readableTimestamps(text: string, now: Date): string {
  return text.replace(
    TIMESTAMP,
    (tag: string, seconds: string, style: TimestampStyle | undefined) =>
      readableInstant(new Date(Number(seconds) * 1000), style ?? 'f', now) ?? tag,
  );
}

/** A backslash before ASCII punctuation: Discord shows the character alone, and so does the console. */
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const FENCE = /^\s*```/;

/** Discord's view of escaped text (`\*\*loud\*\*` reads `**loud**`); code blocks keep their backslashes, as in Discord. */
function unescapeMarkdown(text: string): string {
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) inFence = !inFence;
      return inFence || FENCE.test(line) ? line : line.replace(ESCAPED, '$1');
    })
    .join('\n');
}

/** Markdown text as the console shows it: timestamps readable, escapes resolved. */
function readable(text: string, now: Date): string {
  return unescapeMarkdown(readableTimestamps(text, now));
}

function embedLines(embed: ReplyEmbed, now: Date): string[] {
  const lines: string[] = [];
  if (embed.title !== '') {
    const title = readable(embed.title, now);
    lines.push(title, '─'.repeat(Array.from(title).length));
  }
  if (embed.description !== undefined) lines.push(readable(embed.description, now));
  for (const field of embed.fields ?? []) {
    lines.push(`${readable(field.name, now)}: ${readable(field.value, now)}`);
  }
  const stamp = embed.timestamp === undefined ? undefined : (readableInstant(new Date(embed.timestamp), 'f', now) ?? embed.timestamp);
  const footer = [embed.footer === undefined ? undefined : readableTimestamps(embed.footer, now), stamp]
    .filter((part): part is string => part !== undefined)
    .join(' • ');
  if (footer !== '') lines.push(footer);
  return lines;
}

/**
 * A reply as the local console prints it: content first, as Discord shows it
 * above the embeds, then each embed's underlined title, description,
 * `name: value` fields and footer, then the paths the answer's files were
 * saved to (charts first), then the components as numbered choices. Discord
 * timestamps become readable UTC text ("7 Dec 2025", "11 months ago" relative
 * to `now`) and escaped characters lose their backslash, as Discord shows them;
 * the rest of the Markdown is left as written, which reads fine. Printing it
 * safely is {@link terminalSafe}'s job.
 */
export function renderReplyAsText(
  reply: Reply,
  now: Date,
  savedFiles: readonly string[] = [],
  savedCharts: readonly string[] = [],
): string {
  const sections: string[] = [];
  if (reply.ephemeral === true) sections.push('(only you can see this)');
  if (reply.content !== undefined && reply.content !== '') sections.push(readable(reply.content, now));
  for (const embed of reply.embeds ?? []) {
    const lines = embedLines(embed, now);
    if (lines.length > 0) sections.push(lines.join('\n'));
  }
  if (savedCharts.length > 0) sections.push(['Charts saved:', ...savedCharts.map((path) => `  ${path}`)].join('\n'));
  if (savedFiles.length > 0) sections.push(['Files saved:', ...savedFiles.map((path) => `  ${path}`)].join('\n'));
  const choices = numberChoices(reply.components ?? []).text;
  if (choices !== '') sections.push(choices);
  return sections.join('\n\n');
}

/**
 * C0 and C1 controls except newline and tab, DEL, and the bidi marks,
 * embeddings, overrides and isolates that reorder the text after them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that is safe to write to a terminal: data text could carry escape
 * sequences that recolour, retitle or clear the operator's terminal, or bidi
 * controls that make a line read differently from what it holds. Whole escape
 * sequences go first (Node's own parser), then any stray control character.
 */
export function terminalSafe(text: string): string {
  return stripVTControlCharacters(text).replace(UNPRINTABLE, '');
}
