import { crossChecks } from './crossChecks';
import { figureSchema, figuresFileSchema, sourceSchema, subjectSchema, type FiguresFile } from './figuresSchema';
import { MAX_LIST_ENTRIES, MAX_OBJECT_FIELDS } from './dataLimits';
import { formatJsonPath } from './jsonPath';
import { humanizeZodIssues, type PlainIssue } from './humanizeZodIssues';
import { rawJsonProblems } from './rawJsonProblems';
import type { z } from 'zod';

/** A figures.json that passed every check, or every problem found in it. */
export type FiguresValidation = { ok: true; value: FiguresFile } | { ok: false; issues: readonly PlainIssue[] };

function itemsOf<T>(raw: unknown, key: string, schema: z.ZodType<T>): (T | undefined)[] | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const items: unknown = (raw as Record<string, unknown>)[key];
  if (!Array.isArray(items)) return undefined;
  return items.map((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? parsed.data : undefined;
  });
}

/**
 * zod skips the file-wide refinement once any entry is malformed, which would
 * make the author fix errors in rounds. This runs the same cross-checks over
 * the entries that are well formed on their own.
 */
function crossChecksOfValidEntries(raw: unknown): PlainIssue[] {
  return crossChecks({
    sources: itemsOf(raw, 'sources', sourceSchema),
    subjects: itemsOf(raw, 'subjects', subjectSchema),
    figures: itemsOf(raw, 'figures', figureSchema),
  });
}

/**
 * Validates a parsed figures.json against `figuresFileSchema`, returning every
 * problem at once as a plain message at a JSON path. Numbers that JSON.parse
 * turned into Infinity are reported as such instead of as type mismatches. An
 * oversized list or object is reported alone, before any item is validated,
 * so a huge file costs one pass rather than an error per item.
 */
export function validateFiguresFile(raw: unknown): FiguresValidation {
  const { nonFinite, oversized } = rawJsonProblems(raw);
  const sizeIssues: PlainIssue[] = oversized.map(({ path, count, of }) => ({
    path,
    message: `must have at most ${of === 'entries' ? MAX_LIST_ENTRIES : MAX_OBJECT_FIELDS} ${of}, got ${count}`,
  }));
  const infiniteIssues: PlainIssue[] = nonFinite.map((path) => ({
    path,
    message: 'not a finite number (a literal such as 1e999 overflows to Infinity); write a finite number',
  }));
  if (sizeIssues.length > 0) return { ok: false, issues: sizeIssues.concat(infiniteIssues) };

  const parsed = figuresFileSchema.safeParse(raw, { reportInput: true });
  if (parsed.success && infiniteIssues.length === 0) return { ok: true, value: parsed.data };
  if (parsed.success) return { ok: false, issues: infiniteIssues };
  const infinite = new Set(nonFinite.map(formatJsonPath));
  const zodIssues = humanizeZodIssues(parsed.error.issues).filter((issue) => !infinite.has(formatJsonPath(issue.path)));
  const seen = new Set(zodIssues.map((issue) => `${formatJsonPath(issue.path)}\n${issue.message}`));
  const more = crossChecksOfValidEntries(raw).filter((issue) => !seen.has(`${formatJsonPath(issue.path)}\n${issue.message}`));
  // concat, not push(...): a spread of a few hundred thousand issues overflows the call stack.
  return { ok: false, issues: infiniteIssues.concat(zodIssues, more) };
}
