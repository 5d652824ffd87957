import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { lines, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/world', () => {
  test("GIVEN world indices THEN the first line has STOXX 600's modest gains, the Nikkei slipping and ACWI ex-USA up close to 30%", async () => {
    const reply = await runCommand('world', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('Small caps and world indices');
    expect(lines(reply)[0]).toBe(
      '**World indices, 1–5 Dec 2025** · MSCI global equity gauge modest gains · STOXX Europe 600 modest gains · Nikkei 225 slipped · MSCI ACWI ex-USA close to 30% year to date (2025) · as of 7 Dec 2025 [15][22]',
    );
  });

  test('GIVEN the revenue mix THEN about 20% of Russell 2000 revenue comes from abroad against roughly 40% for the Russell 1000, on one line', async () => {
    const reply = await runCommand('world', memberContext(store));
    expect(lines(reply)).toContain('Revenue from outside the U.S. · 2025: Russell 2000 **around 20%** · Russell 1000 **roughly 40%** [19]');
    expect(lines(reply)).toContain('Sector weight · 2025: Russell 2000: Industrials, Financials and Healthcare **near 15–20%** each [24]');
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [15] www.reuters.com · [19] www.lseg.com · [20] www.lseg.com · [22] www.thriventfunds.com · [23] www.ft.com · [24] www.lseg.com · Not investment advice',
    );
  });
});
