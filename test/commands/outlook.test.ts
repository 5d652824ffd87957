import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { command, memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const BASE = 'Base case – Gradual outperformance, Fed-supported soft landing';
const BULL = 'Bull case – Small-cap catch-up and short squeeze';
const BEAR = 'Bear case – Growth scare and funding stress';

describe('/outlook', () => {
  test('GIVEN no scenario THEN base, bull and bear are all shown in that order, each cited', async () => {
    const embed = onlyEmbed(await runCommand('outlook', memberContext(store)));
    expect(embed.title).toBe('Outlook: the scenarios analysts sketch');
    const description = embed.description ?? '';
    const at = [BASE, BULL, BEAR].map((title) => description.indexOf(title));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(embed.footer?.split('\n')[0]).toBe(
      'Sources: [35] www.reuters.com · [36] www.ainvest.com · [37] www.marketwatch.com · Not investment advice',
    );
  });

  test('GIVEN scenario:bear THEN only the bear case is shown, citing only its source', async () => {
    const reply = await runCommand('outlook', memberContext(store), { scenario: 'bear' });
    const embed = onlyEmbed(reply);
    expect(embed.title).toBe(`Outlook: ${BEAR}`);
    expect(embed.description).toContain('A growth scare in 2026');
    expect(embed.description).not.toContain(BASE);
    expect(embed.description).not.toContain(BULL);
    expect(embed.footer?.split('\n')[0]).toBe('Sources: [37] www.marketwatch.com · Not investment advice');
  });

  test('GIVEN scenario:BEAR in capitals THEN it is the same answer', async () => {
    expect(await runCommand('outlook', memberContext(store), { scenario: 'BEAR' })).toEqual(
      await runCommand('outlook', memberContext(store), { scenario: 'bear' }),
    );
  });

  test('GIVEN any answer THEN a menu offers each scenario, and choosing bull from it shows the bull case', async () => {
    const reply = await runCommand('outlook', memberContext(store));
    const [select] = reply.components?.[0] ?? [];
    expect(select?.kind).toBe('select');
    if (select?.kind !== 'select') return;
    expect(select.options.map((o) => [o.value, o.label])).toEqual([
      ['base', BASE],
      ['bull', BULL],
      ['bear', BEAR],
    ]);
    const chosen = await command('outlook').component!(select.customId, ['bull'], memberContext(store));
    expect(onlyEmbed(chosen).title).toBe(`Outlook: ${BULL}`);
  });

  test('GIVEN scenario:moon THEN it privately lists base, bull and bear', async () => {
    const reply = await runCommand('outlook', memberContext(store), { scenario: 'moon' });
    expectProblem(reply, 'There is no "moon" scenario', `base (${BASE})`, `bull (${BULL})`, `bear (${BEAR})`);
    expect(replyText(reply)).not.toContain('As of');
  });
});
