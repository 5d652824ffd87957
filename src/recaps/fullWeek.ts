import { DEFAULT_SUBJECT_ID } from '../briefing/defaultSubject';
import { findFigures } from '../facts/findFigures';
import { narrativeEntries } from '../facts/narrativeEntries';
import type { Figure, Snapshot } from '../facts/snapshot';
import { datingLine, freshnessColor } from '../render/dataAge';
import { citeSources } from '../render/citeSources';
import { escapeDataText } from '../render/discordText';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { formatFigureLine } from '../render/formatFigureLine';
import { narrativeBlocks } from '../briefing/narrativeBlocks';
import { clampPage, pagedReply, pagesOf } from '../render/pagedText';
import type { Reply } from '../reply';

/**
 * `recap:week:<as-of>:<page>`: which snapshot's week to rebuild and which
 * page, so a button still works after a restart and for every member who
 * presses it (about 25 characters, far inside Discord's 100).
 */
const FULL_WEEK_ID = /^recap:week:(\d{4}-\d{2}-\d{2}):(\d{1,6})$/;

export function fullWeekId(asOf: string, page: number): string {
  return `recap:week:${asOf}:${page}`;
}

/** The as-of date and page a "Read the full week" or page button asks for; undefined for any other id. */
export function parseFullWeekId(customId: string): { readonly asOf: string; readonly page: number } | undefined {
  const match = FULL_WEEK_ID.exec(customId);
  if (match === null) return undefined;
  return { asOf: match[1]!, page: Number(match[2]) };
}

/** Topics whose figures the full week lists after the day recaps, as the card summarises them. */
const FIGURE_SECTIONS = [
  ['short-interest', 'Positioning: short interest'],
  ['valuation', 'Valuation'],
  ['technicals', 'Technical and seasonal watch'],
] as const;

interface Reading {
  readonly title: string;
  readonly pages: readonly string[];
}

/** Every source a text cites with an `[n]` marker, as the narrative and figure lines write them. */
export function sourcesCitedIn(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

function figureList(snapshot: Snapshot, figures: readonly Figure[]): string {
  const subjects = new Map(snapshot.subjects.map((s) => [s.id, s]));
  return figures.map((f) => `- ${formatFigureLine(f, subjects)}`).join('\n');
}

/** A heading, as `markdownToDiscord` writes one: bold, so `pagesOf` keeps it with its text. */
function heading(text: string): string {
  return `**${escapeDataText(text)}**`;
}

/**
 * Everything the card summarises, in full: the week, the index's figures,
 * each day's recap, positioning, valuation and the technical watch figure by
 * figure, next week's catalysts and the scenarios. Every figure keeps its
 * sources, so nothing the card leaves out is lost.
 */
function readingOf(snapshot: Snapshot): Reading {
  const week = narrativeEntries(snapshot, 'week');
  const days = narrativeEntries(snapshot, 'recaps');
  const catalysts = narrativeEntries(snapshot, 'commentary', 'catalysts');
  const scenarios = narrativeEntries(snapshot, 'scenarios');
  const levels = findFigures(snapshot, { topic: 'levels', subject: DEFAULT_SUBJECT_ID });
  const subjectName = snapshot.subjects.find((s) => s.id === DEFAULT_SUBJECT_ID)?.name ?? DEFAULT_SUBJECT_ID;
  const blocks: string[] = week.flatMap((e) => narrativeBlocks(snapshot, e.markdown));
  if (levels.length > 0) blocks.push(heading(`${subjectName}: the week's figures`), figureList(snapshot, levels));
  for (const day of days) {
    blocks.push(heading(`${formatCalendarDate(day.key)}: ${day.title}`), ...narrativeBlocks(snapshot, day.markdown));
  }
  for (const [topic, title] of FIGURE_SECTIONS) {
    const found = findFigures(snapshot, { topic });
    if (found.length > 0) blocks.push(heading(title), figureList(snapshot, found));
  }
  for (const entry of [...catalysts, ...scenarios]) blocks.push(heading(entry.title), ...narrativeBlocks(snapshot, entry.markdown));
  return {
    title: `The full week: ${week[0]?.title ?? snapshot.title}`,
    pages: pagesOf(blocks),
  };
}

/** Kept per snapshot: a snapshot never changes, and each page press would otherwise convert the whole week again. */
const readings = new WeakMap<Snapshot, Reading>();

function readingFor(snapshot: Snapshot): Reading {
  let reading = readings.get(snapshot);
  if (reading === undefined) {
    reading = readingOf(snapshot);
    readings.set(snapshot, reading);
  }
  return reading;
}

/** Whether the snapshot has a week to read: a week entry or day recaps. */
export function hasWeek(snapshot: Snapshot): boolean {
  return narrativeEntries(snapshot, 'week').length > 0 || narrativeEntries(snapshot, 'recaps').length > 0;
}

/**
 * One page of the full week, ephemeral, with Previous and Next. Each page is
 * a message read on its own, so each is dated and names the sources it cites,
 * as every answer is.
 */
export function fullWeekPage(snapshot: Snapshot, page: number, now: Date, staleAfterDays: number): Reply {
  const reading = readingFor(snapshot);
  const shown = clampPage(page, Math.max(reading.pages.length, 1));
  const cited = sourcesCitedIn(reading.pages[shown - 1] ?? '').filter((n) => snapshot.sources.has(n));
  return pagedReply({
    title: escapeDataText(reading.title),
    lead: datingLine(snapshot.asOf, now, staleAfterDays),
    pages: reading.pages,
    page: shown,
    customId: (p) => fullWeekId(snapshot.asOf, p),
    footer: citeSources(cited, snapshot.sources),
    color: freshnessColor(snapshot.asOf, now, staleAfterDays),
  });
}
