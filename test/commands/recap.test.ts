import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import type { Reply } from '../../src/reply';
import { command, memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

/** /recap's first page, then each page its Next button opens, as a member would read them. */
async function allPages(): Promise<Reply[]> {
  const pages = [await runCommand('recap', memberContext(store))];
  for (;;) {
    const next = pages
      .at(-1)!
      .components?.flat()
      .find((c) => c.kind === 'button' && c.label === 'Next');
    if (next === undefined || pages.length > 20) return pages;
    pages.push(await command('recap').component!(next.customId, [], memberContext(store)));
  }
}

describe('/recap', () => {
  test('GIVEN no date THEN the first page of the full week is shown in the channel, the week first, with Next to page 2', async () => {
    const reply = await runCommand('recap', memberContext(store));
    expect(reply.ephemeral).toBe(false);
    const embed = onlyEmbed(reply);
    expect(embed.title).toMatch(/^The full week: Still near highs despite Friday's dip \(page 1 of \d+\)$/);
    expect(embed.description).toContain('the Russell 2000 slipped 0.4% to 2,521.48');
    expect(embed.description).toContain('up about 0.8% for the week, following a 5.5% surge');
    expect(reply.components?.flat()).toEqual([{ kind: 'button', customId: 'recap:week:2025-12-07:2', label: 'Next', style: 'secondary' }]);
  });

  test('GIVEN every page read in turn THEN the week, then each day from 5 to 7 Dec in order, then the scenarios, each heading with its text', async () => {
    const pages = await allPages();
    const text = pages.map((p) => p.embeds![0]!.description ?? '').join('\n\n');
    const order = [
      'the Russell 2000 slipped 0.4% to 2,521.48',
      '**5 Dec 2025: Data-driven rally fades into a small-cap dip**',
      '**6 Dec 2025: Weekend technical warnings and seasonality**',
      '**7 Dec 2025: Sentiment peaks, short interest surges**',
      '**Positioning: short interest**',
      '**What could move small caps next week**',
      '**Bear case – Growth scare and funding stress**',
    ].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const page of pages) expect(page.embeds![0]!.description).not.toMatch(/\*\*[^\n]*\*\*$/);
  });

  test('GIVEN every page THEN its footer names exactly the sources its text cites, and together they cite [1] to [18]', async () => {
    const cited = new Set<number>();
    for (const page of await allPages()) {
      const { description = '', footer = '' } = page.embeds![0]!;
      const shown = new Set([...description.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
      const named = new Set([...footer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
      expect(named).toEqual(shown);
      for (const n of named) cited.add(n);
    }
    for (let n = 1; n <= 18; n += 1) expect(cited.has(n)).toBe(true);
  });

  test('GIVEN a member presses Next THEN the page comes privately, with Previous and Next', async () => {
    const page = await command('recap').component!('recap:week:2025-12-07:2', [], memberContext(store));
    expect(page.ephemeral).toBe(true);
    expect(page.embeds![0]!.title).toMatch(/\(page 2 of \d+\)$/);
    expect(page.components?.flat().map((c) => (c.kind === 'button' ? [c.label, c.customId] : []))).toEqual([
      ['Previous', 'recap:week:2025-12-07:1'],
      ['Next', 'recap:week:2025-12-07:3'],
    ]);
  });

  test('GIVEN a button for a week no longer loaded THEN the member is told so plainly and privately', async () => {
    expectProblem(
      await command('recap').component!('recap:week:2025-11-30:1', [], memberContext(store)),
      'The week to 30 Nov 2025 is no longer loaded',
      '/recap',
    );
    expectProblem(await command('recap').component!('recap:something-else', [], memberContext(store)), 'This button no longer works');
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

  test('GIVEN date:2025-12-07, a day longer than a page THEN page 1 is in the channel and Next gives the rest privately, nothing lost', async () => {
    const first = await runCommand('recap', memberContext(store), { date: '2025-12-07' });
    expect(first.ephemeral).toBe(false);
    expect(onlyEmbed(first).title).toMatch(/^Recap 7 Dec 2025: .* \(page 1 of 2\)$/);
    const next = first.components?.flat().find((c) => c.kind === 'button' && c.label === 'Next');
    expect(next?.kind === 'button' && next.customId).toBe('recap:day:2025-12-07:2');
    const second = await command('recap').component!('recap:day:2025-12-07:2', [], memberContext(store));
    expect(second.ephemeral).toBe(true);
    expect(onlyEmbed(second).title).toMatch(/\(page 2 of 2\)$/);
    const told = `${onlyEmbed(first).description}\n${onlyEmbed(second).description}`;
    const day = store.latest().narrative.find((e) => e.topic === 'recaps' && e.key === '2025-12-07');
    for (const sentence of (day?.markdown ?? '').split(/(?<=\.)\s+/).slice(-2)) expect(told).toContain(sentence.slice(0, 40));
    expectProblem(await command('recap').component!('recap:day:2025-11-28:1', [], memberContext(store)), 'is no longer loaded');
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
