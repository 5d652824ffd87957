import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MAX_UPLOAD_BYTES } from '../src/facts/dataLimits';
import { createLogger, type Logger } from '../src/logger';
import { createDataDesk } from '../src/publishing/createDataDesk';
import type { DataModeration, UploadedFile } from '../src/publishing/dataModeration';
import { openPublishedData } from '../src/publishing/publishedData';
import { openSqliteStateStore } from '../src/state/sqliteStateStore';
import type { BenchRow } from './run';
import { scaleSnapshot, writeSyntheticDataDir, type FiguresDoc, type SnapshotTexts } from './syntheticData';

const SHIPPED = fileURLToPath(new URL('../data', import.meta.url));
const ARTICLE = fileURLToPath(new URL('../test/fixtures/article-2025-12-07.txt', import.meta.url));
const AS_OF = '2025-12-07';
/** A few runs each: the 100× steps take a good fraction of a second, and the whole section must stay well under a minute. */
const RUNS = 5;
const WARMUP = 1;
const MODERATOR = '1300000000000000002';
const DAY_MS = 86_400_000;
/** The event-loop monitor's timer: a stall shows as one delay this much longer than the block itself. */
const MONITOR_RESOLUTION_MS = 1;

/** One timed step: wall time, and the longest the event loop went without running a 1 ms timer while it ran. */
interface Timing {
  readonly ms: number;
  readonly stallMs: number;
}

