import type { Reply, ReplyComponent, ReplyEmbed } from '../reply';
import type { TimestampStyle } from '../render/discordTimestamp';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { relativeTime } from '../render/relativeTime';

const TIMESTAMP = /<t:(-?\d+)(?::([tTdDfFR]))?>/g;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** A console has no reader's zone to show, so instants are written in UTC and say so. */
function readableInstant(instant: Date, style: TimestampStyle, now: Date): string {
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
  return text.replace(TIMESTAMP, (_, seconds: string, style: TimestampStyle | undefined) =>
    readableInstant(new Date(Number(seconds) * 1000), style ?? 'f', now),
  );
}

function embedLines(embed: ReplyEmbed, now: Date): string[] {
  const lines: string[] = [];
  if (embed.title !== '') {
    const title = readableTimestamps(embed.title, now);
    lines.push(title, '─'.repeat(Array.from(title).length));
  }
  if (embed.description !== undefined) lines.push(readableTimestamps(embed.description, now));
  for (const field of embed.fields ?? []) {
    lines.push(`${readableTimestamps(field.name, now)}: ${readableTimestamps(field.value, now)}`);
  }
  const stamp = embed.timestamp === undefined ? undefined : readableInstant(new Date(embed.timestamp), 'f', now);
  const footer = [embed.footer === undefined ? undefined : readableTimestamps(embed.footer, now), stamp]
    .filter((part): part is string => part !== undefined)
    .join(' • ');
  if (footer !== '') lines.push(footer);
  return lines;
}

function componentText(component: ReplyComponent): string {
  if (component.kind === 'button') return `[${component.label}]`;
  return `[${component.placeholder} ▾ ${component.options.map((option) => option.label).join(' | ')}]`;
}

/**
 * A reply as the local console prints it: content first, as Discord shows it
 * above the embeds, then each embed's underlined title, description,
 * `name: value` fields and footer, then the components as `[label]`. Discord
 * timestamps become readable UTC text ("7 Dec 2025", "11 months ago" relative
 * to `now`); the rest of the Markdown is left as written, which reads fine.
 */
export function renderReplyAsText(reply: Reply, now: Date): string {
  const sections: string[] = [];
  if (reply.ephemeral === true) sections.push('(only you can see this)');
  if (reply.content !== undefined && reply.content !== '') sections.push(readableTimestamps(reply.content, now));
  for (const embed of reply.embeds ?? []) {
    const lines = embedLines(embed, now);
    if (lines.length > 0) sections.push(lines.join('\n'));
  }
  const rows = (reply.components ?? []).filter((row) => row.length > 0);
  if (rows.length > 0) sections.push(rows.map((row) => row.map(componentText).join(' ')).join('\n'));
  return sections.join('\n\n');
}
