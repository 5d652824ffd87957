import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formatDataError } from '../../src/facts/formatDataError';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { loadSnapshot } from '../../src/facts/loadSnapshot';
import { figuresDoc, NARRATIVE, tempDataDir, writeSnapshot } from './fixtures';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dataDir, remove } = await tempDataDir()));
afterEach(() => remove());

describe('loadDataDir', () => {
  test('GIVEN snapshot folders written out of order and loose files THEN every snapshot loads, oldest first, and the files are ignored', async () => {
    await writeSnapshot(dataDir, '2025-12-14', { figures: figuresDoc('2025-12-14') });
    await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc('2025-12-07'), narrative: NARRATIVE });
    await writeFile(join(dataDir, 'figures.schema.json'), '{}');
    await writeFile(join(dataDir, 'README.md'), '# Data\n');
    const result = await loadDataDir(dataDir);
    if (!result.ok) return expect.fail(result.errors.map(formatDataError).join('\n'));
    expect(result.value.map((s) => s.asOf)).toEqual(['2025-12-07', '2025-12-14']);
  });

  test('GIVEN a folder named by something other than a date THEN it is an error naming the folder', async () => {
    await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
    await mkdir(join(dataDir, 'drafts'));
    const result = await loadDataDir(dataDir);
    expect(!result.ok && result.errors.map(formatDataError)).toEqual([
      'data/drafts: folder name "drafts" is not a calendar date YYYY-MM-DD; snapshot folders are named by their as-of date',
    ]);
  });

  test('GIVEN a folder named by an impossible date THEN it is rejected as not a calendar date', async () => {
    await writeSnapshot(dataDir, '2025-02-30', { figures: figuresDoc('2025-02-30') });
    const result = await loadDataDir(dataDir);
    expect(!result.ok && result.errors.map(formatDataError)).toEqual([
      'data/2025-02-30: folder name "2025-02-30" is not a calendar date YYYY-MM-DD; snapshot folders are named by their as-of date',
    ]);
  });

  test('GIVEN an empty data folder THEN it says there are no snapshot folders', async () => {
    const result = await loadDataDir(dataDir);
    expect(!result.ok && result.errors.map(formatDataError)).toEqual([
      'data: no snapshot folders in data; add one named by its as-of date, e.g. data/2025-12-07',
    ]);
  });

  test('GIVEN a data folder that does not exist THEN it says it cannot be read', async () => {
    const result = await loadDataDir(join(dataDir, 'nope'));
    expect(!result.ok && result.errors.map(formatDataError)).toEqual(['nope: cannot read the data folder (ENOENT)']);
  });

  test('GIVEN 1,001 snapshot folders THEN the load is refused with the count before any of them is read', async () => {
    const start = Date.parse('2023-01-01T00:00:00Z');
    await Promise.all(
      Array.from({ length: 1001 }, (_, i) => mkdir(join(dataDir, new Date(start + i * 86_400_000).toISOString().slice(0, 10)))),
    );
    const result = await loadDataDir(dataDir);
    expect(!result.ok && result.errors.map(formatDataError)).toEqual([
      'data: 1001 snapshot folders; at most 1000 are loaded, so move old ones out of data',
    ]);
  });

  test('GIVEN two broken snapshots THEN the errors of both come back together', async () => {
    const a = figuresDoc('2025-12-07');
    a.figures[0]!.unit = 'percent';
    await writeSnapshot(dataDir, '2025-12-07', { figures: a });
    await writeSnapshot(dataDir, '2025-12-14', { figures: figuresDoc('2025-12-13') });
    const result = await loadDataDir(dataDir);
    expect(!result.ok && result.errors.map(formatDataError)).toEqual([
      'data/2025-12-07/figures.json figures[0].unit: unit "percent" does not fit metric "close" (expected "points")',
      'data/2025-12-14/figures.json asOf: asOf "2025-12-13" does not match the folder name "2025-12-14"',
    ]);
  });
});

const shippedDataDir = fileURLToPath(new URL('../../data', import.meta.url));

describe('the shipped data', () => {
  test('GIVEN data/ as shipped THEN it loads with zero errors, including the 2025-12-07 snapshot with all 42 sources', async () => {
    const result = await loadDataDir(shippedDataDir);
    if (!result.ok) return expect.fail(result.errors.map(formatDataError).join('\n'));
    const snapshot = result.value.find((s) => s.asOf === '2025-12-07');
    expect(snapshot?.sources.size).toBe(42);
    expect(snapshot?.figures.length).toBeGreaterThan(0);
  });

  test('GIVEN data/2025-12-07 as shipped THEN its narrative has the week, day recaps and scenarios', async () => {
    const result = await loadSnapshot(join(shippedDataDir, '2025-12-07'));
    if (!result.ok) return expect.fail(result.errors.map(formatDataError).join('\n'));
    const topics = new Set(result.value.narrative.map((e) => e.topic));
    expect([...topics].sort()).toEqual(expect.arrayContaining(['recaps', 'scenarios', 'week']));
  });
});
