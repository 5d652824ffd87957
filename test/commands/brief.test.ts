import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { field, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/brief', () => {
  test('GIVEN the week THEN the headline numbers are the close, the day, this week (not last week), short interest and the cut odds', async () => {
    const reply = await runCommand('brief', memberContext(store));
    expect(onlyEmbed(reply).title).toBe('Briefing: Russell 2000 vs world indices, 5–7 December 2025');
    expect(field(reply, 'Russell 2000 · Close').value).toContain('**2,521.48**');
    expect(field(reply, 'Russell 2000 · Daily move').value).toContain('**−0.4%**');
    const weekly = (onlyEmbed(reply).fields ?? []).filter((f) => f.name === 'Russell 2000 · Weekly move');
    expect(weekly.map((f) => f.value)).toEqual([expect.stringContaining('**about +0.8%** · 1–5 Dec 2025')]);
    expect(field(reply, 'Russell 2000 · Short interest').value).toContain('**around 5.5%**');
    expect(field(reply, 'Federal Reserve · Implied probability of a rate cut').value).toContain('**close to 87–90%**');
  });

  test('GIVEN discounts measured for the Russell 2000 and for small caps in general THEN the headline is the Russell 2000 one', async () => {
    const reply = await runCommand('brief', memberContext(store));
    const discount = field(reply, 'Russell 2000 · Valuation discount').value;
    expect(discount).toContain('**about 30%** · Sep 2025 [20]');
    expect(discount).toContain('vs Russell Top 200');
  });

  test('GIVEN the takeaways THEN each is listed by title with its reference, and the footer cites them', async () => {
    const embed = onlyEmbed(await runCommand('brief', memberContext(store)));
    expect(embed.description).toContain('- The trend is still up, but the easy gains may be behind us [38]');
    expect(embed.description).toContain('- Global context is crucial [42]');
    expect(embed.footer).toContain('[42] www.reuters.com');
  });

  test('GIVEN the week THEN the summary and the three scenarios point on to /outlook', async () => {
    const embed = onlyEmbed(await runCommand('brief', memberContext(store)));
    expect(embed.description).toContain('within touching distance of record territory');
    expect(embed.description).toContain(
      '**Scenarios** (/outlook): Base case – Gradual outperformance, Fed-supported soft landing · Bull case – Small-cap catch-up and short squeeze · Bear case – Growth scare and funding stress',
    );
    expect(embed.footer?.split('\n')[0]).toMatch(
      /^Sources: \[1\] www\.reuters\.com · .*\[3\] apnews\.com · .*\[31\] blockchain\.news · .*\[42\] www\.reuters\.com · Not investment advice$/,
    );
  });
});
