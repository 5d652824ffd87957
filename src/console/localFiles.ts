import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { AttachedFile } from '../command';
import { MAX_UPLOAD_BYTES } from '../facts/dataLimits';
import { readRegularFile } from '../facts/readDataFile';
import type { ReplyChart, ReplyFile } from '../reply';

/**
 * The console's files: where Discord has attachments, the operator has a
 * disk. An attachment option names a local file to read; a file in an answer
 * is written to a fresh folder for the operator to open, edit and import again.
 */

/** `~/notes.md` as a shell would read it: operators type paths the way they type them everywhere else. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * A local file given for an attachment option, read under the same rules as
 * an upload: a regular file of at most MAX_UPLOAD_BYTES, within the read
 * deadline (a FIFO or /dev/zero typed by mistake must not hang the console).
 * A problem names the path as typed, and where a missing relative one was looked for.
 */
export async function readAttachment(typed: string, signal: AbortSignal): Promise<AttachedFile> {
  const path = expandHome(typed);
  const name = basename(path);
  if (typed.trim() === '') return { ok: false, name, problem: 'no path given: write the option as name:./path/to/file' };
  const read = await readRegularFile(path, MAX_UPLOAD_BYTES, signal);
  if (read.ok) return { ok: true, name, bytes: read.bytes };
  if (!read.missing) return { ok: false, name, problem: `${typed}: ${read.message}` };
  // The console may run from another folder than the operator thinks: say which one.
  const where = resolve(path) === path ? '' : ` (looked for ${resolve(path)})`;
  return { ok: false, name, problem: `${typed}: no such file${where}` };
}

/**
 * Characters Windows, macOS or Linux refuse in a name, every control
 * character, and the bidi marks the console strips from what it prints: a
 * saved file's printed path must be the path it has on disk.
 */
// eslint-disable-next-line no-control-regex -- control characters are what is being replaced
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Names Windows keeps for devices, with or without an extension. */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
/** Most file systems cap a name at 255 bytes, not characters: an emoji is 4 of them. The rest leaves room for ` (2)`. */
const MAX_NAME_BYTES = 200;
/** An extension kept through a cut: `.json`, `.md`; a longer "extension" is just a dot in a long name. */
const MAX_EXTENSION_BYTES = 20;

/** The longest start of `text` within `maxBytes` of UTF-8, cut between characters, never through one. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let prefix = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    prefix += char;
  }
  return prefix;
}

/**
 * A name from a reply reduced to a plain file name in the folder it is
 * written to: only the last path segment, no leading dots (no hidden or
 * `..` names), forbidden characters as `_`, at most 200 bytes with the
 * extension kept, and `file` when nothing is left.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  let safe = last
    .replace(FORBIDDEN, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (DEVICE.test(safe)) safe = `_${safe}`;
  if (Buffer.byteLength(safe) > MAX_NAME_BYTES) {
    const ext = utf8Prefix(extname(safe), MAX_EXTENSION_BYTES);
    safe = `${utf8Prefix(safe, MAX_NAME_BYTES - Buffer.byteLength(ext))}${ext}`;
  }
  return safe === '' ? 'file' : safe;
}

/** `name (2).ext` for the second file of an answer with a name already taken. */
function unusedName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const ext = extname(name);
    candidate = `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface SavedFiles {
  /** The paths written, in the answer's order. */
  readonly paths: readonly string[];
  /** Why the rest were not written, naming them; absent when all were. */
  readonly problem?: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes an answer's files into a new folder under `baseDir`. A fresh folder
 * per answer, so a second export never overwrites a file the operator is
 * still editing; names are made safe first, so a reply cannot write outside
 * it. A failure (a full disk, a base folder gone) stops the writing, and
 * says which files were left unwritten and why.
 */
export async function saveReplyFiles(files: readonly ReplyFile[], baseDir: string): Promise<SavedFiles> {
  const paths: string[] = [];
  const unsaved = (error: unknown): SavedFiles => ({
    paths,
    problem: `${files
      .slice(paths.length)
      .map((f) => f.name)
      .join(', ')} could not be saved under ${baseDir}: ${messageOf(error)}`,
  });
  let folder: string;
  try {
    folder = await mkdtemp(join(baseDir, 'answer-'));
  } catch (error) {
    return unsaved(error);
  }
  const taken = new Set<string>();
  for (const file of files) {
    const path = join(folder, unusedName(safeFileName(file.name), taken));
    try {
      // 'wx': the folder is new, so an existing file here would be someone else's doing; never write through it.
      await writeFile(path, file.content, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      return unsaved(error);
    }
    paths.push(path);
  }
  return { paths };
}

/**
 * Writes an answer's drawn charts into `dir` (made if missing) as
 * `<chart>-<10 hex>.png`, named by the chart's key: one snapshot's chart is
 * one file however often it is asked for, and another snapshot's is another.
 * The names are the renderer's own, never data text.
 */
export async function saveChartImages(
  charts: readonly ReplyChart[],
  images: ReadonlyMap<string, Uint8Array>,
  dir: string,
): Promise<SavedFiles> {
  const paths: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const chart of charts) {
      const png = images.get(chart.key);
      if (png === undefined) continue;
      const id = createHash('sha256').update(chart.key).digest('hex').slice(0, 10);
      const path = join(dir, `${basename(chart.name, '.png')}-${id}.png`);
      await writeFile(path, png);
      paths.push(path);
    }
  } catch (error) {
    return { paths, problem: `the charts could not be saved under ${dir}: ${messageOf(error)}` };
  }
  return { paths };
}
