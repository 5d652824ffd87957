import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, lines, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/macro', () => {
  test('GIVEN the Fed outlook and September core PCE THEN the first line gives the 87–90% odds, the 25 bp cut and 2.8% core PCE, each dated', async () => {
    const reply = await runCommand('macro', memberContext(store));
    expect(lines(reply)[0]).toBe(
      '**Fed and inflation** · close to 87–90% odds of a Fed cut (5 Dec 2025) · 25 bp expected cut (Dec 2025) · 2.8% core PCE year on year (Sep 2025) · as of 7 Dec 2025 [6][7]',
    );
    expect(lines(reply)).toContain('Core PCE, month on month · Sep 2025: U.S. economy **0.3%** [6]');
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [6] www.reuters.com · [7] www.reuters.com · [18] www.thriventfunds.com · [27] www.lseg.com · Not investment advice',
    );
  });

  test('GIVEN the Details button THEN the odds say they come from Fed funds futures', async () => {
    const reply = await runCommand('macro', memberContext(store));
    const details = await press('macro', button(reply, 'Details').customId, memberContext(store));
    expect(replyText(details)).toContain(
      "- Federal Reserve · Implied probability of a rate cut: **close to 87–90%** — Fed funds futures · 5 Dec 2025 [7] — *Probability of a cut at the Fed's December meeting*",
    );
  });
});
