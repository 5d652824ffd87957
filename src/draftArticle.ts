import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { decodeArticle } from './draft/articleInput';
import { draftJson, draftReport } from './draft/draftReport';
import { draftSnapshot } from './draft/draftSnapshot';
import { knownData, type KnownData } from './draft/knownData';
import { MAX_UPLOAD_BYTES } from './facts/dataLimits';
import { formatDataError } from './facts/formatDataError';
import { loadDataDir } from './facts/loadDataDir';
import { loadSnapshot } from './facts/loadSnapshot';
import { readDeadline, readRegularFile } from './facts/readDataFile';

/**
 * `npm run data:draft -- ARTICLE [--as-of YYYY-MM-DD] [--out DIR] [--json] [--force]`:
 * drafts a snapshot from an article into DIR/<asOf>/ (default drafts/), checked
 * by the same loader a reload uses before it is moved into place.
 */

const USAGE = 'usage: npm run data:draft -- ARTICLE [--as-of YYYY-MM-DD] [--out DIR] [--json] [--force]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Subjects and the newest figures of the loaded data: names the draft recognises, ids it keeps. */
async function knownDataOf(dataDir: string): Promise<KnownData> {
  const loaded = await loadDataDir(dataDir);
  if (!loaded.ok) {
    process.stderr.write(`note: ${dataDir} did not load (${loaded.errors.length} problem(s)); drafting without its subjects and ids\n`);
    return { subjects: [], figures: [] };
  }
  return knownData(loaded.value);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        out: { type: 'string', default: 'drafts' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail(USAGE);
  const articlePath = positionals[0]!;
  const config = loadConfig();
  if (!config.ok) fail(config.problems.map((p) => `Configuration problem: ${p}`).join('\n'));

  // A FIFO would hang a plain readFile, and /dev/zero fill memory: only a regular file within the upload limit is read.
  const read = await readRegularFile(articlePath, MAX_UPLOAD_BYTES, readDeadline());
  if (!read.ok) fail(`${articlePath}: ${read.missing ? 'no such file' : read.message}`);
  const text = decodeArticle(read.bytes);
  if (!text.ok) fail(`${articlePath}: ${text.error}`);
  const known = await knownDataOf(config.config.dataDir);
  const result = draftSnapshot({
    article: text.text,
    ...(values['as-of'] !== undefined && { asOf: values['as-of'] }),
    knownSubjects: known.subjects,
    previousFigures: known.figures,
  });
  // "article.txt line 12: …" for a located error, "article.txt: …" for one about the whole file.
  if (!result.ok) fail(`${articlePath}${/^line \d/.test(result.error) ? ' ' : ': '}${result.error}`);
  const draft = result.draft;

  const out = values.out;
  const target = join(out, draft.asOf);
  if ((await exists(target)) && values.force !== true) fail(`${target} already exists; pass --force to replace it`);
  await mkdir(out, { recursive: true });
  // Written beside the target and renamed into place, so a reader never sees half a draft.
  const scratch = await mkdtemp(join(out, '.draft-'));
  let rejected: string[] = [];
  try {
    const staged = join(scratch, draft.asOf);
    await mkdir(staged);
    await writeFile(join(staged, 'figures.json'), `${JSON.stringify(draft.figuresFile, null, 2)}\n`);
    await writeFile(join(staged, 'narrative.md'), draft.narrative);
    const check = await loadSnapshot(staged);
    if (check.ok) {
      if (await exists(target)) await rename(target, join(scratch, 'replaced'));
      await rename(staged, target);
    } else rejected = check.errors.map((e) => `  ${join(out, formatDataError(e).replace(`${basename(scratch)}/`, ''))}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (rejected.length > 0) fail(`the draft does not pass the loader, so nothing was written:\n${rejected.join('\n')}`);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(draftJson(draft))}\n`);
    process.stderr.write(`wrote ${target}\n`);
  } else process.stdout.write(draftReport(draft, target));
}

try {
  await main();
} catch (e) {
  // An --out that cannot be made or written (a file, a FIFO, a read-only place) gets one line naming it, not a stack trace.
  const { code, path } = e as NodeJS.ErrnoException;
  fail(
    code !== undefined && path !== undefined
      ? `${path}: cannot write the draft there (${code})`
      : `data:draft failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
  );
}
