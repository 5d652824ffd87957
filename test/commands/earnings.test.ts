import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, expectProblem, lines, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/earnings', () => {
  test('GIVEN the Q3 2025 season THEN growth 62.7%, beat rate 61.9% and revenue 3.6% lead, the ex-energy figures follow', async () => {
    const reply = await runCommand('earnings', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('Russell 2000: earnings');
    expect(lines(reply)[0]).toBe(
      '**Russell 2000** · Q3 2025 · about 62.7% earnings growth · roughly 61.9% beat EPS estimates · around 3.6% revenue growth · as of 7 Dec 2025 [25]',
    );
    expect(lines(reply)).toContain('Earnings growth, year on year · Q3 2025: Excluding energy **around 58%** [25]');
    expect(lines(reply)).toContain(
      'Revenue growth, year on year · Q3 2025: Excluding energy **4.5%** — Year on year (LSEG/Lipper dashboard) [25]',
    );
  });

  test('GIVEN the answer THEN it cites the LSEG/Lipper dashboard and the commentary sources behind Read more', async () => {
    const reply = await runCommand('earnings', memberContext(store));
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [25] lipperalpha.refinitiv.com · [26] www.thriventfunds.com · [27] www.lseg.com · Not investment advice',
    );
    const more = onlyEmbed(await press('earnings', button(reply, 'Read more').customId, memberContext(store)));
    expect(more.description).toContain('interest expense remains a key swing factor');
  });

  test('GIVEN an option /earnings does not have THEN it is refused privately', async () => {
    expectProblem(await runCommand('earnings', memberContext(store), { index: 'rut' }), 'index');
  });
});
