import type { Snapshot } from '../facts/snapshot';
import { citeSources } from '../render/citeSources';
import { datingLine, footerDateLine, freshnessColor } from '../render/dataAge';
import { DISCORD_LIMITS } from '../render/discordLimits';
import { escapeDataText } from '../render/discordText';
import { markdownToDiscord } from '../render/markdownToDiscord';
import type { Reply, ReplyEmbed, ReplyField } from '../reply';

/**
 * A passage already written in Discord Markdown by the command, its data text
 * escaped (see `escapeDataText`): lists of sources or titles, which must not
 * go through the narrative's Markdown conversion a second time.
 */
export interface DiscordText {
  readonly discord: string;
}

export interface SectionParts {
  /** Plain text: escaped here, so a name or title in it cannot format it. */
  readonly title: string;
  readonly fields?: readonly ReplyField[];
  /** Markdown from the snapshot's narrative, converted for Discord here, and passages already in Discord Markdown. */
  readonly narrative?: readonly (string | DiscordText)[];
  /** Every source number behind what is shown; the footer cites them all. */
  readonly sources: readonly number[];
  readonly color?: number;
}

/** When an answer is read, to date it and warn when its data is old. */
export interface Dating {
  readonly now: Date;
  readonly staleAfterDays: number;
}

export interface BriefingParts extends SectionParts, Dating {
  readonly snapshot: Snapshot;
}

/**
 * Markdown converted for Discord, kept per snapshot: a snapshot never changes,
 * so each text is lexed once instead of on every command (which also spares the
 * garbage collector), and a reload's new snapshot starts a fresh cache.
 */
const converted = new WeakMap<Snapshot, Map<string, readonly string[]>>();

export function narrativeBlocks(snapshot: Snapshot, markdown: string): readonly string[] {
  let cache = converted.get(snapshot);
  if (cache === undefined) {
    cache = new Map();
    converted.set(snapshot, cache);
  }
  let blocks = cache.get(markdown);
  if (blocks === undefined) {
    blocks = markdownToDiscord(markdown);
    cache.set(markdown, blocks);
  }
  return blocks;
}

function datedFooter(snapshot: Snapshot, sources: readonly number[], dating: Dating): string {
  const dateLine = footerDateLine(snapshot.asOf, dating.now, dating.staleAfterDays);
  return `${citeSources(sources, snapshot.sources, DISCORD_LIMITS.footer - dateLine.length - 1)}\n${dateLine}`;
}

/**
 * One embed: optional lead line, narrative, figures, and a footer citing every
 * source behind them and dating the data (every message of a split answer keeps it).
 */
export function sectionEmbed(snapshot: Snapshot, parts: SectionParts, dating: Dating, lead?: string): ReplyEmbed {
  const body = (parts.narrative ?? []).flatMap((part) => (typeof part === 'string' ? narrativeBlocks(snapshot, part) : [part.discord]));
  const description = [...(lead !== undefined ? [lead] : []), ...body].join('\n\n');
  return {
    title: escapeDataText(parts.title),
    ...(description !== '' && { description }),
    ...(parts.color !== undefined && { color: parts.color }),
    ...(parts.fields && parts.fields.length > 0 && { fields: parts.fields }),
    footer: datedFooter(snapshot, parts.sources, dating),
  };
}

/** A dated, sourced embed of narrative (a day's recap), coloured as every answer is: current or old data. */
export function briefingReply(parts: BriefingParts): Reply {
  const { snapshot, now, staleAfterDays } = parts;
  const coloured = { ...parts, color: parts.color ?? freshnessColor(snapshot.asOf, now, staleAfterDays) };
  return { embeds: [sectionEmbed(snapshot, coloured, parts, datingLine(snapshot.asOf, now, staleAfterDays))] };
}
