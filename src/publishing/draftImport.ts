import { extname } from 'node:path';
import { decodeArticle } from '../draft/articleInput';
import { narrativeHeadings } from '../draft/draftReport';
import { draftSnapshot } from '../draft/draftSnapshot';
import { knownData } from '../draft/knownData';
import { buildSnapshot } from '../facts/buildSnapshot';
import { escapeForbiddenCharacters } from '../facts/forbiddenCharacters';
import { snapshotContentHash } from '../facts/loadSnapshot';
import { parseJson } from '../facts/parseJson';
import { isCalendarDate } from '../facts/period';
import type { Snapshot } from '../facts/snapshot';
import type { DraftFindings, NewDraft } from './dataDrafts';
import { countsOf, type ImportRequest, type SnapshotCounts } from './dataModeration';

/**
 * An upload turned into a draft: decoded under the upload limits, drafted
 * when it is an article, and validated by the same buildSnapshot a reload
 * uses. Pure: the caller stores the draft.
 */

export type PreparedDraft = Omit<NewDraft, 'owner'> & {
  /** The validated snapshot; absent when the draft has errors. */
  readonly snapshot?: Snapshot;
};

export type Preparation = { readonly ok: true; readonly draft: PreparedDraft } | { readonly ok: false; readonly problem: string };

const ACCEPTED = 'an article (.txt or .md) or a figures.json (.json, with its narrative.md as narrative)';

/** Counts of files that did not validate, as far as they can be read, so the review still says roughly what came in. */
function roughCounts(figures: string, narrative: string | undefined): SnapshotCounts {
  const json = parseJson(figures);
  const lengthOf = (key: string): number => {
    if (!json.ok || typeof json.value !== 'object' || json.value === null) return 0;
    const list = (json.value as Record<string, unknown>)[key];
    return Array.isArray(list) ? list.length : 0;
  };
  return {
    figures: lengthOf('figures'),
    sources: lengthOf('sources'),
    narrative: narrative === undefined ? 0 : narrativeHeadings(narrative).length,
  };
}

function declaredAsOf(figures: string): string | undefined {
  const json = parseJson(figures);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return undefined;
  const asOf = (json.value as Record<string, unknown>).asOf;
  return typeof asOf === 'string' && isCalendarDate(asOf) ? asOf : undefined;
}

/** Validates the draft's files exactly as a reload validates a folder named `asOf`, under the names given. */
function validated(
  base: Omit<PreparedDraft, 'contentHash' | 'findings' | 'snapshot'>,
  names: { readonly figures: string; readonly narrative: string },
  extra: Pick<DraftFindings, 'unresolved' | 'asOfReason'>,
): PreparedDraft {
  const contentHash = snapshotContentHash(base.figures, base.narrative);
  const built = buildSnapshot({
    folderName: base.asOf,
    folderDisplay: base.asOf,
    figures: { display: names.figures, text: base.figures },
    ...(base.narrative === undefined ? {} : { narrative: { display: names.narrative, text: base.narrative } }),
    contentHash,
  });
  const findings: DraftFindings = {
    counts: built.ok ? countsOf(built.value) : roughCounts(base.figures, base.narrative),
    errors: built.ok ? [] : built.errors,
    unresolved: extra.unresolved,
    ...(extra.asOfReason === undefined ? {} : { asOfReason: extra.asOfReason }),
  };
  return { ...base, contentHash, findings, ...(built.ok ? { snapshot: built.value } : {}) };
}

