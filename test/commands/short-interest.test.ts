import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, field, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const shortInterest = (options: Record<string, string> = {}) => runCommand('short-interest', memberContext(store), options);

describe('/short-interest', () => {
  test('GIVEN no index THEN the Russell 2000 median 5.5% stands against 2.5% for the Nasdaq-100 and 2.4% for the S&P 500', async () => {
    const reply = await shortInterest();
    expect(onlyEmbed(reply).title).toBe('Short interest');
    expect(field(reply, 'Russell 2000 · Short interest').value).toContain(
      '**around 5.5%** · 7 Dec 2025 [16][31]\nMedian constituent, % of market cap',
    );
    expect(field(reply, 'Nasdaq-100 · Short interest').value).toContain('**about 2.5%**');
    expect(field(reply, 'S&P 500 · Short interest').value).toContain('**2.4%** · 7 Dec 2025');
  });

  test('GIVEN no index THEN the S&P 500 seven-year high and the commentary are there, cited from blockchain.news', async () => {
    const reply = await shortInterest();
    expect(field(reply, 'S&P 500 · Short interest level').value).toBe('**seven-year high** · 7 Dec 2025 [31]');
    expect(field(reply, 'Russell 2000 · Short interest level').value).toContain('**multi-year highs**');
    expect(onlyEmbed(reply).description).toContain('S&P 500 short interest itself is at a seven-year high');
    expect(onlyEmbed(reply).footer?.split('\n')[0]).toBe(
      'Sources: [16] blockchain.news · [31] blockchain.news · [41] blockchain.news · Not investment advice',
    );
  });

  test('GIVEN index:ndx THEN only the Nasdaq-100 figure is shown, without the general commentary', async () => {
    const reply = await shortInterest({ index: 'ndx' });
    expect(onlyEmbed(reply).title).toBe('Short interest: Nasdaq-100');
    expect((onlyEmbed(reply).fields ?? []).map((f) => f.name)).toEqual(['Nasdaq-100 · Short interest']);
    expect(replyText(reply)).not.toContain('5.5%');
  });

  test('GIVEN index:foo THEN it privately lists the indices with short-interest figures', async () => {
    expectProblem(
      await shortInterest({ index: 'foo' }),
      'I don\'t know an index called "foo"',
      'Short interest is available for: Russell 2000',
      'S&P 500',
      'Nasdaq-100',
    );
  });

  test('GIVEN index:stoxx, an index without short-interest figures THEN it says so and lists those that have them', async () => {
    expectProblem(
      await shortInterest({ index: 'stoxx' }),
      'no short interest figures for STOXX Europe 600',
      'Nasdaq-100 (ndx, qqq, nasdaq 100)',
    );
  });
});
