import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { figuresFileSchema, type FigureEntry, type SubjectEntry } from '../../src/facts/figuresSchema';
import type { ScoredFigure } from '../../src/draft/accuracy';
import type { Draft } from '../../src/draft/draftSnapshot';
import { buildSnapshot } from '../../src/facts/buildSnapshot';
import type { DataError } from '../../src/facts/snapshot';

/**
 * The articles the drafter is measured on, each with the figures a person
 * drew from it: the shipped article against the curated data/2025-12-07, and
 * articles written for the tests (fiction) against their .expected.json.
 */
export interface DraftFixture {
  readonly name: string;
  readonly path: string;
  readonly expected: readonly ScoredFigure[];
  /** Numbers the article states that a person would not make figures of. */
  readonly unresolved: readonly string[];
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const shipped = figuresFileSchema.parse(JSON.parse(readFileSync(new URL('../../data/2025-12-07/figures.json', import.meta.url), 'utf8')));

/** What the CLI knows with the default DATA_DIR: the shipped data's subjects and figures. */
export const KNOWN_SUBJECTS: readonly SubjectEntry[] = shipped.subjects;
export const PREVIOUS_FIGURES: readonly FigureEntry[] = shipped.figures;

function fiction(name: string): DraftFixture {
  const expected = JSON.parse(readFileSync(fixture(name.replace(/\.\w+$/, '.expected.json')), 'utf8')) as {
    figures: ScoredFigure[];
    unresolved: string[];
  };
  return { name, path: fixture(name), expected: expected.figures, unresolved: expected.unresolved };
}

export const DRAFT_FIXTURES: readonly DraftFixture[] = [
  { name: 'article-2025-12-07.txt', path: fixture('article-2025-12-07.txt'), expected: shipped.figures, unresolved: ['1', '12'] },
  fiction('article-fiction-2026-03-13.txt'),
  fiction('article-fiction-2026-06-19.md'),
  fiction('article-fiction-2026-04-24.md'),
  fiction('article-fiction-2026-02-06.txt'),
  fiction('article-fiction-2026-07-10.md'),
  fiction('article-fiction-2026-11-20.txt'),
  fiction('article-fiction-2025-12-14.txt'),
  fiction('article-fiction-2025-12-21.md'),
  fiction('article-fiction-2026-01-02.txt'),
  fiction('article-fiction-2026-01-09.md'),
  fiction('article-fiction-2026-01-30.txt'),
];

/** What the loader says of a draft as the CLI would write it: no errors means `data:check` accepts it. */
export function loaderErrorsOf(draft: Draft): readonly DataError[] {
  const loaded = buildSnapshot({
    folderName: draft.asOf,
    folderDisplay: `drafts/${draft.asOf}`,
    figures: { display: 'figures.json', text: JSON.stringify(draft.figuresFile) },
    narrative: { display: 'narrative.md', text: draft.narrative },
    contentHash: 'test',
  });
  return loaded.ok ? [] : loaded.errors;
}
