import { describe, expect, test } from 'vitest';
import { buildSnapshot } from '../../src/facts/buildSnapshot';
import { scaleSnapshot } from '../../bench/syntheticData';
import { figuresDoc, NARRATIVE } from './fixtures';

describe('the benchmark data generator', () => {
  test('GIVEN a valid snapshot scaled 3× THEN it is still valid and three times the figures, sources and narrative', () => {
    const texts = scaleSnapshot({ figures: figuresDoc(), narrative: NARRATIVE }, 3);
    const result = buildSnapshot({
      folderName: '2025-12-07',
      folderDisplay: 'data/2025-12-07',
      figures: { display: 'figures.json', text: texts.figures },
      narrative: { display: 'narrative.md', text: texts.narrative },
      contentHash: 'x',
    });
    if (!result.ok) return expect.fail(JSON.stringify(result.errors, null, 2));
    expect(result.value.figures).toHaveLength(3 * figuresDoc().figures.length);
    expect(result.value.sources.size).toBe(3 * figuresDoc().sources.length);
    expect(result.value.narrative).toHaveLength(9);
    expect(result.value.narrative.filter((e) => e.topic === 'recaps').map((e) => e.key)).toEqual([
      '2025-12-05',
      '2025-12-06',
      '2025-12-07',
    ]);
  });
});
