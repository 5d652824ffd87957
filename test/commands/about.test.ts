import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/about', () => {
  test('GIVEN the shipped data THEN it says what is loaded: 1 snapshot of 7 Dec 2025, 50 figures from 42 sources', async () => {
    const embed = onlyEmbed(await runCommand('about', memberContext(store)));
    expect(embed.title).toBe('About Briefing Desk');
    expect(embed.description).toContain(
      '**Loaded:** 1 snapshot (2025-12-07). The latest, "Russell 2000 vs world indices, 5–7 December 2025", holds 50 figures from 42 sources.',
    );
  });

  test('GIVEN any reader THEN it says the numbers are not live data and not investment advice', async () => {
    const embed = onlyEmbed(await runCommand('about', memberContext(store)));
    expect(embed.description).toContain('nothing is live market data');
    expect(embed.description).toContain('not investment advice');
    expect(embed.footer?.split('\n')[0]).toBe('Not investment advice');
  });
});
