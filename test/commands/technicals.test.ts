import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, lines, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/technicals', () => {
  test('GIVEN the 6 Dec scans THEN the futures oscillators read "strong sell" while MACD is constructive and Stochastic RSI oversold, on one line', async () => {
    const reply = await runCommand('technicals', memberContext(store));
    expect(lines(reply)).toContain(
      'Technical signal · 6 Dec 2025: Russell 2000 futures (December 2025): Oscillator consensus **strong sell** — A basket of commonly used oscillators · MACD and Ultimate Oscillator **constructive** each · Stochastic RSI **oversold** [33]',
    );
  });

  test('GIVEN the market and seasonality THEN "overbought" and a lower week to 12 Dec lead, each dated, and the commentary is behind Read more', async () => {
    const reply = await runCommand('technicals', memberContext(store));
    expect(lines(reply)[0]).toBe(
      '**Technicals** · market: overbought (6 Dec 2025) · seasonal forecast: lower (8–12 Dec 2025) · Russell 2000: notable relative strength (6 Dec 2025) · as of 7 Dec 2025 [11][13][34]',
    );
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [11] talkmarkets.com · [13] traderlion.com · [32] talkmarkets.com · [33] www.investing.com · [34] talkmarkets.com · Not investment advice',
    );
    const more = onlyEmbed(await press('technicals', button(reply, 'Read more').customId, memberContext(store)));
    expect(more.description).toContain('**Seasonality:**');
  });
});
