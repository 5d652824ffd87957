import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import type { Reply } from '../../src/reply';
import { COLOR_DOWN } from '../../src/render/moveColor';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, field, onlyEmbed, replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const levels = (options: Record<string, string> = {}) => runCommand('levels', memberContext(store), options);

function values(reply: Reply, name: string): string[] {
  return (reply.embeds ?? [])
    .flatMap((e) => e.fields ?? [])
    .filter((f) => f.name === name)
    .map((f) => f.value);
}

describe('/levels', () => {
  test('GIVEN no options THEN the Russell 2000 close, daily move and both weekly moves read as a member would, each dated and sourced', async () => {
    const reply = await levels();
    expect(onlyEmbed(reply).title).toBe('Russell 2000: levels');
    expect(field(reply, 'Russell 2000 · Close').value).toContain('**2,521.48** · 5 Dec 2025 [3]');
    expect(field(reply, 'Russell 2000 · Daily move').value).toBe('**−0.4%** · 5 Dec 2025 [3]');
    const weekly = values(reply, 'Russell 2000 · Weekly move');
    expect(weekly).toHaveLength(2);
    expect(weekly[0]).toContain('**about +0.8%** · 1–5 Dec 2025 [3]');
    expect(weekly[1]).toContain('**+5.5%** · 24–28 Nov 2025 [3]');
    expect(field(reply, 'Russell 2000 · Year to date').value).toContain('**roughly low-teens** · 2025 [5]');
  });

  test('GIVEN the article disagrees about the record high THEN "around 2,540" [4] and the 4 Dec record close [11] sit side by side in one field', async () => {
    const reply = await levels();
    const conflict = field(reply, 'Russell 2000 · All-time high vs Record close vs Record high: sources differ');
    const lines = conflict.value.split('\n');
    expect(lines[0]).toMatch(/^• All-time high: \*\*around 2,540\*\* · Oct 2025 \[4\]/);
    expect(lines[1]).toMatch(/^• Record close: \*\*new all-time high\*\* · 4 Dec 2025 \[11\]/);
    expect(onlyEmbed(reply).footer).toContain('[4] www.investrade.com');
    expect(onlyEmbed(reply).footer).toContain('[11] talkmarkets.com');
  });

  test('GIVEN no options THEN the footer cites exactly the sources of the figures shown', async () => {
    expect(onlyEmbed(await levels()).footer?.split('\n')[0]).toBe(
      'Sources: [3] apnews.com · [4] www.investrade.com · [5] apnews.com · [8] www.reuters.com · [11] talkmarkets.com · [14] www.bloomberg.com · [32] talkmarkets.com · Not investment advice',
    );
  });

  test('GIVEN no index THEN the other U.S. benchmarks are shown for context', async () => {
    const reply = await levels();
    expect(field(reply, 'S&P 500 · Year to date').value).toContain('around mid-teens');
    expect(field(reply, 'Nasdaq Composite · Year to date').value).toContain('more than 20%');
    expect(field(reply, 'Dow Jones Industrial Average · Daily move').value).toContain('around +0.2–0.3%');
  });

  test('GIVEN the Russell 2000 fell on the day THEN the embed is red', async () => {
    expect(onlyEmbed(await levels()).color).toBe(COLOR_DOWN);
  });

  test('GIVEN index:spx THEN only S&P 500 figures are shown', async () => {
    const reply = await levels({ index: 'spx' });
    expect(onlyEmbed(reply).title).toBe('S&P 500: levels');
    const names = (onlyEmbed(reply).fields ?? []).map((f) => f.name);
    expect(names).toEqual(['S&P 500 · Year to date', 'S&P 500 · Daily move']);
    expect(onlyEmbed(reply).footer?.split('\n')[0]).toBe('Sources: [5] apnews.com · [8] www.reuters.com · Not investment advice');
  });

  test('GIVEN date:2025-12-07 THEN the answer is that snapshot, the same as the latest', async () => {
    expect(await levels({ date: '2025-12-07' })).toEqual(await levels());
  });

  test.each([
    ['stoxx', 'STOXX Europe 600: levels', 'STOXX Europe 600 · Weekly move', '**modest gains** · 1–5 Dec 2025 [15]'],
    ['nikkei', 'Nikkei 225: levels', 'Nikkei 225 · Weekly move', '**slipped** · 1–5 Dec 2025 [15]'],
    ['acwi', 'MSCI ACWI ex-USA: levels', 'MSCI ACWI ex-USA · Year to date', '**close to 30%** · 2025 [22]'],
  ])('GIVEN index:%s, a world index THEN its move is answered rather than refused', async (index, title, name, value) => {
    const reply = await levels({ index });
    expect(reply.ephemeral).not.toBe(true);
    expect(onlyEmbed(reply).title).toBe(title);
    expect(field(reply, name).value).toContain(value);
  });
});

describe('/levels with a bad option', () => {
  test('GIVEN index:foo THEN it privately says so and lists the indices it knows, with aliases', async () => {
    expectProblem(
      await levels({ index: 'foo' }),
      'I don\'t know an index called "foo"',
      'Russell 2000 (rut, r2k, russell)',
      'S&P 500 (spx, s&p, s&p 500)',
      'STOXX Europe 600',
      'Nikkei 225',
    );
  });

  test('GIVEN index:fed, known but without levels THEN it says so and lists the indices that have them', async () => {
    const reply = await levels({ index: 'fed' });
    expectProblem(reply, 'The 2025-12-07 data has no levels figures for Federal Reserve', 'Russell 2000');
  });

  test('GIVEN date:2025-12-01, a day without data THEN it lists the dates that have data', async () => {
    expectProblem(await levels({ date: '2025-12-01' }), 'There is no data as of 2025-12-01', 'Data is loaded for: 2025-12-07');
  });

  test('GIVEN date:12/07/2025 THEN one line names the date option and the format', async () => {
    const reply = await levels({ date: '12/07/2025' });
    expectProblem(reply, '`date`: expected a date written YYYY-MM-DD, e.g. 2025-12-07');
    expect(replyText(reply).split('\n')).toHaveLength(1);
  });

  test('GIVEN date:2025-02-30, shaped like a date but not one THEN it says it is not a calendar date', async () => {
    expectProblem(await levels({ date: '2025-02-30' }), '`date`: is not a calendar date');
  });

  test('GIVEN an index of spaces THEN it asks for an index by name', async () => {
    expectProblem(await levels({ index: '   ' }), '`index`: name an index, e.g. rut, spx or ndx');
  });
});
