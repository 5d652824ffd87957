import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, expectProblem, lines, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const shortInterest = (options: Record<string, string> = {}) => runCommand('short-interest', memberContext(store), options);

describe('/short-interest', () => {
  test('GIVEN no index THEN the first line puts the Russell 2000 median 5.5% beside 2.5% for the Nasdaq-100 and 2.4% for the S&P 500', async () => {
    const reply = await shortInterest();
    expect(onlyEmbed(reply).title).toBe('Short interest by index');
    expect(lines(reply)[0]).toBe(
      '**Short interest** · Russell 2000 around 5.5% · Nasdaq-100 about 2.5% · S&P 500 2.4% · as of 7 Dec 2025 [16][31]',
    );
  });

  test('GIVEN no index THEN the S&P 500 seven-year high is shown, the commentary is behind Read more, all cited from blockchain.news', async () => {
    const reply = await shortInterest();
    expect(lines(reply)).toContain(
      'Short interest level · 7 Dec 2025: S&P 500 **seven-year high** [31] · Russell 2000 **multi-year highs** — Russell 2000 constituents [41]',
    );
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [16] blockchain.news · [31] blockchain.news · [41] blockchain.news · Not investment advice',
    );
    expect(replyText(reply)).not.toContain('S&P 500 short interest itself is at a seven-year high');
    const more = await press('short-interest', button(reply, 'Read more').customId, memberContext(store));
    expect(more.ephemeral).toBe(true);
    expect(onlyEmbed(more).description).toContain('S&P 500 short interest itself is at a seven-year high');
  });

  test('GIVEN the Details button THEN the median-constituent basis of the 5.5% is there', async () => {
    const reply = await shortInterest();
    const details = await press('short-interest', button(reply, 'Details').customId, memberContext(store));
    expect(replyText(details)).toContain(
      '- Russell 2000 · Short interest: **around 5.5%** — Median constituent, % of market cap · 7 Dec 2025 [16][31] — *The highest among major indices*',
    );
  });

  test('GIVEN index:ndx THEN only the Nasdaq-100 figure is shown, without the general commentary', async () => {
    const reply = await shortInterest({ index: 'ndx' });
    expect(onlyEmbed(reply).title).toBe('Nasdaq-100: short interest');
    expect(lines(reply)[0]).toBe('**Nasdaq-100** · about 2.5% short interest · as of 7 Dec 2025 [16][31]');
    expect(replyText(reply)).not.toContain('5.5%');
    expect(replyText(reply)).not.toContain('Read more');
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