/** Runs `step` under an event-loop delay monitor, started a few ms before it and stopped a few ms after, since a delay is recorded only when the timer next fires. */
async function timed(step: () => Promise<void>): Promise<Timing> {
  const monitor = monitorEventLoopDelay({ resolution: MONITOR_RESOLUTION_MS });
  monitor.enable();
  // The monitor records nothing until its timer has fired once: a block before that would go unseen.
  await sleep(3 * MONITOR_RESOLUTION_MS);
  const start = performance.now();
  await step();
  const ms = performance.now() - start;
  await sleep(3 * MONITOR_RESOLUTION_MS);
  monitor.disable();
  return { ms, stallMs: monitor.max / 1e6 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fixed = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

/** The measured runs of one case as a row: median, and the worst run (and worst stall) in the note. */
function rowOf(section: string, name: string, timings: readonly Timing[], note: string, failure: string | undefined): BenchRow {
  const ms = timings.map((t) => t.ms);
  const stall = timings.map((t) => t.stallMs);
  const parts = [
    `worst ${fixed(Math.max(...ms))} ms of ${timings.length} runs`,
    ...(stall.some((s) => s > 0) ? [`event-loop stall median ${fixed(median(stall))} ms, worst ${fixed(Math.max(...stall))} ms`] : []),
    note,
  ];
  return { section, name, ms: median(ms), ...(failure === undefined ? {} : { failure }), note: parts.join('; ') };
}

/** A logger writing nowhere, as the bot's info level does (so its cost is counted), keeping warnings and errors as problems. */
function benchLogger(problems: string[]): Logger {
  return createLogger('info', {
    destination: {
      write: (line: string) => {
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level >= 40) problems.push(entry.msg);
      },
    },
  });
}

/** A temp folder for state files, and its remover. */
async function tempFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'briefing-desk-bench-state-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

const clock = () => new Date();

/** What main does at start-up: open the state file, then bring DATA_DIR into it and build the store. */
async function startUp(dataDir: string, statePath: string, logger: Logger) {
  const state = openSqliteStateStore(statePath);
  const opened = await openPublishedData({ state, dataDir, logger, clock });
  return { state, opened };
}

/** A running desk on `dataDir` and a fresh state file; `close` ends it. */
async function startDesk(
  dataDir: string,
  statePath: string,
  logger: Logger,
): Promise<{ desk: DataModeration; close: () => Promise<void> }> {
  const { state, opened } = await startUp(dataDir, statePath, logger);
  if (!opened.ok) throw new Error(`benchmark desk did not start: ${opened.lines.join('\n')}`);
  return { desk: createDataDesk({ state, store: opened.store, dataDir, logger, clock }), close: () => state.close() };
}

/** `runs` calls after `warmup` unmeasured ones; `step(i)` gets a fresh index each call, measured or not, and returns a failure or undefined. */
async function repeat(step: (i: number) => Promise<Timing & { failure?: string }>, runs = RUNS, warmup = WARMUP) {
  const timings: Timing[] = [];
  let failure: string | undefined;
  for (let i = 0; i < warmup + runs; i++) {
    const result = await step(i);
    failure ??= result.failure;
    if (i >= warmup) timings.push(result);
  }
  return { timings, failure };
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The shipped snapshot's two files. */
async function shippedTexts(): Promise<{ figures: FiguresDoc; narrative: string }> {
  return {
    figures: JSON.parse(await readFile(join(SHIPPED, AS_OF, 'figures.json'), 'utf8')) as FiguresDoc,
    narrative: await readFile(join(SHIPPED, AS_OF, 'narrative.md'), 'utf8'),
  };
}

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/** The largest factor of the shipped snapshot whose figures.json and narrative.md both fit an upload (1 MiB each). */
function largestUploadable(base: { figures: FiguresDoc; narrative: string }): { factor: number; texts: SnapshotTexts } {
  const size = (t: SnapshotTexts) => Math.max(bytesOf(t.figures), bytesOf(t.narrative));
  const one = size(scaleSnapshot(base, 1));
  const perCopy = size(scaleSnapshot(base, 2)) - one;
  for (let factor = Math.floor((MAX_UPLOAD_BYTES - one) / perCopy) + 1; factor > 1; factor--) {
    const texts = scaleSnapshot(base, factor);
    if (size(texts) <= MAX_UPLOAD_BYTES) return { factor, texts };
  }
  return { factor: 1, texts: scaleSnapshot(base, 1) };
}

const sizeNote = (t: SnapshotTexts) =>
  `figures.json ${(bytesOf(t.figures) / 1e6).toFixed(2)} MB + narrative.md ${(bytesOf(t.narrative) / 1e6).toFixed(2)} MB`;

/**
 * Start-up from the state database: opening the state file and
 * `openPublishedData` on an empty file (DATA_DIR seeds it) and on one already
 * seeded with the same folder (nothing to import), for the shipped data and
 * the 100× synthetic data.
 */
async function startUpRows(data: readonly { name: string; dataDir: string; note: string }[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { name, dataDir, note } of data) {
    const folder = await tempFolder();
    const problems: string[] = [];
    const logger = benchLogger(problems);
    try {
      const open = async (statePath: string, expectVersions: number) => {
        // Start-up answers nobody yet, so only its wall time matters.
        const start = performance.now();
        const { state, opened } = await startUp(dataDir, statePath, logger);
        const ms = performance.now() - start;
        const stored = (await state.versions.list(AS_OF)).length;
        await state.close();
        const failure = !opened.ok
          ? opened.lines[0]
          : stored !== expectVersions
            ? `${stored} versions of ${AS_OF} stored, expected ${expectVersions}`
            : undefined;
        return { ms, stallMs: 0, ...(failure === undefined ? {} : { failure }) };
      };
      const empty = await repeat((i) => open(join(folder.path, `empty-${i}.sqlite`), 1));
      rows.push(rowOf('start-up', `empty state, ${name}`, empty.timings, `seeds version 1; ${note}`, failureOf(empty.failure, problems)));
      const seeded = join(folder.path, 'empty-0.sqlite');
      const again = await repeat(() => open(seeded, 1));
      rows.push(
        rowOf('start-up', `seeded state, ${name}`, again.timings, `DATA_DIR unchanged; ${note}`, failureOf(again.failure, problems)),
      );
    } finally {
      await folder.remove();
    }
  }
  return rows;
}

/** A wrong result, else the first warning or error the desk logged. */
function failureOf(failure: string | undefined, problems: readonly string[]): string | undefined {
  return failure ?? (problems.length > 0 ? `${problems.length} warning(s) or error(s) logged, first: ${problems[0]}` : undefined);
}

/** One upload to import each run, under an as-of date no run used before. */
type UploadCase = {
  readonly name: string;
  readonly note: string;
  readonly upload: (asOf: string) => { file: UploadedFile; narrative?: UploadedFile; asOf?: string };
};

/**
 * Import then publish, each run under a new date a week after the last, on a
 * desk started from the shipped data: the shipped article (drafted), the
 * shipped snapshot's figures.json + narrative.md, and the same scaled to the
 * largest size an upload takes. Times each step and the longest event-loop
 * stall in it.
 */
async function importPublishRows(cases: readonly UploadCase[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const folder = await tempFolder();
    const problems: string[] = [];
    const { desk, close } = await startDesk(SHIPPED, join(folder.path, 'state.sqlite'), benchLogger(problems));
    try {
      const imports: Timing[] = [];
      const publishes: Timing[] = [];
      let failure: string | undefined;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const asOf = shiftDays(AS_OF, 7 * (i + 1));
        let draftId: string | undefined;
        const imported = await timed(async () => {
          const outcome = await desk.importDraft({ actor: MODERATOR, ...c.upload(asOf) });
          if (!outcome.ok) failure ??= `import refused: ${outcome.problem}`;
          else if (outcome.review.errors.length > 0) failure ??= `draft has ${outcome.review.errors.length} validation error(s)`;
          else draftId = outcome.review.draftId;
        });
        if (draftId === undefined) break;
        const id = draftId;
        const published = await timed(async () => {
          const outcome = await desk.publishDraft(id, MODERATOR);
          if (!outcome.ok) failure ??= `publish refused: ${outcome.reason}`;
          else if (outcome.asOf !== asOf) failure ??= `published as of ${outcome.asOf}, expected ${asOf}`;
        });
        if (i >= WARMUP) {
          imports.push(imported);
          publishes.push(published);
        }
      }
      const failed = failureOf(failure, problems);
      if (imports.length === 0) {
        rows.push({ section: 'publish', name: `import ${c.name}`, ms: 0, failure: failed ?? 'no run completed', note: c.note });
        continue;
      }
      rows.push(rowOf('publish', `import ${c.name}`, imports, c.note, failed));
      rows.push(rowOf('publish', `publish ${c.name}`, publishes, c.note, failed));
    } finally {
      await close();
      await folder.remove();
    }
  }
  return rows;
}

/**
 * The 100× snapshot as only the operator can bring it (its files are over the
 * upload limit): a DATA_DIR folder changed and reloaded becomes a new version;
 * then rollbacks between two stored 100× versions, each rebuilding the target
 * snapshot from its stored text.
 */
async function largeVersionRows(large: SnapshotTexts, dataDir: string, note: string): Promise<BenchRow[]> {
  const folder = await tempFolder();
  const problems: string[] = [];
  const { desk, close } = await startDesk(dataDir, join(folder.path, 'state.sqlite'), benchLogger(problems));
  const figuresPath = join(dataDir, AS_OF, 'figures.json');
  const doc = JSON.parse(large.figures) as FiguresDoc;
  try {
    let version = 1;
    const reloads = await repeat(async (i) => {
      // Alternating between two contents: each reload finds the folder changed since its last import.
      await writeFile(figuresPath, JSON.stringify({ ...doc, title: `${doc.title} (edit ${i % 2})` }, null, 2));
      let failure: string | undefined;
      const timing = await timed(async () => {
        const outcome = await desk.reload(MODERATOR);
        const change = outcome.imported[0];
        if (!outcome.ok) failure = `reload refused: ${outcome.errors.length} error(s)`;
        else if (change === undefined) failure = 'the changed folder was not imported';
        else version = change.version;
      });
      return { ...timing, ...(failure === undefined ? {} : { failure }) };
    });
    // Back and forth between the last two versions; neither stays cached once it is out of service.
    let current = version;
    let other = version - 1;
    const rollbacks = await repeat(async () => {
      let failure: string | undefined;
      const [target, expected] = [other, current];
      const timing = await timed(async () => {
        const outcome = await desk.rollback(AS_OF, target, expected, MODERATOR);
        if (!outcome.ok) failure = `rollback refused: ${outcome.problem}`;
      });
      [current, other] = [target, expected];
      return { ...timing, ...(failure === undefined ? {} : { failure }) };
    });
    return [
      rowOf(
        'publish',
        'DATA_DIR reload, changed 100× folder',
        reloads.timings,
        `the way in for data over the upload limit; ${note}`,
        failureOf(reloads.failure, problems),
      ),
      rowOf(
        'rollback',
        '100× version',
        rollbacks.timings,
        `target rebuilt from stored text; ${note}`,
        failureOf(rollbacks.failure, problems),
      ),
    ];
  } finally {
    await close();
    await folder.remove();
  }
}

/**
 * The data desk's steps on the state database: start-up (seeding and
 * re-opening), import and publish, a DATA_DIR reload and a rollback at 100×.
 * Reported, not budgeted; a step that is refused or logs a warning fails its
 * row. Publish-time steps also report the longest event-loop stall, since
 * members are answered while they run.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const base = await shippedTexts();
  const large = scaleSnapshot(base, 100);
  const { dataDir, remove } = await writeSyntheticDataDir(AS_OF, large);
  try {
    const largeNote = `5,000 figures; ${sizeNote(large)}`;
    const rows = await startUpRows([
      { name: 'shipped data/', dataDir: SHIPPED, note: '50 figures' },
      { name: 'synthetic 100×', dataDir, note: largeNote },
    ]);
    const article = await readFile(ARTICLE);
    const shipped = scaleSnapshot(base, 1);
    const uploadable = largestUploadable(base);
    const figuresUpload = (texts: SnapshotTexts) => (asOf: string) => ({
      file: { name: 'figures.json', bytes: Buffer.from(JSON.stringify({ ...(JSON.parse(texts.figures) as FiguresDoc), asOf }, null, 2)) },
      narrative: { name: 'narrative.md', bytes: Buffer.from(texts.narrative) },
    });
    rows.push(
      ...(await importPublishRows([
        {
          name: 'shipped article',
          note: `${(article.length / 1e3).toFixed(0)} KB article, drafted`,
          upload: (asOf) => ({ file: { name: 'article.txt', bytes: article }, asOf }),
        },
        { name: 'figures.json, shipped size', note: `50 figures; ${sizeNote(shipped)}`, upload: figuresUpload(shipped) },
        {
          name: `figures.json, ${uploadable.factor}×`,
          note: `${(uploadable.factor * base.figures.figures.length).toLocaleString('en-US')} figures, the largest that fits 1 MiB uploads; ${sizeNote(uploadable.texts)}`,
          upload: figuresUpload(uploadable.texts),
        },
      ])),
    );
    rows.push(...(await largeVersionRows(large, dataDir, largeNote)));
    return rows;
  } finally {
    await remove();
  }
}
