import { describe, test, expect } from 'vitest';
import type { Source } from '../../src/facts/snapshot';
import { citeSources } from '../../src/render/citeSources';

const sources = new Map<number, Source>(
  Array.from({ length: 42 }, (_, i) => {
    const number = i + 1;
    const publisher = number === 3 ? 'apnews.com' : number === 4 ? 'www.investrade.com' : `publisher-${number}.example.com`;
    return [number, { number, publisher }];
  }),
);

describe('citeSources', () => {
  test('GIVEN sources [4] and [3] THEN the footer lists them in order, then the disclaimer', () => {
    expect(citeSources([4, 3], sources)).toBe('Sources: [3] apnews.com · [4] www.investrade.com · Not investment advice');
  });

  test('GIVEN repeated and unsorted numbers THEN each source is named once, in numeric order', () => {
    expect(citeSources([16, 3, 16, 10, 3], sources)).toBe(
      'Sources: [3] apnews.com · [10] publisher-10.example.com · [16] publisher-16.example.com · Not investment advice',
    );
  });

  test('GIVEN no numbers THEN only the disclaimer remains', () => {
    expect(citeSources([], sources)).toBe('Not investment advice');
  });

  test('GIVEN more sources than fit THEN it lists what fits, counts the rest and ends with the disclaimer', () => {
    const all = [...sources.keys()];
    const footer = citeSources(all, sources, 200);
    expect(footer.length).toBeLessThanOrEqual(200);
    expect(footer).toMatch(/^Sources: \[1\] publisher-1\.example\.com · /);
    expect(footer).toMatch(/ · \+\d+ more \(\/sources\) · Not investment advice$/);
    const listed = footer.match(/\[\d+\]/g) ?? [];
    const hidden = Number(/\+(\d+) more/.exec(footer)?.[1]);
    expect(listed.length + hidden).toBe(42);
  });

  test('GIVEN every source at the default limit THEN the footer fits Discord and still names them all', () => {
    const footer = citeSources([...sources.keys()], sources);
    expect(footer.length).toBeLessThanOrEqual(2048);
    expect(footer).not.toContain('more (/sources)');
    expect(footer.match(/\[\d+\]/g)).toHaveLength(42);
  });

  test('GIVEN ten thousand cited sources THEN the footer still fits, counts the rest and is found in well under a second', () => {
    const many = new Map<number, Source>(
      Array.from({ length: 10_000 }, (_, i) => [i + 1, { number: i + 1, publisher: `publisher-${i + 1}.example.com` }]),
    );
    const started = performance.now();
    const footer = citeSources([...many.keys()], many);
    expect(performance.now() - started).toBeLessThan(500);
    expect(footer.length).toBeLessThanOrEqual(2048);
    const listed = footer.match(/\[\d+\]/g) ?? [];
    expect(listed.length + Number(/\+(\d+) more/.exec(footer)?.[1])).toBe(10_000);
    // The largest number of sources that fits: one more would not.
    expect(footer.length + ` · [${listed.length + 1}] publisher-${listed.length + 1}.example.com`.length).toBeGreaterThan(2048);
  });

  test('GIVEN a number the snapshot does not have THEN it throws, naming the number', () => {
    expect(() => citeSources([3, 99], sources)).toThrow(/\[99\]/);
  });

  test('GIVEN a limit too small even for the short form THEN it throws a RangeError', () => {
    expect(() => citeSources([3], sources, 20)).toThrow(RangeError);
  });
});
