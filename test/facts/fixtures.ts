import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { z } from 'zod';
import { buildSnapshot } from '../../src/facts/buildSnapshot';
import type { figuresFileSchema } from '../../src/facts/figuresSchema';
import type { Snapshot } from '../../src/facts/snapshot';

/** A small, valid figures.json as a plain object; tests break one thing at a time in a copy. */
export function figuresDoc(asOf = '2025-12-07'): FiguresDoc {
  return {
    $schema: '../figures.schema.json',
    asOf,
    title: 'Russell 2000 versus world indices',
    summary: 'Small caps near record highs.',
    sources: [
      { number: 3, publisher: 'apnews.com' },
      { number: 4, publisher: 'www.investrade.com' },
      { number: 11, publisher: 'talkmarkets.com' },
      { number: 16, publisher: 'blockchain.news' },
    ],
    subjects: [
      { id: 'russell-2000', name: 'Russell 2000', kind: 'index', aliases: ['rut', 'r2k', 'iwm', 'small caps', 'russell'] },
      { id: 'sp-500', name: 'S&P 500', kind: 'index', aliases: ['spx', 's&p', 'sp500'] },
      { id: 'nasdaq-100', name: 'Nasdaq-100', kind: 'index', aliases: ['ndx', 'qqq'] },
      { id: 'russell-top-200', name: 'Russell Top 200', kind: 'index' },
    ],
    figures: [
      {
        id: 'rut-close',
        topic: 'levels',
        subject: 'russell-2000',
        metric: 'close',
        value: 2521.48,
        unit: 'points',
        period: '2025-12-05',
        sources: [3],
      },
      {
        id: 'rut-day',
        topic: 'levels',
        subject: 'russell-2000',
        metric: 'change-1d',
        value: -0.4,
        unit: 'percent',
        period: '2025-12-05',
        sources: [3],
      },
      {
        id: 'rut-ath-october',
        topic: 'levels',
        subject: 'russell-2000',
        metric: 'all-time-high',
        value: 2540,
        unit: 'points',
        qualifier: 'around',
        period: '2025-10',
        conflictGroup: 'rut-record-high',
        sources: [4],
      },
      {
        id: 'rut-record-close-dec-4',
        topic: 'levels',
        subject: 'russell-2000',
        metric: 'record-close',
        value: { word: 'new all-time high' },
        unit: 'descriptor',
        period: '2025-12-04',
        conflictGroup: 'rut-record-high',
        sources: [11],
      },
      {
        id: 'rut-short-interest',
        topic: 'short-interest',
        subject: 'russell-2000',
        metric: 'short-interest',
        value: 5.5,
        unit: 'percent',
        qualifier: 'around',
        period: '2025-12-07',
        basis: 'median constituent, % of market cap',
        sources: [16],
      },
      {
        id: 'spx-short-interest',
        topic: 'short-interest',
        subject: 'sp-500',
        metric: 'short-interest',
        value: 2.4,
        unit: 'percent',
        period: '2025-12-07',
        sources: [16],
      },
      {
        id: 'ndx-short-interest',
        topic: 'short-interest',
        subject: 'nasdaq-100',
        metric: 'short-interest',
        value: 2.5,
        unit: 'percent',
        qualifier: 'about',
        period: '2025-12-07',
        sources: [16],
      },
      {
        id: 'rut-discount-top-200',
        topic: 'valuation',
        subject: 'russell-2000',
        metric: 'valuation-discount',
        value: { low: 25, high: 30 },
        unit: 'percent',
        period: '2025-09',
        comparedTo: 'russell-top-200',
        sources: [4],
      },
    ],
  };
}

/** figures.json as written, before defaults: what a data author edits. */
export type FiguresDoc = z.input<typeof figuresFileSchema>;

/** A valid narrative.md for `figuresDoc`, with its line numbers in mind: `## 2025-12-05` is line 3. */
export const NARRATIVE = [
  '# recaps', // 1
  '', // 2
  '## 2025-12-05: Data-driven rally fades into a small-cap dip', // 3
  '', // 4
  'The Russell 2000 slipped 0.4% to 2,521.48 [3].', // 5
  '', // 6
  '- A record close on 4 December [11]', // 7
  '- Short interest near 5.5% [16] [3]', // 8
  '', // 9
  '# scenarios', // 10
  '', // 11
  '## base: Consolidation near highs', // 12
  '', // 13
  'Sideways trading into the Fed meeting [4].', // 14
  '', // 15
  '## bull: A breakout', // 16
  '', // 17
  'New highs on a rate cut.', // 18
  '',
].join('\n');

/** Figures and narrative built into a Snapshot in memory, failing the test if they do not load. */
export function snapshotOf(doc: unknown, narrative: string | undefined = NARRATIVE, folderName = '2025-12-07'): Snapshot {
  const text = JSON.stringify(doc);
  const result = buildSnapshot({
    folderName,
    folderDisplay: `data/${folderName}`,
    figures: { display: `data/${folderName}/figures.json`, text },
    ...(narrative === undefined ? {} : { narrative: { display: `data/${folderName}/narrative.md`, text: narrative } }),
    contentHash: createHash('sha256')
      .update(`${text}\0${narrative ?? ''}`)
      .digest('hex'),
  });
  if (!result.ok) expect.fail(`fixture did not load: ${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}

/** A fresh `…/data` directory in the OS temp dir, with a remover for afterEach/afterAll. */
export async function tempDataDir(): Promise<{ dataDir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'briefing-desk-facts-'));
  const dataDir = join(root, 'data');
  await mkdir(dataDir);
  return { dataDir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Writes a snapshot folder; `figures` as an object is serialised, as a string written verbatim (for syntax errors). */
export async function writeSnapshot(dataDir: string, folder: string, files: { figures?: unknown; narrative?: string }): Promise<string> {
  const dir = join(dataDir, folder);
  await mkdir(dir, { recursive: true });
  if (files.figures !== undefined) {
    const text = typeof files.figures === 'string' ? files.figures : JSON.stringify(files.figures, null, 2);
    await writeFile(join(dir, 'figures.json'), text);
  }
  if (files.narrative !== undefined) await writeFile(join(dir, 'narrative.md'), files.narrative);
  return dir;
}
