import { describe, test, expect } from 'vitest';
import { COLOR_DOWN, COLOR_NEUTRAL, COLOR_UP, moveColor } from '../../src/render/moveColor';

describe('moveColor', () => {
  test('GIVEN a rise THEN green; a fall THEN red; flat THEN neutral', () => {
    expect(moveColor(0.8)).toBe(COLOR_UP);
    expect(moveColor(-0.4)).toBe(COLOR_DOWN);
    expect(moveColor(0)).toBe(COLOR_NEUTRAL);
  });

  test('GIVEN a range THEN it is coloured only when all of it lies on one side of zero', () => {
    expect(moveColor({ low: 0.2, high: 0.3 })).toBe(COLOR_UP);
    expect(moveColor({ low: -0.5, high: -0.1 })).toBe(COLOR_DOWN);
    expect(moveColor({ low: -0.1, high: 0.3 })).toBe(COLOR_NEUTRAL);
  });

  test('GIVEN a word or no value THEN neutral', () => {
    expect(moveColor({ word: 'modest gain' })).toBe(COLOR_NEUTRAL);
    expect(moveColor(undefined)).toBe(COLOR_NEUTRAL);
  });

  test('GIVEN the three colours THEN they are distinct 24-bit RGB values', () => {
    const colors = [COLOR_UP, COLOR_DOWN, COLOR_NEUTRAL];
    expect(new Set(colors).size).toBe(3);
    for (const color of colors) {
      expect(color).toBeGreaterThanOrEqual(0);
      expect(color).toBeLessThanOrEqual(0xffffff);
    }
  });
});
