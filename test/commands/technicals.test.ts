import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { field, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/technicals', () => {
  test('GIVEN the 6 Dec scans THEN the futures oscillators read "strong sell" while MACD is constructive and Stochastic RSI oversold', async () => {
    const reply = await runCommand('technicals', memberContext(store));
    expect(field(reply, 'Russell 2000 futures (December 2025) · Technical signal (Oscillator consensus)').value).toContain(
      '**strong sell** · 6 Dec 2025 [33]',
    );
    expect(field(reply, 'Russell 2000 futures (December 2025) · Technical signal (MACD)').value).toContain('**constructive**');
    expect(field(reply, 'Russell 2000 futures (December 2025) · Technical signal (Stochastic RSI)').value).toContain('**oversold**');
  });

  test('GIVEN the market and seasonality THEN "overbought" and a lower week to 12 Dec are shown, each with its source', async () => {
    const reply = await runCommand('technicals', memberContext(store));
    expect(field(reply, 'U.S. stock market · Market condition').value).toContain('**overbought** · 6 Dec 2025 [11]');
    expect(field(reply, 'U.S. stock market · Seasonal forecast').value).toContain('**lower** · 8–12 Dec 2025 [11][34]');
    expect(onlyEmbed(reply).description).toContain('**Seasonality:**');
    expect(onlyEmbed(reply).footer?.split('\n')[0]).toBe(
      'Sources: [11] talkmarkets.com · [13] traderlion.com · [32] talkmarkets.com · [33] www.investing.com · [34] talkmarkets.com · Not investment advice',
    );
  });
});
