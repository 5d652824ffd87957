import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const valuation = (options: Record<string, string> = {}) => runCommand('valuation', memberContext(store), options);

describe('/valuation', () => {
  test('GIVEN no index THEN every discount says what it is measured against, and the S&P 500 sits near 23x', async () => {
    const values = (onlyEmbed(await valuation()).fields ?? []).map((f) => f.value);
    expect(values).toEqual([
      expect.stringContaining('**about 30%** · Sep 2025 [20]\nvs Russell Top 200, 1-year forward P/E'),
      expect.stringContaining('**25–30%** · 2024–2025 [21]\nvs U.S. large caps'),
      expect.stringContaining('**roughly 20–30%** · 6–7 Dec 2025 [28]\nvs S&P 500, Depending on the metric and dataset used'),
      expect.stringContaining('**near 23x** · 6–7 Dec 2025 [28]\nForward earnings'),
      expect.stringContaining('**20–30%** · 5–7 Dec 2025 [39]\nvs U.S. large caps, Forward P/E'),
    ]);
  });

  test('GIVEN no index THEN the bullish and skeptical readings of the discount are shown with their sources', async () => {
    const embed = onlyEmbed(await valuation());
    expect(embed.description).toContain('**Bullish interpretation:**');
    expect(embed.description).toContain('**Skeptical interpretation:**');
    expect(embed.footer?.split('\n')[0]).toBe(
      'Sources: [20] www.lseg.com · [21] seekingalpha.com · [28] www.ainvest.com · [29] www.ainvest.com · [30] www.marketwatch.com · [39] www.lseg.com · Not investment advice',
    );
  });

  test('GIVEN index:spx THEN the S&P 500 forward P/E and the discount measured against it are shown', async () => {
    const embed = onlyEmbed(await valuation({ index: 'spx' }));
    expect(embed.title).toBe('Valuation: S&P 500');
    expect((embed.fields ?? []).map((f) => f.name)).toEqual(['U.S. small caps · Valuation discount', 'S&P 500 · Forward P/E']);
  });

  test('GIVEN index:"top 200", only a benchmark of a discount THEN the discount against it is answered', async () => {
    const embed = onlyEmbed(await valuation({ index: 'top 200' }));
    expect(embed.title).toBe('Valuation: Russell Top 200');
    expect(embed.fields?.[0]?.value).toContain('**about 30%** · Sep 2025 [20]\nvs Russell Top 200');
  });

  test('GIVEN index:ndx, without valuation figures THEN it privately lists the indices that have them', async () => {
    expectProblem(await valuation({ index: 'ndx' }), 'no valuation figures for Nasdaq-100', 'Russell 2000', 'S&P 500', 'Russell Top 200');
  });
});
