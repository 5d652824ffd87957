import { basename, join, resolve } from 'node:path';
import { MAX_SNAPSHOT_FOLDERS } from './dataLimits';
import { escapeForbiddenCharacters } from './forbiddenCharacters';
import { isCalendarDate } from './period';
import { loadSnapshotFolder, type SnapshotFolder } from './loadSnapshot';
import { dataRoot, isFolder, readDeadline, readFolder, resolveInside } from './readDataFile';
import type { LoadResult } from './loadResult';
import type { DataError, Snapshot } from './snapshot';

/**
 * Loads every snapshot folder of a data directory, sorted by as-of date.
 * Files directly in it (figures.schema.json, README.md) are ignored; a folder
 * whose name is not a calendar date is an error, as is having no snapshot at
 * all, or more than MAX_SNAPSHOT_FOLDERS. Only what lies inside the data
 * folder is read, and every read shares one deadline (`signal`, by default
 * DATA_READ_TIMEOUT_MS from now). Errors from every folder come back together.
 */
export async function loadDataDir(dataDir: string, signal: AbortSignal = readDeadline()): Promise<LoadResult<readonly Snapshot[]>> {
  const loaded = await loadDataDirFolders(dataDir, signal);
  return loaded.ok ? { ok: true, value: Object.freeze(loaded.value.map((folder) => folder.snapshot)) } : loaded;
}

/** {@link loadDataDir}, keeping each folder's text beside its Snapshot. */
export async function loadDataDirFolders(
  dataDir: string,
  signal: AbortSignal = readDeadline(),
): Promise<LoadResult<readonly SnapshotFolder[]>> {
  const shown = basename(resolve(dataDir));
  const root = await dataRoot(dataDir, signal);
  const listing = root.ok ? await readFolder(root.path, signal) : root;
  if (!root.ok || !listing.ok) {
    const reason = root.ok ? listing : root;
    const message = reason.ok ? '' : reason.missing ? 'ENOENT' : reason.message;
    return { ok: false, errors: [{ file: shown, message: `cannot read the data folder (${message})` }] };
  }
  const errors: DataError[] = [];
  const dated: string[] = [];
  for (const name of listing.names) {
    const file = `${shown}/${escapeForbiddenCharacters(name)}`;
    // stat follows links, so a symlinked snapshot folder counts as a folder; it must still resolve inside the data folder.
    const folder = await isFolder(join(root.path, name), signal);
    if (typeof folder !== 'boolean') {
      errors.push({ file, message: folder.missing ? 'cannot read (ENOENT)' : folder.message });
      continue;
    }
    if (!folder) continue;
    const inside = await resolveInside(root.path, join(root.path, name), signal);
    if (!inside.ok) errors.push({ file, message: inside.message });
    else if (isCalendarDate(name)) dated.push(name);
    else
      errors.push({
        file,
        message: `folder name "${escapeForbiddenCharacters(name)}" is not a calendar date YYYY-MM-DD; snapshot folders are named by their as-of date`,
      });
  }
  if (dated.length > MAX_SNAPSHOT_FOLDERS) {
    errors.push({
      file: shown,
      message: `${dated.length} snapshot folders; at most ${MAX_SNAPSHOT_FOLDERS} are loaded, so move old ones out of ${shown}`,
    });
    return { ok: false, errors };
  }
  if (dated.length === 0 && errors.length === 0) {
    return {
      ok: false,
      errors: [{ file: shown, message: `no snapshot folders in ${shown}; add one named by its as-of date, e.g. ${shown}/2025-12-07` }],
    };
  }
  const loaded = await Promise.all(dated.map((name) => loadSnapshotFolder(join(dataDir, name), { root: root.path, signal })));
  const folders: SnapshotFolder[] = [];
  for (const result of loaded) {
    if (result.ok) folders.push(result.value);
    else for (const error of result.errors) errors.push(error);
  }
  if (errors.length > 0) return { ok: false, errors };
  // Folder names are the as-of dates, so name order is date order.
  return { ok: true, value: Object.freeze(folders) };
}
