import { createHash } from 'node:crypto';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildSnapshot, type SnapshotFile } from './buildSnapshot';
import { MAX_DATA_FILE_BYTES } from './dataLimits';
import { escapeForbiddenCharacters } from './forbiddenCharacters';
import { dataRoot, readDataFile, readDeadline, readFolder, resolveInside } from './readDataFile';
import type { LoadResult } from './loadResult';
import type { DataError, Snapshot } from './snapshot';

const FIGURES_FILE = 'figures.json';
const NARRATIVE_FILE = 'narrative.md';
const KNOWN_FILES = new Set([FIGURES_FILE, NARRATIVE_FILE]);

type Read = { ok: true; file: SnapshotFile } | { ok: false; missing: boolean; error: DataError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How a path is shown in messages: relative to the data folder's parent, e.g. `data/2025-12-07/figures.json`. */
function displayPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}

async function readText(path: string, display: string, root: string, signal: AbortSignal): Promise<Read> {
  const read = await readDataFile(path, root, MAX_DATA_FILE_BYTES, signal);
  if (!read.ok) return { ok: false, missing: read.missing, error: { file: display, message: read.message } };
  try {
    return { ok: true, file: { display, text: utf8.decode(read.bytes) } };
  } catch {
    return { ok: false, missing: false, error: { file: display, message: 'file is not valid UTF-8 text' } };
  }
}

/** Anything else in a snapshot folder is most likely a misspelt file whose content would be silently ignored. */
async function strayEntries(folder: string, shownFolder: string, signal: AbortSignal): Promise<DataError[]> {
  const read = await readFolder(folder, signal);
  if (!read.ok) return [{ file: shownFolder, message: read.message }];
  return read.names
    .filter((name) => !KNOWN_FILES.has(name) && !name.startsWith('.'))
    .map((name) => ({
      // A file name can hold control characters; it is shown escaped wherever the error goes.
      file: `${shownFolder}/${escapeForbiddenCharacters(name)}`,
      message: `unexpected file in a snapshot folder (expected only ${FIGURES_FILE} and ${NARRATIVE_FILE})`,
    }));
}

/**
 * The sha256 that names a snapshot's content: over the decoded text of
 * figures.json and narrative.md (absent: not hashed), so a folder, a stored
 * version and an exported pair of files with the same text share one hash,
 * whatever byte-order mark the files were saved with.
 */
export function snapshotContentHash(figures: string, narrative: string | undefined): string {
  const hash = createHash('sha256');
  for (const [name, text] of [
    [FIGURES_FILE, figures],
    [NARRATIVE_FILE, narrative],
  ] as const) {
    if (text === undefined) continue;
    const bytes = Buffer.from(text, 'utf8');
    // Name and length first, so moving text from one file to the other changes the hash.
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** Where a snapshot folder sits and how long its reads may take; loadDataDir passes its own. */
export interface SnapshotReadOptions {
  /** The data folder's real path (symlinks resolved); files resolving outside it are refused. Default: the folder's parent. */
  readonly root?: string;
  /** Aborts every read of the load; default: DATA_READ_TIMEOUT_MS from now. */
  readonly signal?: AbortSignal;
}

/** A loaded snapshot folder: the Snapshot and the decoded text it was built from, to store or hand back as files. */
export interface SnapshotFolder {
  readonly snapshot: Snapshot;
  readonly figures: string;
  /** Absent when the folder has no narrative.md. */
  readonly narrative?: string;
}

/**
 * Loads one snapshot folder `…/data/YYYY-MM-DD/`: figures.json (required) and
 * narrative.md (optional), validated together. Every problem in either file
 * comes back at once, located by JSON path or line; files are named relative
 * to the data folder's parent. The content hash is {@link snapshotContentHash}.
 * Only regular files inside the data folder are read (see readDataFile).
 */
export async function loadSnapshot(dir: string, options: SnapshotReadOptions = {}): Promise<LoadResult<Snapshot>> {
  const loaded = await loadSnapshotFolder(dir, options);
  return loaded.ok ? { ok: true, value: loaded.value.snapshot } : loaded;
}

/** {@link loadSnapshot}, keeping the files' text beside the Snapshot. */
export async function loadSnapshotFolder(dir: string, options: SnapshotReadOptions = {}): Promise<LoadResult<SnapshotFolder>> {
  const folder = resolve(dir);
  const shownFolder = displayPath(dirname(dirname(folder)), folder);
  const signal = options.signal ?? readDeadline();
  const root = options.root === undefined ? await dataRoot(dirname(folder), signal) : { ok: true as const, path: options.root };
  if (!root.ok) return { ok: false, errors: [{ file: displayPath(dirname(dirname(folder)), dirname(folder)), message: root.message }] };
  // A folder linked to /etc is refused before it is listed, so its file names never reach a message.
  const real = await resolveInside(root.path, folder, signal);
  if (!real.ok) return { ok: false, errors: [{ file: shownFolder, message: real.message }] };
  const [figures, narrative, stray] = await Promise.all([
    readText(join(real.path, FIGURES_FILE), `${shownFolder}/${FIGURES_FILE}`, root.path, signal),
    readText(join(real.path, NARRATIVE_FILE), `${shownFolder}/${NARRATIVE_FILE}`, root.path, signal),
    strayEntries(real.path, shownFolder, signal),
  ]);
  const errors: DataError[] = [...stray];
  if (!figures.ok) errors.push(figures.error);
  if (!narrative.ok && !narrative.missing) errors.push(narrative.error);
  if (!figures.ok || (!narrative.ok && !narrative.missing)) return { ok: false, errors };

  const built = buildSnapshot({
    folderName: basename(folder),
    folderDisplay: shownFolder,
    figures: figures.file,
    ...(narrative.ok ? { narrative: narrative.file } : {}),
    contentHash: snapshotContentHash(figures.file.text, narrative.ok ? narrative.file.text : undefined),
  });
  // A stray file does not stop the two real ones from being checked: every problem comes back in one pass.
  if (errors.length === 0 && built.ok) {
    return {
      ok: true,
      value: { snapshot: built.value, figures: figures.file.text, ...(narrative.ok ? { narrative: narrative.file.text } : {}) },
    };
  }
  return { ok: false, errors: built.ok ? errors : errors.concat(built.errors) };
}
