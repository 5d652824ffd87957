import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, field, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/earnings', () => {
  test('GIVEN the Q3 2025 season THEN growth 62.7% (about 58% ex-energy), beat rate 61.9% and revenue 3.6% (4.5% ex-energy) are shown', async () => {
    const reply = await runCommand('earnings', memberContext(store));
    expect(field(reply, 'Russell 2000 · Earnings growth, year on year').value).toContain('**about 62.7%** · Q3 2025 [25]');
    expect(field(reply, 'Russell 2000 · Earnings growth, year on year (Excluding energy)').value).toContain(
      '**around 58%** · Q3 2025 [25]',
    );
    expect(field(reply, 'Russell 2000 · Share beating EPS estimates').value).toContain('**roughly 61.9%** · Q3 2025 [25]');
    expect(field(reply, 'Russell 2000 · Revenue growth, year on year').value).toContain('**around 3.6%** · Q3 2025 [25]');
    expect(field(reply, 'Russell 2000 · Revenue growth, year on year (Excluding energy)').value).toContain('**4.5%** · Q3 2025 [25]');
  });

  test('GIVEN the answer THEN it cites the LSEG/Lipper dashboard and the commentary sources', async () => {
    const embed = onlyEmbed(await runCommand('earnings', memberContext(store)));
    expect(embed.title).toBe('Earnings');
    expect(embed.footer?.split('\n')[0]).toBe(
      'Sources: [25] lipperalpha.refinitiv.com · [26] www.thriventfunds.com · [27] www.lseg.com · Not investment advice',
    );
  });

  test('GIVEN an option /earnings does not have THEN it is refused privately', async () => {
    expectProblem(await runCommand('earnings', memberContext(store), { index: 'rut' }), 'index');
  });
});
