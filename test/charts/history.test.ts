import { beforeAll, describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import type { Snapshot } from '../../src/facts/snapshot';
import { COMMANDS, memberContext, runCommand } from '../commands/fixtures/commandContext';
import { expectProblem, onlyEmbed } from '../commands/fixtures/replyText';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { laterSnapshot } from './secondSnapshot';

let shipped: Snapshot;
let one: FactStore;
let three: FactStore;
beforeAll(async () => {
  one = await loadShippedStore();
  shipped = one.latest();
  const rut = (value: number, sources: number[]) => (f: Snapshot['figures'][number]) =>
    f.id === 'rut-short-interest-2025-12-07' ? { ...f, value, sources } : f;
  three = new FactStore([
    shipped,
    laterSnapshot(shipped, '2025-12-14', rut(6.1, [3])),
    laterSnapshot(shipped, '2025-12-21', rut(5.8, [4])),
  ]);
});

const history = (store: FactStore, options: Record<string, string>) => runCommand('history', memberContext(store), options);

describe('/history', () => {
  test('GIVEN one snapshot THEN it says there is no history yet and shows the single value with its source, without a chart', async () => {
    const reply = await history(one, { metric: 'short interest' });
    expect(onlyEmbed(reply).title).toBe('History: Russell 2000 · Short interest');
    expect(onlyEmbed(reply).description?.split('\n')[0]).toBe(
      '**Russell 2000 · Short interest** · around 5.5% (7 Dec 2025) · one snapshot, no history yet · as of 7 Dec 2025 [16][31]',
    );
    expect(onlyEmbed(reply).footer).toContain('[16] blockchain.news · [31] blockchain.news');
    expect(reply.charts).toBeUndefined();
  });

  test('GIVEN three snapshots THEN each is a dated line with its value and its own sources, and the line chart holds the same three values', async () => {
    const reply = await history(three, { metric: 'short-interest', index: 'rut' });
    const fields = onlyEmbed(reply).fields ?? [];
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ['Snapshot of 7 Dec 2025', 'around 5.5% (7 Dec 2025) · [16] blockchain.news, [31] blockchain.news'],
      ['Snapshot of 14 Dec 2025', 'around 6.1% (7 Dec 2025) · [3] apnews.com'],
      ['Snapshot of 21 Dec 2025', 'around 5.8% (7 Dec 2025) · [4] www.investrade.com'],
    ]);
    const [chart] = reply.charts ?? [];
    expect(chart?.name).toBe('history.png');
    const values = (chart?.spec['data'] as { values: { asOf: string; value: number }[] }).values.map((p) => [p.asOf, p.value]);
    expect(values).toEqual([
      ['2025-12-07', 5.5],
      ['2025-12-14', 6.1],
      ['2025-12-21', 5.8],
    ]);
  });

  test('GIVEN another index THEN its own figures are followed', async () => {
    const reply = await history(three, { metric: 'short-interest', index: 'ndx' });
    expect(onlyEmbed(reply).title).toBe('History: Nasdaq-100 · Short interest');
    expect((onlyEmbed(reply).fields ?? []).map((f) => f.value)).toEqual(
      Array(3).fill('about 2.5% (7 Dec 2025) · [16] blockchain.news, [31] blockchain.news'),
    );
  });

  test('GIVEN a metric the data does not have, or an index without it THEN the member is told what there is', async () => {
    expectProblem(await history(one, { metric: 'weather' }), 'expected one of the metrics the data has: Close, Daily move');
    expectProblem(
      await history(one, { metric: 'short-interest', index: 'nikkei' }),
      'no short interest figures for Nikkei 225. It has them for: Russell 2000',
    );
  });

  test('GIVEN autocomplete THEN metrics are offered by label and indices by the chosen metric', () => {
    const command = COMMANDS.get('history');
    const ctx = memberContext(three);
    expect(command?.autocomplete?.({ name: 'metric', value: 'short' }, { options: {} }, ctx)).toEqual([
      { name: 'Short interest', value: 'short-interest' },
      { name: 'Short interest level', value: 'short-interest-level' },
    ]);
    const indices = command?.autocomplete?.({ name: 'index', value: '' }, { options: { metric: 'short-interest' } }, ctx) ?? [];
    expect(indices.map((c) => c.value)).toEqual(['russell-2000', 'sp-500', 'nasdaq-100']);
  });
});
