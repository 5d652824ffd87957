import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

async function titleFor(name: string, index: string): Promise<string> {
  const reply = await runCommand(name, memberContext(store), { index });
  expect(reply.ephemeral, `/${name} index:${index} was refused: ${reply.content}`).not.toBe(true);
  return onlyEmbed(reply).title;
}

describe('index names and aliases, as members type them', () => {
  test.each(['rut', 'r2k', 'iwm', 'russell', 'RUT', ' Russell-2000 ', 'russell 2000', 'small caps'])(
    'GIVEN /levels index:%j THEN it answers for the Russell 2000',
    async (index) => {
      expect(await titleFor('levels', index)).toBe('Russell 2000: levels');
    },
  );

  test.each(['spx', 's&p', 'S&P 500', 's&p500', 'sp-500'])('GIVEN /levels index:%j THEN it answers for the S&P 500', async (index) => {
    expect(await titleFor('levels', index)).toBe('S&P 500: levels');
  });

  test.each([
    ['levels', 'comp', 'Nasdaq Composite: levels'],
    ['levels', 'stoxx', 'STOXX Europe 600: levels'],
    ['levels', 'nikkei', 'Nikkei 225: levels'],
    ['levels', 'acwi', 'MSCI ACWI ex-USA: levels'],
    ['short-interest', 'ndx', 'Nasdaq-100: short interest'],
    ['short-interest', 'qqq', 'Nasdaq-100: short interest'],
    ['short-interest', 'iwm', 'Russell 2000: short interest'],
    ['short-interest', 'spx', 'S&P 500: short interest'],
    ['valuation', 'r2k', 'Russell 2000: valuation'],
    ['valuation', 's&p', 'S&P 500: valuation'],
  ])('GIVEN /%s index:%s THEN the answer is titled %j', async (name, index, title) => {
    expect(await titleFor(name, index)).toBe(title);
  });
});
