import { describe, expect, test } from 'vitest';
import { diffSnapshots } from '../../src/facts/diffSnapshots';
import { formatDiff } from '../../src/facts/formatDiff';
import { figuresDoc, NARRATIVE, snapshotOf } from './fixtures';

describe('diffSnapshots and formatDiff', () => {
  test('GIVEN the same data twice THEN nothing changed and there are no lines', () => {
    const diff = diffSnapshots(snapshotOf(figuresDoc()), snapshotOf(figuresDoc()));
    expect(diff.figures).toEqual({ added: [], removed: [], changed: [] });
    expect(formatDiff(diff)).toEqual([]);
  });

  test('GIVEN figures added, removed and changed THEN each is listed with old → new per field', () => {
    const after = figuresDoc();
    after.figures[0]!.value = 2540.1;
    Object.assign(after.figures[1]!, { qualifier: 'about', sources: [3, 4] });
    after.figures[7]!.value = { low: 20, high: 30 };
    const removed = after.figures.splice(5, 1)[0]!;
    after.figures.push({
      ...removed,
      id: 'spx-short-interest-7y',
      metric: 'short-interest-level',
      value: { word: 'seven-year high' },
      unit: 'descriptor',
    });

    const diff = diffSnapshots(snapshotOf(figuresDoc()), snapshotOf(after));

    expect(diff.figures.removed.map((r) => r.figure.id)).toEqual(['spx-short-interest']);
    expect(diff.figures.added.map((a) => a.figure.id)).toEqual(['spx-short-interest-7y']);
    expect(diff.figures.changed.find((c) => c.id === 'rut-close')?.changes).toEqual([{ field: 'value', before: 2521.48, after: 2540.1 }]);
    expect(formatDiff(diff)).toEqual([
      'added sp-500 short-interest-level: seven-year high (2025-12-07) [16]',
      'removed sp-500 short-interest (was 2.4%)',
      'changed russell-2000 close: 2,521.48 → 2,540.1',
      'changed russell-2000 change-1d qualifier: (none) → about',
      'changed russell-2000 change-1d sources: [3] → [3][4]',
      'changed russell-2000 valuation-discount: 25–30% → 20–30%',
    ]);
  });

  test('GIVEN two figures of one subject and metric THEN the changed one is told apart by its period', () => {
    const doc = () => {
      const d = figuresDoc();
      d.figures.push({ ...d.figures[1]!, id: 'rut-day-before', value: 1.2, period: '2025-12-04' });
      return d;
    };
    const after = doc();
    after.figures.at(-1)!.value = 1.3;
    expect(formatDiff(diffSnapshots(snapshotOf(doc()), snapshotOf(after)))).toEqual([
      'changed russell-2000 change-1d 2025-12-04: 1.2% → 1.3%',
    ]);
  });

  test('GIVEN sources and narrative edited THEN sources by number and entries by topic and key are listed', () => {
    const after = figuresDoc();
    after.sources[0]!.publisher = 'www.apnews.com';
    after.sources.push({ number: 42, publisher: 'www.reuters.com' });
    const narrative = `${NARRATIVE.replace('## bull: A breakout', '## bull: A clean breakout').replace('Sideways', 'Choppy')}\n# takeaways\n\n## trend: Still up\n\nThe trend is up [42].\n`;
    const lines = formatDiff(diffSnapshots(snapshotOf(figuresDoc()), snapshotOf(after, narrative)));
    expect(lines).toEqual([
      'added source [42] www.reuters.com',
      'changed source [3] publisher: apnews.com → www.apnews.com',
      'added takeaways trend: Still up',
      'changed scenarios base text',
      'changed scenarios bull title: A breakout → A clean breakout',
    ]);
  });
});
