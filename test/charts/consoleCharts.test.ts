import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../src/charts/chartRenderer';
import { shortInterestChart, weekMovesChart } from '../../src/charts/figureCharts';
import type { FactStore } from '../../src/facts/factStore';
import { COMMANDS, memberContext } from '../commands/fixtures/commandContext';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { pipedConsole } from '../console/fixtures/pipedConsole';
import { pngSize } from './png';

let store: FactStore;
let renderer: ChartRenderer;
let folder: string;
beforeAll(async () => {
  store = await loadShippedStore();
  renderer = createChartRenderer({ idleMs: 5_000 });
  folder = await mkdtemp(join(tmpdir(), 'charts-console-'));
});
afterAll(async () => {
  await renderer.close();
  await rm(folder, { recursive: true, force: true });
});

const paths = (printed: string) => [...printed.matchAll(/^ {2}(\/\S+\.png)$/gm)].map((m) => m[1] ?? '');

describe('GIVEN the console with a charts folder', () => {
  test('WHEN answers carry charts THEN each is written there as a PNG of its stated size and its path is printed under the answer; one chart asked twice is one file', async () => {
    const chartsDir = join(folder, 'charts');
    const printed = await pipedConsole('/short-interest\n/levels\n/world\n/levels index:rut\n', {
      commands: COMMANDS,
      context: () => memberContext(store),
      filesDir: folder,
      charts: renderer,
      chartsDir,
    });
    const saved = paths(printed);
    expect(printed.match(/^Charts saved:$/gm)).toHaveLength(3);
    expect(saved).toHaveLength(3);
    expect(saved.every((p) => p.startsWith(`${chartsDir}/`))).toBe(true);
    expect(saved[0]).toMatch(/short-interest-[0-9a-f]{10}\.png$/);
    expect(saved[1]).toMatch(/week-moves-[0-9a-f]{10}\.png$/);
    expect(saved[2]).toBe(saved[1]);
    const shortInterest = shortInterestChart(store.latest());
    const moves = weekMovesChart(store.latest());
    expect(pngSize(await readFile(saved[0] ?? ''))).toEqual({ width: shortInterest?.width, height: shortInterest?.height });
    expect(pngSize(await readFile(saved[1] ?? ''))).toEqual({ width: moves?.width, height: moves?.height });
  }, 30_000);

  test('WHEN the charts folder cannot be made THEN the answer is still printed, and says why the chart is missing', async () => {
    const notAFolder = join(folder, 'a-file');
    await writeFile(notAFolder, 'not a folder');
    const printed = await pipedConsole('/short-interest\n', {
      commands: COMMANDS,
      context: () => memberContext(store),
      filesDir: folder,
      charts: renderer,
      chartsDir: join(notAFolder, 'charts'),
    });
    expect(printed).toContain('Russell 2000');
    expect(printed).toContain(`✗ the charts could not be saved under ${join(notAFolder, 'charts')}: ENOTDIR`);
  }, 30_000);
});
