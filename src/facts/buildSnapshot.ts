import { z } from 'zod';
import { deepFreeze, FrozenMap } from './deepFreeze';
import { sourceSchema, type FiguresFile } from './figuresSchema';
import { formatJsonPath } from './jsonPath';
import { parseJson } from './parseJson';
import { parseNarrative } from './parseNarrative';
import { isCalendarDate, parsePeriod } from './period';
import { validateFiguresFile } from './validateFiguresFile';
import type { LoadResult } from './loadResult';
import type { DataError, Figure, NarrativeEntry, Snapshot } from './snapshot';
import { subjectNameIndex } from './subjectName';

/** A file of a snapshot folder: the name to show in messages, and its text. */
export interface SnapshotFile {
  readonly display: string;
  readonly text: string;
}

/** What a snapshot folder holds, already read from disk. */
export interface SnapshotFiles {
  /** The folder's name, which must be the as-of date. */
  readonly folderName: string;
  /** The folder as shown in messages, e.g. `data/2025-12-07`. */
  readonly folderDisplay: string;
  readonly figures: SnapshotFile;
  readonly narrative?: SnapshotFile;
  readonly contentHash: string;
}

const sourceListSchema = z.array(sourceSchema);

/** Source numbers a broken figures.json still declares soundly, so narrative markers can be checked in the same pass. */
function declaredSourceNumbers(raw: unknown): ReadonlySet<number> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const parsed = sourceListSchema.safeParse((raw as Record<string, unknown>).sources);
  return parsed.success ? new Set(parsed.data.map((s) => s.number)) : undefined;
}

function declaredAsOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const asOf = (raw as Record<string, unknown>).asOf;
  return typeof asOf === 'string' && isCalendarDate(asOf) ? asOf : undefined;
}

function toSnapshot(file: FiguresFile, narrative: readonly NarrativeEntry[], contentHash: string): Snapshot {
  const figures = file.figures.map((f): Figure => {
    const period = parsePeriod(f.period);
    if (!period.ok) throw new Error(`figure ${f.id}: validated period "${f.period}" failed to parse`);
    return { ...f, period: period.period };
  });
  return deepFreeze({
    asOf: file.asOf,
    title: file.title,
    ...(file.summary === undefined ? {} : { summary: file.summary }),
    sources: new FrozenMap(file.sources.map((s) => [s.number, s] as const)),
    subjects: file.subjects,
    figures,
    narrative,
    contentHash,
  });
}

/**
 * Validates a snapshot folder's files and assembles the immutable Snapshot,
 * or returns every problem found in either file, each located by JSON path or
 * line. Pure: the caller reads the files.
 */
export function buildSnapshot(files: SnapshotFiles): LoadResult<Snapshot> {
  const errors: DataError[] = [];
  const { figures: figuresFile } = files;
  if (!isCalendarDate(files.folderName)) {
    errors.push({ file: files.folderDisplay, message: `folder name "${files.folderName}" is not a calendar date YYYY-MM-DD` });
  }

  let valid: FiguresFile | undefined;
  let sourceNumbers: ReadonlySet<number> | undefined;
  const json = parseJson(figuresFile.text);
  if (!json.ok) {
    errors.push({
      file: figuresFile.display,
      location: `line ${json.position.line}, column ${json.position.column}`,
      message: json.message,
    });
  } else {
    const checked = validateFiguresFile(json.value);
    if (checked.ok) valid = checked.value;
    else {
      for (const issue of checked.issues) {
        const location = formatJsonPath(issue.path);
        errors.push({ file: figuresFile.display, ...(location === '' ? {} : { location }), message: issue.message });
      }
    }
    sourceNumbers = valid === undefined ? declaredSourceNumbers(json.value) : new Set(valid.sources.map((s) => s.number));
    const asOf = declaredAsOf(json.value);
    if (asOf !== undefined && isCalendarDate(files.folderName) && asOf !== files.folderName) {
      errors.push({
        file: figuresFile.display,
        location: 'asOf',
        message: `asOf "${asOf}" does not match the folder name "${files.folderName}"`,
      });
    }
  }

  let narrative: readonly NarrativeEntry[] = [];
  if (files.narrative !== undefined) {
    const parsed = parseNarrative(files.narrative.text, files.narrative.display, sourceNumbers);
    if (parsed.ok) narrative = parsed.value;
    else for (const error of parsed.errors) errors.push(error);
  }

  if (errors.length > 0 || valid === undefined) return { ok: false, errors };
  const snapshot = toSnapshot(valid, narrative, files.contentHash);
  // Names are indexed while loading, which a reload already pays for, rather than on the first autocomplete keystroke.
  subjectNameIndex(snapshot);
  return { ok: true, value: snapshot };
}
