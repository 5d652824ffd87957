import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildSnapshot, type SnapshotFile } from './buildSnapshot';
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

async function readText(path: string, display: string): Promise<Read> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    return {
      ok: false,
      missing,
      error: { file: display, message: missing ? 'file is missing' : `cannot read file (${code ?? String(e)})` },
    };
  }
  try {
    return { ok: true, bytes, file: { display, text: utf8.decode(bytes) } };
  } catch {
    return { ok: false, missing: false, error: { file: display, message: 'file is not valid UTF-8 text' } };
  }
}

/** Anything else in a snapshot folder is most likely a misspelt file whose content would be silently ignored. */
async function strayEntries(folder: string, root: string): Promise<DataError[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => !KNOWN_FILES.has(name) && !name.startsWith('.'))
    .sort()
    .map((name) => ({
      file: displayPath(root, join(folder, name)),
      message: `unexpected file in a snapshot folder (expected only ${FIGURES_FILE} and ${NARRATIVE_FILE})`,
    }));
}

/**
 * Loads one snapshot folder `…/data/YYYY-MM-DD/`: figures.json (required) and
 * narrative.md (optional), validated together. Every problem in either file
 * comes back at once, located by JSON path or line; files are named relative
 * to the data folder's parent. The content hash is sha256 over both files.
 */
export async function loadSnapshot(dir: string): Promise<LoadResult<Snapshot>> {
  const folder = resolve(dir);
  const root = dirname(dirname(folder));
  const [figures, narrative, stray] = await Promise.all([
    readText(join(folder, FIGURES_FILE), displayPath(root, join(folder, FIGURES_FILE))),
    readText(join(folder, NARRATIVE_FILE), displayPath(root, join(folder, NARRATIVE_FILE))),
    strayEntries(folder, root),
  ]);
  const errors: DataError[] = [...stray];
  if (!figures.ok) errors.push(figures.error);
  if (!narrative.ok && !narrative.missing) errors.push(narrative.error);
  if (!figures.ok || errors.length > 0) return { ok: false, errors };

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
  return buildSnapshot({
    folderName: basename(folder),
    folderDisplay: displayPath(root, folder),
    figures: figures.file,
    ...(narrative.ok ? { narrative: narrative.file } : {}),
    contentHash: hash.digest('hex'),
  });
}
