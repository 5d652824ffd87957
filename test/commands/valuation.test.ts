import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, expectProblem, lines, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const valuation = (options: Record<string, string> = {}) => runCommand('valuation', memberContext(store), options);

describe('/valuation', () => {
  test('GIVEN four near-identical discounts THEN the first line sums them up as one spread to quote', async () => {
    expect(lines(await valuation())[0]).toBe(
      '**Small caps: valuation discount 20–30% across 4 estimates** · near 23x forward P/E (6–7 Dec 2025) · as of 7 Dec 2025 [28]',
    );
  });

  test('GIVEN no index THEN every discount is still listed with what it is measured against', async () => {
    expect(lines(await valuation())).toEqual(
      expect.arrayContaining([
        'Valuation discount · Sep 2025: Russell 2000 **about 30%** vs Russell Top 200 — 1-year forward P/E [20]',
        'Valuation discount · 2024–2025: U.S. small caps **25–30%** vs U.S. large caps [21]',
        'Valuation discount · 6–7 Dec 2025: U.S. small caps **roughly 20–30%** vs S&P 500 — Depending on the metric and dataset used [28]',
        'Valuation discount · 5–7 Dec 2025: U.S. small caps **20–30%** vs U.S. large caps — Forward P/E [39]',
      ]),
    );
  });

  test('GIVEN no index THEN the bullish and skeptical readings are behind Read more, with their sources in the footer', async () => {
    const reply = await valuation();
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [20] www.lseg.com · [21] seekingalpha.com · [28] www.ainvest.com · [29] www.ainvest.com · [30] www.marketwatch.com · [39] www.lseg.com · Not investment advice',
    );
    const more = onlyEmbed(await press('valuation', button(reply, 'Read more').customId, memberContext(store)));
    expect(more.description).toContain('**Bullish interpretation:**');
    expect(more.description).toContain('**Skeptical interpretation:**');
    expect(more.footer).toContain('[29] www.ainvest.com · [30] www.marketwatch.com');
  });

  test('GIVEN index:spx THEN the S&P 500 forward P/E and the discount measured against it are shown', async () => {
    const reply = await valuation({ index: 'spx' });
    expect(onlyEmbed(reply).title).toBe('S&P 500: valuation');
    expect(lines(reply)[0]).toBe('**S&P 500** · near 23x forward P/E (6–7 Dec 2025) · as of 7 Dec 2025 [28]');
    expect(lines(reply)).toContain(
      'Valuation discount · 6–7 Dec 2025: U.S. small caps **roughly 20–30%** vs S&P 500 — Depending on the metric and dataset used [28]',
    );
  });

  test('GIVEN index:"top 200", only a benchmark of a discount THEN the discount against it is answered', async () => {
    const reply = await valuation({ index: 'top 200' });
    expect(onlyEmbed(reply).title).toBe('Russell Top 200: valuation');
    expect(lines(reply)).toContain(
      'Valuation discount · Sep 2025: Russell 2000 **about 30%** vs Russell Top 200 — 1-year forward P/E [20]',
    );
  });

  test('GIVEN index:ndx, without valuation figures THEN it privately lists the indices that have them', async () => {
    expectProblem(await valuation({ index: 'ndx' }), 'no valuation figures for Nasdaq-100', 'Russell 2000', 'S&P 500', 'Russell Top 200');
  });
});
