import { beforeAll, describe, expect, test } from 'vitest';
import type { Figure, Snapshot } from '../../src/facts/snapshot';
import { composeRecap } from '../../src/recaps/composeRecap';
import { fitReply } from '../../src/render/fitReply';
import type { Reply, ReplyEmbed } from '../../src/reply';
import { everywhere, hostileSnapshot } from '../commands/fixtures/hostileSnapshot';
import { loadShippedStore, STALE_AFTER_DAYS, STALE_NOW } from '../commands/fixtures/shippedStore';
import { limitViolations } from '../render/limitViolations';

let snapshot: Snapshot;
let card: Reply;
let embed: ReplyEmbed;
beforeAll(async () => {
  snapshot = (await loadShippedStore()).latest();
  card = composeRecap(snapshot, STALE_NOW, STALE_AFTER_DAYS);
  embed = card.embeds![0]!;
});

/** What Discord shows of a message before its buttons: titles, descriptions, field names and values, footers. */
function visibleLength(reply: Reply): number {
  return (reply.embeds ?? []).reduce(
    (sum, e) =>
      sum +
      e.title.length +
      (e.description?.length ?? 0) +
      (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0) +
      (e.footer?.length ?? 0),
    (reply.content ?? '').length,
  );
}

function field(name: string): string {
  const found = embed.fields?.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no field "${name}"`);
  return found.value;
}

/** The ends of a figure's value: a number, or both ends of a range; none for a word. */
function ends(figure: Figure): number[] {
  const { value } = figure;
  if (typeof value === 'number') return [value];
  return 'word' in value ? [] : [value.low, value.high];
}

/** `2,521.48`, `−0.4%`, `about +0.8%`, `20–30%`, `23x`: the numbers a line states as figures (not dates or counts). */
const STATED = /([−+]?\d[\d,]*(?:\.\d+)?)(?:–(\d[\d,]*(?:\.\d+)?))?(%|x\b| bp)/g;
const LEVEL = /\d{1,3}(?:,\d{3})+\.\d+/g;

function numbersIn(line: string): number[] {
  const parse = (text: string) => Number(text.replace(/,/g, '').replace('−', '-'));
  const stated = [...line.matchAll(STATED)].flatMap((m) => [parse(m[1]!), ...(m[2] === undefined ? [] : [parse(m[2])])]);
  return [...stated, ...[...line.matchAll(LEVEL)].map((m) => parse(m[0]))];
}

describe('the weekly recap card on the shipped data', () => {
  test('GIVEN the week THEN it is one message, within 2,000 characters before its button', () => {
    expect(fitReply(card)).toHaveLength(1);
    expect(limitViolations(fitReply(card)[0]!)).toEqual([]);
    expect(visibleLength(card)).toBeLessThanOrEqual(2000);
  });

  test('GIVEN every number the card states THEN a figure of the snapshot has it, citing a source the same line cites', () => {
    const lines = [embed.description ?? '', ...(embed.fields ?? []).map((f) => f.value.replace(/\n(?!\*\*|•)/g, ' '))].flatMap((t) =>
      t.split('\n'),
    );
    let checked = 0;
    for (const line of lines) {
      const cites = new Set([...line.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
      for (const n of numbersIn(line)) {
        checked += 1;
        const backed = snapshot.figures.some((f) => ends(f).includes(n) && f.sources.some((s) => cites.has(s)));
        expect(backed, `${n} in "${line}"`).toBe(true);
      }
    }
    // The close, the two moves, three short interests, the discount spread's ends and the forward P/E at least.
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  test('GIVEN the footer THEN it names every source the card cites, once, and nothing else', () => {
    const shown = new Set((embed.fields ?? []).flatMap((f) => [...f.value.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))));
    const named = [...(embed.footer ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(new Set(named)).toEqual(shown);
    expect(named).toHaveLength(shown.size);
    expect(embed.footer).toMatch(/ · Not investment advice$/);
  });

  test('GIVEN the week THEN it has a line per day, positioning, valuation as one spread, the catalysts and a line per scenario', () => {
    expect(field('Day by day').split('\n')).toEqual([
      '**5 Dec 2025**: Data-driven rally fades into a small-cap dip · −0.4% [3]',
      '**6 Dec 2025**: Weekend technical warnings and seasonality',
      '**7 Dec 2025**: Sentiment peaks, short interest surges',
    ]);
    expect(field('Positioning')).toBe(
      'Short interest: Russell 2000 around 5.5% · Nasdaq-100 about 2.5% · S&P 500 2.4% (7 Dec 2025) [16][31]',
    );
    expect(field('Valuation')).toContain('Valuation discount 20–30% across 4 estimates');
    expect(field('Valuation')).toContain('vs Russell Top 200, U.S. large caps, S&P 500) [20][21][28][39]');
    expect(field('Next week').split('\n')).toEqual([
      "• The Fed's December meeting [1][7]",
      '• Weak seasonality into Friday, 12 December [11][34]',
      '• Crowded positioning [41]',
      '• Global cross-currents [42]',
    ]);
    expect(field('Scenarios').split('\n')).toHaveLength(3);
  });

  test('GIVEN the card THEN its one button reads the full week from page 1 of this snapshot', () => {
    expect(card.components).toEqual([
      [{ kind: 'button', customId: 'recap:week:2025-12-07:1', label: 'Read the full week', style: 'primary' }],
    ]);
  });
});

describe('the weekly recap card on hostile data', () => {
  test.each([
    ['5,000-character text in every field', everywhere('x'.repeat(5000))],
    ['long words with Markdown and mentions', everywhere('**loud** <@123456789012345678> @everyone '.repeat(200))],
  ])('GIVEN %s THEN it is still one message within every limit', (_name, text) => {
    const parts = fitReply(composeRecap(hostileSnapshot(text), STALE_NOW, STALE_AFTER_DAYS));
    expect(parts).toHaveLength(1);
    expect(limitViolations(parts[0]!)).toEqual([]);
  });
});
