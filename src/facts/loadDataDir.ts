import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isCalendarDate } from './period';
import { loadSnapshot } from './loadSnapshot';
import type { LoadResult } from './loadResult';
import type { DataError, Snapshot } from './snapshot';

/**
 * Loads every snapshot folder of a data directory, sorted by as-of date.
 * Files directly in it (figures.schema.json, README.md) are ignored; a folder
 * whose name is not a calendar date is an error, as is having no snapshot at
 * all. Errors from every folder come back together.
 */
export async function loadDataDir(dataDir: string): Promise<LoadResult<readonly Snapshot[]>> {
  const shown = basename(resolve(dataDir));
  let names: string[];
  try {
    names = (await readdir(dataDir)).sort();
  } catch (e) {
    return {
      ok: false,
      errors: [{ file: shown, message: `cannot read the data folder (${(e as NodeJS.ErrnoException).code ?? String(e)})` }],
    };
  }
  const errors: DataError[] = [];
  const dated: string[] = [];
  for (const name of names) {
    const file = `${shown}/${name}`;
    let isFolder: boolean;
    try {
      // stat, not the dirent type, so a symlinked snapshot folder counts as a folder.
      isFolder = (await stat(join(dataDir, name))).isDirectory();
    } catch (e) {
      errors.push({ file, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
      continue;
    }
    if (!isFolder) continue;
    if (isCalendarDate(name)) dated.push(name);
    else
      errors.push({
        file,
        message: `folder name "${name}" is not a calendar date YYYY-MM-DD; snapshot folders are named by their as-of date`,
      });
  }
  if (dated.length === 0 && errors.length === 0) {
    return {
      ok: false,
      errors: [{ file: shown, message: `no snapshot folders in ${shown}; add one named by its as-of date, e.g. ${shown}/2025-12-07` }],
    };
  }
  const loaded = await Promise.all(dated.map((name) => loadSnapshot(join(dataDir, name))));
  const snapshots: Snapshot[] = [];
  for (const result of loaded) {
    if (result.ok) snapshots.push(result.value);
    else errors.push(...result.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  // Folder names are the as-of dates, so name order is date order.
  return { ok: true, value: Object.freeze(snapshots) };
}
