import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { followUps, memberContext, press, runCommand } from './fixtures/commandContext';
import { expectProblem, lines, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const BASE = 'Base case – Gradual outperformance, Fed-supported soft landing';
const BULL = 'Bull case – Small-cap catch-up and short squeeze';
const BEAR = 'Bear case – Growth scare and funding stress';

describe('/outlook', () => {
  test('GIVEN no scenario THEN base, bull and bear are one line each, in that order, each cited', async () => {
    const reply = await runCommand('outlook', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('Outlook: the scenarios analysts sketch');
    expect(lines(reply)[0]).toBe('**Outlook: 3 scenarios** · as of 7 Dec 2025');
    expect(lines(reply).slice(-3)).toEqual([`**${BASE}** [35]`, `**${BULL}** [36]`, `**${BEAR}** [37]`]);
    expect(replyText(reply)).not.toContain('A growth scare in 2026');
    expect(onlyEmbed(reply).footer).toBe(
      'Sources: [35] www.reuters.com · [36] www.ainvest.com · [37] www.marketwatch.com · Not investment advice',
    );
  });

  test('GIVEN Read more THEN all three are there in full, privately, with their sources', async () => {
    const reply = await runCommand('outlook', memberContext(store));
    const pages = await followUps('outlook', reply, memberContext(store));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((page) => page.ephemeral === true)).toBe(true);
    const text = pages.map(replyText).join('\n');
    expect(text).toContain('A growth scare in 2026');
    expect(text).toContain('The Fed cuts rates in December and again in 2026');
    const footers = pages.map((page) => onlyEmbed(page).footer).join(' · ');
    for (const source of ['[35] www.reuters.com', '[36] www.ainvest.com', '[37] www.marketwatch.com']) expect(footers).toContain(source);
  });

  test('GIVEN scenario:bear THEN only the bear case is shown, citing only its source', async () => {
    const reply = await runCommand('outlook', memberContext(store), { scenario: 'bear' });
    const embed = onlyEmbed(reply);
    expect(embed.title).toBe(`Outlook: ${BEAR}`);
    expect(embed.description).toContain('A growth scare in 2026');
    expect(embed.description).not.toContain(BASE);
    expect(embed.description).not.toContain(BULL);
    expect(embed.footer).toBe('Sources: [37] www.marketwatch.com · Not investment advice');
  });

  test('GIVEN scenario:BEAR in capitals THEN it is the same answer', async () => {
    expect(await runCommand('outlook', memberContext(store), { scenario: 'BEAR' })).toEqual(
      await runCommand('outlook', memberContext(store), { scenario: 'bear' }),
    );
  });

  test('GIVEN any answer THEN a menu offers each scenario, and choosing bull from it shows the bull case', async () => {
    const reply = await runCommand('outlook', memberContext(store));
    const select = (reply.components ?? []).flat().find((c) => c.kind === 'select');
    expect(select?.kind).toBe('select');
    if (select?.kind !== 'select') return;
    expect(select.options.map((o) => [o.value, o.label])).toEqual([
      ['base', BASE],
      ['bull', BULL],
      ['bear', BEAR],
    ]);
    const chosen = await press('outlook', select.customId, memberContext(store), ['bull']);
    expect(chosen.ephemeral).toBe(true);
    expect(onlyEmbed(chosen).title).toBe(`Outlook: ${BULL}`);
    expect(onlyEmbed(chosen).description).toContain('A clean soft landing');
  });

  test('GIVEN scenario:moon THEN it privately lists base, bull and bear', async () => {
    const reply = await runCommand('outlook', memberContext(store), { scenario: 'moon' });
    expectProblem(reply, 'There is no "moon" scenario', `base (${BASE})`, `bull (${BULL})`, `bear (${BEAR})`);
    expect(replyText(reply)).not.toContain('As of');
  });
});
