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

type Read = { ok: true; bytes: Buffer; file: SnapshotFile } | { ok: false; missing: boolean; error: DataError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How a path is shown in messages: relative to the data folder's parent, e.g. `data/2025-12-07/figures.json`. */
function displayPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}

async function readText(path: string, display: string, root: string, signal: AbortSignal): Promise<Read> {
  const read = await readDataFile(path, root, MAX_DATA_FILE_BYTES, signal);
  if (!read.ok) return { ok: false, missing: read.missing, error: { file: display, message: read.message } };
  try {
    return { ok: true, bytes: read.bytes, file: { display, text: utf8.decode(read.bytes) } };
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

/** Where a snapshot folder sits and how long its reads may take; loadDataDir passes its own. */
export interface SnapshotReadOptions {
  /** The data folder's real path (symlinks resolved); files resolving outside it are refused. Default: the folder's parent. */
  readonly root?: string;
  /** Aborts every read of the load; default: DATA_READ_TIMEOUT_MS from now. */
  readonly signal?: AbortSignal;
}

/**
 * Loads one snapshot folder `…/data/YYYY-MM-DD/`: figures.json (required) and
 * narrative.md (optional), validated together. Every problem in either file
 * comes back at once, located by JSON path or line; files are named relative
 * to the data folder's parent. The content hash is sha256 over both files.
 * Only regular files inside the data folder are read (see readDataFile).
 */
export async function loadSnapshot(dir: string, options: SnapshotReadOptions = {}): Promise<LoadResult<Snapshot>> {
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

  const hash = createHash('sha256');
  for (const [name, read] of [
    [FIGURES_FILE, figures],
    [NARRATIVE_FILE, narrative],
  ] as const) {
    if (!read.ok) continue;
    // Name and length first, so moving text from one file to the other changes the hash.
    hash.update(`${name}\0${read.bytes.length}\0`);
    hash.update(read.bytes);
  }
  const built = buildSnapshot({
    folderName: basename(folder),
    folderDisplay: shownFolder,
    figures: figures.file,
    ...(narrative.ok ? { narrative: narrative.file } : {}),
    contentHash: hash.digest('hex'),
  });
  // A stray file does not stop the two real ones from being checked: every problem comes back in one pass.
  if (errors.length === 0) return built;
  return { ok: false, errors: built.ok ? errors : errors.concat(built.errors) };
}
