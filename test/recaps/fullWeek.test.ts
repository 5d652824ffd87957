import { beforeAll, describe, expect, test } from 'vitest';
import { findFigures } from '../../src/facts/findFigures';
import type { Snapshot } from '../../src/facts/snapshot';
import { fullWeekPage, parseFullWeekId } from '../../src/recaps/fullWeek';
import { fitReply } from '../../src/render/fitReply';
import { formatFigureLine } from '../../src/render/formatFigureLine';
import type { Reply } from '../../src/reply';
import { everywhere, hostileSnapshot } from '../commands/fixtures/hostileSnapshot';
import { loadShippedStore, STALE_AFTER_DAYS, STALE_NOW } from '../commands/fixtures/shippedStore';
import { limitViolations } from '../render/limitViolations';

/** Every page of the full week, following each page's Next button as a member would. */
function readAll(snapshot: Snapshot): Reply[] {
  const pages = [fullWeekPage(snapshot, 1, STALE_NOW, STALE_AFTER_DAYS)];
  for (;;) {
    const next = pages
      .at(-1)!
      .components?.flat()
      .find((c) => c.kind === 'button' && c.label === 'Next');
    if (next === undefined || pages.length > 1000) return pages;
    pages.push(fullWeekPage(snapshot, parseFullWeekId(next.customId)!.page, STALE_NOW, STALE_AFTER_DAYS));
  }
}

const textOf = (pages: readonly Reply[]): string => pages.map((p) => p.embeds![0]!.description ?? '').join('\n\n');

describe('the full week behind "Read the full week"', () => {
  let snapshot: Snapshot;
  let pages: Reply[];
  beforeAll(async () => {
    snapshot = (await loadShippedStore()).latest();
    pages = readAll(snapshot);
  });

  test('GIVEN the shipped week THEN each page is one private message within every limit, dated above its text', () => {
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.ephemeral).toBe(true);
      const sent = fitReply(page);
      expect(sent).toHaveLength(1);
      expect(limitViolations(sent[0]!)).toEqual([]);
      expect(page.embeds![0]!.description).toMatch(/^⚠️ Data of 7 Dec 2025, about 11 months old: not today's market\.\n\n/);
    }
  });

  test('GIVEN the figures the card summarises THEN every one of them is in the full week, with its sources', () => {
    const text = textOf(pages);
    const subjects = new Map(snapshot.subjects.map((s) => [s.id, s]));
    const figures = [
      ...findFigures(snapshot, { topic: 'levels', subject: 'russell-2000' }),
      ...findFigures(snapshot, { topic: 'short-interest' }),
      ...findFigures(snapshot, { topic: 'valuation' }),
      ...findFigures(snapshot, { topic: 'technicals' }),
    ];
    expect(figures.length).toBeGreaterThan(20);
    for (const figure of figures) expect(text).toContain(formatFigureLine(figure, subjects));
  });

  test('GIVEN the narrative THEN every paragraph of the week, the days, the catalysts and the scenarios is told', () => {
    const text = textOf(pages);
    for (const entry of snapshot.narrative.filter((e) => e.topic !== 'takeaways' && (e.topic !== 'commentary' || e.key === 'catalysts'))) {
      const firstWords = entry.markdown
        .split('\n')
        .find((l) => /^[A-Z]/.test(l))
        ?.slice(0, 40);
      if (firstWords !== undefined) expect(text, entry.key).toContain(firstWords);
    }
  });

  test('GIVEN a page number past the end THEN the last page is shown', () => {
    const last = fullWeekPage(snapshot, 999, STALE_NOW, STALE_AFTER_DAYS);
    expect(last.embeds![0]!.title).toBe(pages.at(-1)!.embeds![0]!.title);
  });

  test('GIVEN a 100,000-character word in the narrative THEN the pages together keep every character, each page sent within the limits', () => {
    const word = 'w'.repeat(100_000);
    const started = performance.now();
    const hostile = readAll(hostileSnapshot({ ...everywhere('x'), narrative: `Before ${word} after.` }));
    expect(performance.now() - started).toBeLessThan(1000);
    for (const page of hostile) {
      const sent = fitReply(page);
      expect(sent).toHaveLength(1);
      expect(limitViolations(sent[0]!)).toEqual([]);
    }
    // The week, the day, the catalysts and two scenarios each tell it.
    expect(textOf(hostile).split('w').length - 1).toBeGreaterThanOrEqual(5 * 100_000);
  });
});
