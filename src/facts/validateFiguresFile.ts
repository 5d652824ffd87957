import { crossChecks } from './crossChecks';
import { figureSchema, figuresFileSchema, sourceSchema, subjectSchema, type FiguresFile } from './figuresSchema';
import { formatJsonPath, samePath } from './jsonPath';
import { humanizeZodIssues, type PlainIssue } from './humanizeZodIssues';
import { nonFiniteNumbers } from './nonFiniteNumbers';
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
 * turned into Infinity are reported as such instead of as type mismatches.
 */
export function validateFiguresFile(raw: unknown): FiguresValidation {
  const infinite = nonFiniteNumbers(raw);
  const parsed = figuresFileSchema.safeParse(raw, { reportInput: true });
  if (parsed.success && infinite.length === 0) return { ok: true, value: parsed.data };

  const issues: PlainIssue[] = infinite.map((path) => ({
    path,
    message: 'not a finite number (a literal such as 1e999 overflows to Infinity); write a finite number',
  }));
  if (!parsed.success) {
    const zodIssues = humanizeZodIssues(parsed.error.issues).filter((issue) => !infinite.some((p) => samePath(p, issue.path)));
    const seen = new Set(zodIssues.map((issue) => `${formatJsonPath(issue.path)}\n${issue.message}`));
    const more = crossChecksOfValidEntries(raw).filter((issue) => !seen.has(`${formatJsonPath(issue.path)}\n${issue.message}`));
    issues.push(...zodIssues, ...more);
  }
  return { ok: false, issues };
}