function prepareArticle(request: ImportRequest, text: string, known: readonly Snapshot[]): Preparation {
  const name = escapeForbiddenCharacters(request.file.name);
  if (request.narrative !== undefined) {
    return {
      ok: false,
      problem: `${name} is an article, and an article is drafted into its own narrative.md: import it without a narrative (a narrative goes with a figures.json)`,
    };
  }
  const { subjects, figures } = knownData(known);
  const result = draftSnapshot({
    article: text,
    ...(request.asOf === undefined ? {} : { asOf: request.asOf }),
    knownSubjects: subjects,
    previousFigures: figures,
  });
  if (!result.ok) {
    // The drafter speaks to the command line; here the date is the import's as-of option.
    const error = result.error.replaceAll('--as-of', 'the as-of option');
    return { ok: false, problem: `${name}${/^line \d/.test(error) ? ' ' : ': '}${error}` };
  }
  const draft = result.draft;
  return {
    ok: true,
    draft: validated(
      {
        kind: 'article',
        fileName: request.file.name,
        asOf: draft.asOf,
        figures: `${JSON.stringify(draft.figuresFile, null, 2)}\n`,
        narrative: draft.narrative,
      },
      { figures: 'figures.json', narrative: 'narrative.md' },
      {
        unresolved: draft.unresolved,
        asOfReason: request.asOf === undefined ? draft.asOfReason : 'given with the as-of option',
      },
    ),
  };
}

function prepareFigures(request: ImportRequest, text: string): Preparation {
  const name = escapeForbiddenCharacters(request.file.name);
  let narrative: string | undefined;
  if (request.narrative !== undefined) {
    const narrativeName = escapeForbiddenCharacters(request.narrative.name);
    if (extname(request.narrative.name).toLowerCase() !== '.md') {
      return { ok: false, problem: `the narrative ${narrativeName} is not a .md file; attach the snapshot's narrative.md` };
    }
    const decoded = decodeArticle(request.narrative.bytes, { what: `the narrative ${narrativeName}`, expected: 'Markdown text' });
    if (!decoded.ok) return { ok: false, problem: decoded.error };
    narrative = decoded.text;
  }
  const declared = declaredAsOf(text);
  if (request.asOf !== undefined && declared !== undefined && declared !== request.asOf) {
    return {
      ok: false,
      problem: `${name} is as of ${declared} but the as-of option says ${request.asOf}; leave the option out, or change asOf in the file`,
    };
  }
  const asOf = request.asOf ?? declared;
  if (asOf === undefined) {
    const json = parseJson(text);
    // Without a date there is no draft to hold the errors, so the one that hides the date is answered, located.
    if (!json.ok) return { ok: false, problem: `${name} line ${json.position.line}, column ${json.position.column}: ${json.message}` };
    return {
      ok: false,
      problem: `${name} has no asOf date that can be read (is it valid JSON with "asOf": "YYYY-MM-DD"?); fix it, or give the date with the as-of option to see every error`,
    };
  }
  return {
    ok: true,
    draft: validated(
      { kind: 'figures', fileName: request.file.name, asOf, figures: text, ...(narrative === undefined ? {} : { narrative }) },
      { figures: request.file.name, narrative: request.narrative?.name ?? 'narrative.md' },
      { unresolved: [] },
    ),
  };
}

/**
 * Turns an import request into a draft, or a sentence saying why it cannot
 * be one. `known` (the snapshots in service) gives an article draft its
 * subjects and figure ids. A draft whose files do not validate is still a
 * draft: its errors are listed, and its files can be downloaded to fix.
 */
export function prepareDraft(request: ImportRequest, known: readonly Snapshot[]): Preparation {
  if (request.asOf !== undefined && !isCalendarDate(request.asOf)) {
    return { ok: false, problem: `as-of "${escapeForbiddenCharacters(request.asOf)}" is not a real date written YYYY-MM-DD` };
  }
  const name = escapeForbiddenCharacters(request.file.name);
  const extension = extname(request.file.name).toLowerCase();
  const kind = extension === '.json' ? 'figures' : extension === '.txt' || extension === '.md' ? 'article' : undefined;
  if (kind === undefined) return { ok: false, problem: `${name} is neither of what an import takes: ${ACCEPTED}` };
  const decoded = decodeArticle(
    request.file.bytes,
    kind === 'article' ? undefined : { what: name, expected: 'JSON text (a figures.json)' },
  );
  if (!decoded.ok) return { ok: false, problem: kind === 'article' ? `${name}: ${decoded.error}` : decoded.error };
  return kind === 'article' ? prepareArticle(request, decoded.text, known) : prepareFigures(request, decoded.text);
}
