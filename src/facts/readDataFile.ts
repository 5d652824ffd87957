import { constants } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';
import { DATA_READ_TIMEOUT_MS } from './dataLimits';

/**
 * Reading data files so that no file can stall or trick the loader: only
 * regular files inside the data folder, never more than a size limit, and
 * never longer than a deadline. A FIFO given to `readFile` blocks one of
 * libuv's four threads forever (a few of them freeze every file read and DNS
 * lookup of the process); a symlink could show files from anywhere.
 */

/** A refusal or failure, in words for the data author; `missing` when there is simply no such file. */
export interface ReadProblem {
  readonly ok: false;
  readonly missing: boolean;
  readonly message: string;
}

export type Resolved = { readonly ok: true; readonly path: string } | ReadProblem;
export type FileRead = { readonly ok: true; readonly bytes: Buffer } | ReadProblem;
export type FolderRead = { readonly ok: true; readonly names: readonly string[] } | ReadProblem;

/** Thrown inside this module when the deadline passes; callers get a ReadProblem instead. */
class DeadlinePassed extends Error {}

const TIMED_OUT = `reading took longer than ${DATA_READ_TIMEOUT_MS / 1000} s, so the disk or file system is not answering; nothing was loaded`;
const OUTSIDE = 'is a link to a place outside the data folder; only files and folders inside it are read';

function problem(message: string, missing = false): ReadProblem {
  return { ok: false, missing, message };
}

function failure(e: unknown): ReadProblem {
  if (e instanceof DeadlinePassed) return problem(TIMED_OUT);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return problem('file is missing', true);
  return problem(`cannot read (${code ?? String(e)})`);
}

/** One rejection per deadline, shared by every read of a load: a listener per read would pile up thousands on one signal. */
const deadlines = new WeakMap<AbortSignal, Promise<never>>();

function deadlineOf(signal: AbortSignal): Promise<never> {
  let deadline = deadlines.get(signal);
  if (deadline === undefined) {
    deadline = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(new DeadlinePassed());
      else signal.addEventListener('abort', () => reject(new DeadlinePassed()), { once: true });
    });
    // Handled here, so a deadline that passes after the load has finished is not an unhandled rejection.
    deadline.catch(() => undefined);
    deadlines.set(signal, deadline);
  }
  return deadline;
}

/** `work`, or a DeadlinePassed rejection once `signal` aborts. The work itself cannot be cancelled; it is abandoned. */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlinePassed());
  return Promise.race([work, deadlineOf(signal)]);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** What a non-regular file is, for the message that refuses it. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function notRegular(stats: Stats): ReadProblem {
  return problem(`is ${kindOf(stats)}, not a regular file; only regular files are read`);
}

/** A deadline for one whole load: every read of it shares the one time-out. */
export function readDeadline(): AbortSignal {
  return AbortSignal.timeout(DATA_READ_TIMEOUT_MS);
}

/** The real path of the data folder itself, which every other path must resolve inside. */
export async function dataRoot(dataDir: string, signal: AbortSignal): Promise<Resolved> {
  try {
    return { ok: true, path: await beforeDeadline(realpath(dataDir), signal) };
  } catch (e) {
    return failure(e);
  }
}

/** The real path of `path`, refused when a symlink takes it outside `root` (a real path). */
export async function resolveInside(root: string, path: string, signal: AbortSignal): Promise<Resolved> {
  try {
    const real = await beforeDeadline(realpath(path), signal);
    return isInside(root, real) ? { ok: true, path: real } : problem(OUTSIDE);
  } catch (e) {
    return failure(e);
  }
}

/** The names in a folder already resolved inside the data folder, sorted. */
export async function readFolder(folder: string, signal: AbortSignal): Promise<FolderRead> {
  try {
    return { ok: true, names: (await beforeDeadline(readdir(folder), signal)).sort() };
  } catch (e) {
    return failure(e);
  }
}

/** Whether `path` (resolved inside the data folder) is a folder; `stat` does not open it, so a FIFO cannot block here. */
export async function isFolder(path: string, signal: AbortSignal): Promise<boolean | ReadProblem> {
  try {
    return (await beforeDeadline(stat(path), signal)).isDirectory();
  } catch (e) {
    return failure(e);
  }
}

async function readOpen(handle: FileHandle, maxBytes: number, signal: AbortSignal): Promise<FileRead> {
  // fstat on the open descriptor: what is read is what was checked, even if the path is swapped meanwhile.
  const stats = await beforeDeadline(handle.stat(), signal);
  if (!stats.isFile()) return notRegular(stats);
  const tooBig = (size: number) =>
    problem(
      `is ${size.toLocaleString('en-US')} bytes; the limit is ${maxBytes.toLocaleString('en-US')} bytes (${maxBytes / 1_048_576} MiB)`,
    );
  if (stats.size > maxBytes) return tooBig(stats.size);
  // One byte more than allowed, so a file that grew since fstat is caught rather than cut.
  let buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) return tooBig(length);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await beforeDeadline(handle.read(buffer, length, buffer.length - length, null), signal);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > maxBytes) return tooBig(length);
  return { ok: true, bytes: buffer.subarray(0, length) };
}

/**
 * Reads a data file whole: refused unless it resolves inside `root` and is a
 * regular file of at most `maxBytes` (see {@link readRegularFile}).
 */
export async function readDataFile(path: string, root: string, maxBytes: number, signal: AbortSignal): Promise<FileRead> {
  const resolved = await resolveInside(root, path, signal);
  if (!resolved.ok) return resolved;
  // The real path, opened without following links: a link swapped in since realpath is refused rather than followed out.
  return readRegularFile(resolved.path, maxBytes, signal, constants.O_NOFOLLOW);
}

/**
 * Reads a file whole, refused unless it is a regular file of at most
 * `maxBytes`: also for a file named on a command line, where a FIFO or
 * /dev/zero would otherwise hang the tool or fill its memory. Opened
 * non-blocking, so a FIFO is refused by fstat instead of waiting for a writer
 * that never comes.
 */
export async function readRegularFile(path: string, maxBytes: number, signal: AbortSignal, extraFlags = 0): Promise<FileRead> {
  try {
    // stat first for a plain refusal of sockets, which cannot even be opened; fstat below is what closes the race.
    const stats = await beforeDeadline(stat(path), signal);
    if (!stats.isFile()) return notRegular(stats);
  } catch (e) {
    return failure(e);
  }
  const opening = open(path, constants.O_RDONLY | constants.O_NONBLOCK | extraFlags);
  let handle: FileHandle;
  try {
    handle = await beforeDeadline(opening, signal);
  } catch (e) {
    // An open that completes after the deadline still gets its descriptor closed.
    opening.then((h) => h.close()).catch(() => undefined);
    return failure(e);
  }
  try {
    return await readOpen(handle, maxBytes, signal);
  } catch (e) {
    return failure(e);
  } finally {
    // close() waits for a read still running after the deadline, then releases the descriptor.
    handle.close().catch(() => undefined);
  }
}
