import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { lines, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/about', () => {
  test('GIVEN the shipped data THEN it says what is loaded: 1 snapshot of 7 Dec 2025, 50 figures from 42 sources', async () => {
    const reply = await runCommand('about', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('About Briefing Desk');
    expect(lines(reply)[0]).toBe('**Sourced market briefings** · 50 figures from 42 sources · as of 7 Dec 2025');
    expect(lines(reply)).toContain(
      '**Loaded:** 1 snapshot (2025-12-07). The latest is "Russell 2000 vs world indices, 5–7 December 2025".',
    );
  });

  test('GIVEN any reader THEN it says the numbers are not live data and not investment advice', async () => {
    const embed = onlyEmbed(await runCommand('about', memberContext(store)));
    expect(embed.description).toContain('nothing is live market data, and none of it is a recommendation to buy or sell');
    expect(embed.footer).toBe('Not investment advice');
  });

  test('GIVEN the commands are synced THEN each one named is a Discord command mention; in the console, /name', async () => {
    const ids = new Map([
      ['levels', '1300000000000000001'],
      ['recaps', '1300000000000000002'],
    ]);
    const synced = lines(await runCommand('about', memberContext(store, { commandIds: ids }))).find((l) => l.startsWith('**Ask:**'));
    expect(synced).toContain('</levels:1300000000000000001>');
    expect(synced).toContain('Moderators: </recaps:1300000000000000002>');
    expect(synced).toContain('/valuation');
    const local = lines(await runCommand('about', memberContext(store))).find((l) => l.startsWith('**Ask:**'));
    expect(local).toBe(
      '**Ask:** /brief · /levels · /short-interest · /valuation · /earnings · /macro · /technicals · /outlook · /world · /recap · /history · /sources. Moderators: /recaps. Data moderators: /data.',
    );
  });
});
