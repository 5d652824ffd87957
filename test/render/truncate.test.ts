import { describe, test, expect } from 'vitest';
import { truncate } from '../../src/render/truncate';

describe('truncate', () => {
  test('GIVEN text within the limit THEN it is unchanged', () => {
    expect(truncate('Russell 2000', 12)).toBe('Russell 2000');
  });

  test('GIVEN text over the limit THEN it is cut to the limit including a final ellipsis', () => {
    expect(truncate('Russell 2000 weekly recap', 10)).toBe('Russell 2…');
  });

  test('GIVEN an emoji at the cut THEN it is dropped whole, never halved', () => {
    const cut = truncate('ab📈📈', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});
