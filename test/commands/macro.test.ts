import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { field, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/macro', () => {
  test('GIVEN September core PCE THEN 0.3% month on month and 2.8% year on year are shown, dated Sep 2025', async () => {
    const reply = await runCommand('macro', memberContext(store));
    expect(field(reply, 'U.S. economy · Core PCE, month on month').value).toContain('**0.3%** · Sep 2025 [6]');
    expect(field(reply, 'U.S. economy · Core PCE, year on year').value).toContain('**2.8%** · Sep 2025 [6]');
  });

  test('GIVEN the Fed outlook THEN the 87–90% cut probability and the 25 bp cut are shown with Reuters as source', async () => {
    const reply = await runCommand('macro', memberContext(store));
    expect(field(reply, 'Federal Reserve · Implied probability of a rate cut').value).toContain(
      '**close to 87–90%** · 5 Dec 2025 [7]\nFed funds futures',
    );
    expect(field(reply, 'Federal Reserve · Expected rate cut').value).toContain('**25 bp** · Dec 2025 [7]');
    expect(onlyEmbed(reply).footer?.split('\n')[0]).toBe(
      'Sources: [6] www.reuters.com · [7] www.reuters.com · [18] www.thriventfunds.com · [27] www.lseg.com · Not investment advice',
    );
  });
});
