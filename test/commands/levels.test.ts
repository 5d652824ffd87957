import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { COLOR_CURRENT, COLOR_STALE } from '../../src/render/dataAge';
import { memberContext, press, runCommand } from './fixtures/commandContext';
import { button, expectProblem, lines, onlyEmbed, replyText } from './fixtures/replyText';
import { FRESH_NOW, loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const levels = (options: Record<string, string> = {}) => runCommand('levels', memberContext(store), options);

describe('/levels', () => {
  test('GIVEN no options THEN the first line is the close, the day and the week, dated and sourced', async () => {
    const reply = await levels();
    expect(onlyEmbed(reply).title).toBe('Russell 2000: levels');
    expect(lines(reply)[0]).toBe('**Russell 2000 2,521.48** · −0.4% day · about +0.8% week · as of 5 Dec 2025 [3]');
  });

  test('GIVEN two weekly moves THEN they read "This week" and "Last week", never two fields both named "Weekly move"', async () => {
    const reply = await levels();
    expect(lines(reply)).toContain('Last week (24–28 Nov 2025): **+5.5%** [3]');
    expect(lines(reply)).toContain('Year to date · 2025: **roughly low-teens** [5]');
    expect(replyText(reply)).not.toContain('Weekly move');
  });

  test('GIVEN the article disagrees about the record high THEN each report is one line, value · date · source, and the why is behind Details', async () => {
    const reply = await levels();
    const shown = lines(reply);
    const at = shown.indexOf('Record high: sources differ');
    expect(shown.slice(at + 1, at + 5)).toEqual([
      '• **around 2,540** (all-time high) · Oct 2025 [4]',
      '• **new all-time high** (record close) · 4 Dec 2025 [11]',
      '• **record high** · Q4 2025 [14]',
      '• **new all-time high** · Q4 2025 [32]',
    ]);
    expect(replyText(reply)).not.toContain('Set in mid-October');
    const details = await press('levels', button(reply, 'Details').customId, memberContext(store));
    expect(details.ephemeral).toBe(true);
    const text = replyText(details);
    expect(text).toContain('Sources differ on the all-time high:');
    expect(text).toContain(
      '- Russell 2000 · All-time high: **around 2,540** · Oct 2025 [4] — *Set in mid-October according to multiple market recap services',
    );
    expect(text).toContain('Russell 2000 · Record close: **new all-time high** · 4 Dec 2025 [11]');
  });

  test('GIVEN no options THEN the footer lists each source once, and only the sources of what is shown', async () => {
    expect(onlyEmbed(await levels()).footer).toBe(
      'Sources: [3] apnews.com · [4] www.investrade.com · [5] apnews.com · [8] www.reuters.com · [11] talkmarkets.com · [14] www.bloomberg.com · [32] talkmarkets.com · Not investment advice',
    );
  });

  test("GIVEN no index THEN the other U.S. benchmarks' moves are shown for context, their shared note once", async () => {
    const reply = await levels();
    const text = replyText(reply);
    expect(lines(reply)).toContain(
      'Daily move · 5 Dec 2025: Dow Jones Industrial Average, S&P 500 and Nasdaq Composite **around +0.2–0.3%** each [8]',
    );
    expect(text.split('One range given for the Dow, S&P 500 and Nasdaq together')).toHaveLength(2);
    const details = replyText(await press('levels', button(reply, 'Details').customId, memberContext(store)));
    expect(details).toContain('S&P 500 · Year to date: **around mid-teens** · 2025 [5]');
    expect(details).toContain('Nasdaq Composite · Year to date: **more than 20%** · 2025 [5]');
  });

  test('GIVEN the data is old THEN the embed has the stale colour, whatever the day did; GIVEN it is current THEN the current one', async () => {
    expect(onlyEmbed(await levels()).color).toBe(COLOR_STALE);
    const fresh = await runCommand('levels', memberContext(store, { now: FRESH_NOW }));
    expect(onlyEmbed(fresh).color).toBe(COLOR_CURRENT);
  });

  test('GIVEN index:spx THEN only S&P 500 figures are shown', async () => {
    const reply = await levels({ index: 'spx' });
    expect(onlyEmbed(reply).title).toBe('S&P 500: levels');
    expect(lines(reply)[0]).toBe('**S&P 500** · around +0.2–0.3% day · as of 5 Dec 2025 [8]');
    expect(lines(reply)).toContain('Year to date · 2025: **around mid-teens** [5]');
    expect(replyText(reply)).not.toContain('Russell');
    expect(onlyEmbed(reply).footer).toBe('Sources: [5] apnews.com · [8] www.reuters.com · Not investment advice');
  });

  test('GIVEN date:2025-12-07 THEN the answer is that snapshot, the same as the latest', async () => {
    expect(await levels({ date: '2025-12-07' })).toEqual(await levels());
  });

  test('GIVEN a Details button from data no longer loaded THEN it says so and names the dates that are', async () => {
    const reply = await press('levels', 'levels:details:2025-11-30:1:all:russell-2000', memberContext(store));
    expectProblem(reply, 'That answer was about the data of 2025-11-30, which is no longer loaded', '(2025-12-07)');
  });

  test.each([
    ['stoxx', 'STOXX Europe 600: levels', '**STOXX Europe 600** · week: modest gains · as of 5 Dec 2025 [15]'],
    ['nikkei', 'Nikkei 225: levels', '**Nikkei 225** · week: slipped · as of 5 Dec 2025 [15]'],
    ['acwi', 'MSCI ACWI ex-USA: levels', '**MSCI ACWI ex-USA** · close to 30% YTD · as of 7 Dec 2025 [22]'],
  ])('GIVEN index:%s, a world index THEN its move is answered rather than refused', async (index, title, headline) => {
    const reply = await levels({ index });
    expect(reply.ephemeral).not.toBe(true);
    expect(onlyEmbed(reply).title).toBe(title);
    expect(lines(reply)[0]).toBe(headline);
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
