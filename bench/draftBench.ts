import { readFile } from 'node:fs/promises';
import { scoreDraft } from '../src/draft/accuracy';
import { draftSnapshot } from '../src/draft/draftSnapshot';
import { DRAFT_FIXTURES, KNOWN_SUBJECTS } from '../test/draft/draftFixtures';
import type { BenchRow } from './run';

/** The shipped article must draft within 200 ms; the fixtures written for the tests are held to the same. */
const BUDGET_MS = 200;
const RECALL_GOAL = 0.85;
const PRECISION_GOAL = 0.95;
const RUNS = 21;
const WARMUP = 3;

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Per fixture article: draft time (median), and recall and precision against the figures a person drew from it. */
export async function run(): Promise<readonly BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const fixture of DRAFT_FIXTURES) {
    const article = await readFile(fixture.path, 'utf8');
    const draft = () => draftSnapshot({ article, knownSubjects: KNOWN_SUBJECTS });
    for (let i = 0; i < WARMUP; i++) draft();
    const times: number[] = [];
    let result = draft();
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      result = draft();
      times.push(performance.now() - start);
    }
    if (!result.ok) {
      rows.push({ section: 'draft', name: fixture.name, ms: median(times), budgetMs: BUDGET_MS, failure: result.error });
      continue;
    }
    const score = scoreDraft(
      result.draft.figures.map((f) => f.figure),
      fixture.expected,
    );
    const short = score.recall < RECALL_GOAL || score.precision < PRECISION_GOAL;
    rows.push({
      section: 'draft',
      name: fixture.name,
      ms: median(times),
      budgetMs: BUDGET_MS,
      ...(short && { failure: `below the goal (recall >= 85 %, precision >= 95 %)` }),
      note: `recall ${percent(score.recall)} (${fixture.expected.length - score.missed.length}/${fixture.expected.length}), precision ${percent(score.precision)} (${result.draft.figures.length - score.wrong.length}/${result.draft.figures.length}), ${result.draft.unresolved.length} unresolved`,
    });
  }
  return rows;
}
