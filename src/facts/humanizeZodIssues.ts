import type { z } from 'zod';
import { quoteShort } from './forbiddenCharacters';
import type { JsonPath } from './jsonPath';

type Issue = z.core.$ZodIssue;

/** One validation problem in words a data author understands, at a JSON path. */
export interface PlainIssue {
  readonly path: JsonPath;
  readonly message: string;
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

/** A short, quoted rendering of a value the author wrote. */
function shown(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'string') return quoteShort(input);
  return String(input);
}

function quotedList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function plural(n: number | bigint, one: string, many: string): string {
  return `${n} ${n === 1 || n === 1n ? one : many}`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const { minimum, origin, inclusive } = issue;
  if (origin === 'string') return minimum === 1 ? 'must not be empty' : `needs at least ${plural(minimum, 'character', 'characters')}`;
  if (origin === 'array') return `needs at least ${plural(minimum, 'entry', 'entries')}`;
  return `${inclusive ? 'must be at least' : 'must be greater than'} ${minimum}, got ${shown(issue.input)}`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const { maximum, origin, inclusive } = issue;
  const { input } = issue;
  if (origin === 'string') {
    return `must be at most ${plural(maximum, 'character', 'characters')}${typeof input === 'string' ? `, got ${input.length}` : ''}`;
  }
  if (origin === 'array') {
    return `must have at most ${plural(maximum, 'entry', 'entries')}${Array.isArray(input) ? `, got ${input.length}` : ''}`;
  }
  return `${inclusive ? 'must be at most' : 'must be less than'} ${maximum}, got ${shown(issue.input)}`;
}

/** A branch whose only complaint is that the value is of another kind altogether. */
function isWrongKind(branch: readonly Issue[]): boolean {
  return branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
}

/**
 * A union fails as a whole; the useful complaint is the one from the form the
 * author evidently meant (an object with "low" is a range missing its "high").
 * The recursion into `humanize` follows unions nested in the schema (one
 * level, the figure value), never the depth of the input: zod reports an
 * unexpected nested value as one issue at its top without descending into it.
 */
function union(issue: Extract<Issue, { code: 'invalid_union' }>, path: JsonPath): PlainIssue[] {
  const plausible = issue.errors.filter((branch) => !isWrongKind(branch));
  const fewest = Math.min(...plausible.map((b) => b.length));
  const best = plausible.filter((b) => b.length === fewest);
  if (best.length === 1) return best[0]!.flatMap((inner) => humanize(inner, path));
  // zod's default message says nothing; a schema-given one (see figureValueSchema) lists the forms.
  const kinds = issue.errors.flatMap((branch) =>
    branch.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [ARTICLE[i.expected] ?? i.expected] : [])),
  );
  const expected = issue.message === 'Invalid input' ? `expected ${[...new Set(kinds)].join(' or ')}` : issue.message;
  return [{ path, message: `${expected}, got ${shown(issue.input)}` }];
}

function humanize(issue: Issue, base: JsonPath): PlainIssue[] {
  const path = [...base, ...issue.path];
  const at = (message: string): PlainIssue[] => [{ path, message }];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLE[issue.expected] ?? issue.expected;
      return at(issue.input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${shown(issue.input)}`);
    }
    case 'invalid_value': {
      const expected = `${issue.values.length === 1 ? '' : 'one of '}${quotedList(issue.values)}`;
      return at(issue.input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${shown(issue.input)}`);
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path, message: `unknown field ${quoteShort(key)}` }));
    case 'invalid_union':
      return union(issue, path);
    case 'too_small':
      return at(tooSmall(issue));
    case 'too_big':
      return at(tooBig(issue));
    case 'invalid_format':
      return at(issue.format === 'url' ? `expected a URL, got ${shown(issue.input)}` : `${issue.message}, got ${shown(issue.input)}`);
    case 'custom': {
      const input = issue.input;
      const primitive = typeof input === 'string' || typeof input === 'number';
      return at(primitive && !issue.message.includes(String(input)) ? `${issue.message}, got ${shown(input)}` : issue.message);
    }
    default:
      return at(issue.message);
  }
}

/**
 * Turns zod issues into plain ones: enum problems list the allowed values,
 * unknown keys become one `unknown field "foo"` each, unions report the branch
 * the author meant. Parse with `reportInput: true` so messages can quote what
 * was written.
 */
export function humanizeZodIssues(issues: readonly Issue[]): PlainIssue[] {
  return issues.flatMap((issue) => humanize(issue, []));
}
