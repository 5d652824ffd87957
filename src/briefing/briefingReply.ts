import type { Snapshot } from '../facts/snapshot';
import { asOfFooterLine } from '../render/asOfFooterLine';
import { asOfLine } from '../render/asOfLine';
import { citeSources } from '../render/citeSources';
import { DISCORD_LIMITS } from '../render/discordLimits';
import { markdownToDiscord } from '../render/markdownToDiscord';
import { stalenessLine } from '../render/stalenessLine';
import type { Reply, ReplyEmbed, ReplyField } from '../reply';

export interface SectionParts {
  readonly title: string;
  readonly fields?: readonly ReplyField[];
  /** Markdown from the snapshot's narrative, converted for Discord here. */
  readonly narrative?: readonly string[];
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

/** The as-of date, and a warning when it is old, so a December 2025 figure is never read as today's. */
export function datedLead(snapshot: Snapshot, now: Date, staleAfterDays: number): string {
  return [asOfLine(snapshot.asOf, now), stalenessLine(snapshot.asOf, now, staleAfterDays)]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

/**
 * Markdown converted for Discord, kept per snapshot: a snapshot never changes,
 * so each text is lexed once instead of on every command (which also spares the
 * garbage collector), and a reload's new snapshot starts a fresh cache.
 */
const converted = new WeakMap<Snapshot, Map<string, readonly string[]>>();

function narrativeBlocks(snapshot: Snapshot, markdown: string): readonly string[] {
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
  const dateLine = asOfFooterLine(snapshot.asOf, dating.now, dating.staleAfterDays);
  return `${citeSources(sources, snapshot.sources, DISCORD_LIMITS.footer - dateLine.length - 1)}\n${dateLine}`;
}

/**
 * One embed: optional lead line, narrative, figures, and a footer citing every
 * source behind them and dating the data (every message of a split answer keeps it).
 */
export function sectionEmbed(snapshot: Snapshot, parts: SectionParts, dating: Dating, lead?: string): ReplyEmbed {
  const body = (parts.narrative ?? []).flatMap((md) => narrativeBlocks(snapshot, md));
  const description = [...(lead !== undefined ? [lead] : []), ...body].join('\n\n');
  return {
    title: parts.title,
    ...(description !== '' && { description }),
    ...(parts.color !== undefined && { color: parts.color }),
    ...(parts.fields && parts.fields.length > 0 && { fields: parts.fields }),
    footer: datedFooter(snapshot, parts.sources, dating),
  };
}

/** The one shape of every briefing answer: a dated, sourced embed. */
export function briefingReply(parts: BriefingParts): Reply {
  return { embeds: [sectionEmbed(parts.snapshot, parts, parts, datedLead(parts.snapshot, parts.now, parts.staleAfterDays))] };
}
