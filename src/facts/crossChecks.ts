import { quoteShort } from './forbiddenCharacters';
import { METRICS } from './metrics';
import { namesOf, normalizeName } from './subjectName';
import type { JsonPath } from './jsonPath';
import type { FigureEntry, SourceEntry, SubjectEntry } from './figuresSchema';

/**
 * The parts of figures.json that cross-checks look at. An `undefined` item is
 * one that failed its own validation; an `undefined` section is missing or not
 * a list. Checks skip what they cannot know, so a file with a broken figure
 * still gets its duplicate ids and unfit units reported in the same pass.
 */
export interface CrossCheckInput {
  readonly sources: readonly (SourceEntry | undefined)[] | undefined;
  readonly subjects: readonly (SubjectEntry | undefined)[] | undefined;
  readonly figures: readonly (FigureEntry | undefined)[] | undefined;
}

export interface CrossCheckIssue {
  readonly path: JsonPath;
  readonly message: string;
}

function isComplete<T>(items: readonly (T | undefined)[] | undefined): items is readonly T[] {
  return items !== undefined && items.every((item) => item !== undefined);
}

function duplicates<T>(
  items: readonly (T | undefined)[] | undefined,
  key: (t: T) => string | number,
  where: string,
  what: string,
): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const seen = new Map<string | number, number>();
  items?.forEach((item, i) => {
    if (item === undefined) return;
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      issues.push({
        path: [where, i],
        message: `duplicate ${what} ${typeof k === 'string' ? quoteShort(k) : k} (first at ${where}[${first}])`,
      });
  });
  return issues;
}

function nameClashes(subjects: readonly (SubjectEntry | undefined)[] | undefined): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const owner = new Map<string, string>();
  subjects?.forEach((s, i) => {
    if (s === undefined) return;
    for (const name of namesOf(s)) {
      const key = normalizeName(name);
      const other = owner.get(key);
      if (other !== undefined && other !== s.id) {
        issues.push({ path: ['subjects', i, 'aliases'], message: `alias ${quoteShort(name)} already names subject ${quoteShort(other)}` });
      }
      owner.set(key, s.id);
    }
  });
  return issues;
}

function figureIssues(file: CrossCheckInput): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const sourceNumbers = isComplete(file.sources) ? new Set(file.sources.map((s) => s.number)) : undefined;
  const subjectIds = isComplete(file.subjects) ? new Set(file.subjects.map((s) => s.id)) : undefined;
  file.figures?.forEach((f, i) => {
    if (f === undefined) return;
    f.sources.forEach((n, j) => {
      if (sourceNumbers !== undefined && !sourceNumbers.has(n)) {
        issues.push({ path: ['figures', i, 'sources', j], message: `source [${n}] is not in "sources"` });
      }
    });
    if (subjectIds !== undefined && !subjectIds.has(f.subject)) {
      issues.push({ path: ['figures', i, 'subject'], message: `subject ${quoteShort(f.subject)} is not in "subjects"` });
    }
    if (subjectIds !== undefined && f.comparedTo !== undefined && !subjectIds.has(f.comparedTo)) {
      issues.push({ path: ['figures', i, 'comparedTo'], message: `subject ${quoteShort(f.comparedTo)} is not in "subjects"` });
    }
    const units: readonly string[] = METRICS[f.metric].units;
    if (!units.includes(f.unit)) {
      issues.push({
        path: ['figures', i, 'unit'],
        message: `unit "${f.unit}" does not fit metric "${f.metric}" (expected ${units.map((u) => `"${u}"`).join(' or ')})`,
      });
    }
    const isWord = typeof f.value === 'object' && 'word' in f.value;
    if (f.unit === 'descriptor' && !isWord) {
      issues.push({ path: ['figures', i, 'value'], message: 'unit "descriptor" takes a word value such as {"word": "overbought"}' });
    }
  });
  return issues;
}

/**
 * The rules of figures.json that look across fields or entries: unique
 * numbers and ids, names that resolve to one subject, sources and subjects
 * that exist, units that fit the metric.
 */
export function crossChecks(file: CrossCheckInput): CrossCheckIssue[] {
  return [
    ...duplicates(file.sources, (s) => s.number, 'sources', 'source number'),
    ...duplicates(file.subjects, (s) => s.id, 'subjects', 'subject id'),
    ...duplicates(file.figures, (f) => f.id, 'figures', 'figure id'),
    ...nameClashes(file.subjects),
    ...figureIssues(file),
  ];
}
