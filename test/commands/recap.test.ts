import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/recap', () => {
  test('GIVEN no date THEN the weekly recap tells the week and then each day from 5 to 7 Dec, in order', async () => {
    const embed = onlyEmbed(await runCommand('recap', memberContext(store)));
    expect(embed.title).toBe("Weekly recap: Still near highs despite Friday's dip");
    const description = embed.description ?? '';
    expect(description).toContain('the Russell 2000 slipped 0.4% to 2,521.48');
    expect(description).toContain('up about 0.8% for the week, following a 5.5% surge');
    const days = ['5 Dec 2025: Data-driven rally fades', '6 Dec 2025: Weekend technical warnings', '7 Dec 2025: Sentiment peaks'].map((d) =>
      description.indexOf(d),
    );
    expect(days.every((i) => i > 0)).toBe(true);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
  });

  test('GIVEN no date THEN the footer cites the week and every day, from [1] apnews and Reuters to [18]', async () => {
    const footer = onlyEmbed(await runCommand('recap', memberContext(store))).footer ?? '';
    const cited = [...footer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(cited).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  test('GIVEN date:2025-12-06 THEN that Saturday alone is told, citing [11], [12] and [13]', async () => {
    const embed = onlyEmbed(await runCommand('recap', memberContext(store), { date: '2025-12-06' }));
    expect(embed.title).toBe('Recap 6 Dec 2025: Weekend technical warnings and seasonality');
    expect(embed.description).toContain('closed at a new all-time high on Thursday, 4 December');
    expect(embed.description).not.toContain('slipped 0.4%');
    expect(embed.footer?.split('\n')[0]).toBe(
      'Sources: [11] talkmarkets.com · [12] www.investrade.com · [13] traderlion.com · Not investment advice',
    );
  });

  test('GIVEN date:2025-12-01, a day without a recap THEN it privately lists the days that have one', async () => {
    expectProblem(
      await runCommand('recap', memberContext(store), { date: '2025-12-01' }),
      'There is no recap for 2025-12-01',
      '2025-12-05, 2025-12-06, 2025-12-07',
    );
  });

  test('GIVEN date:last-friday THEN it asks for YYYY-MM-DD', async () => {
    expectProblem(await runCommand('recap', memberContext(store), { date: 'last-friday' }), 'YYYY-MM-DD');
  });
});
