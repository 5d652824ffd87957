import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/**
 * `node scripts/start.mjs <program> [args…]` runs `dist/<program>.js`, after
 * building it when the build is missing or older than any source, so `npm ci
 * && npm start` works on a fresh clone and a `git pull` is never served stale.
 * The check is a stat of each source (a few milliseconds); esbuild is loaded
 * only when a build is needed. The program runs in this same process: signals,
 * stdin, stdout and the exit code are its own, and nothing is printed on stdout.
 */

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
/** Everything the build reads: a change to any of them, or a file added or removed under them, means a rebuild. */
const SOURCES = ['src', 'commands', 'package.json', 'tsconfig.json', 'scripts/build.mjs'];
const PROGRAMS = ['main', 'register', 'checkData', 'draftArticle', 'cluster', 'restProxy'];

/** The newest modification time under `path`, directories included (adding or deleting a file changes its folder's). */
async function newestChange(path) {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestChange(join(path, entry)));
  return newest;
}

async function builtAt() {
  try {
    return (await stat(join(DIST, '.built'))).mtimeMs;
  } catch {
    return undefined;
  }
}

async function sourcesChangedAt() {
  let newest = 0;
  for (const source of SOURCES) newest = Math.max(newest, await newestChange(join(ROOT, source)));
  return newest;
}

const program = process.argv[2];
if (program === undefined || !PROGRAMS.includes(program)) {
  process.stderr.write(`usage: node scripts/start.mjs <${PROGRAMS.join('|')}> [arguments]\n`);
  process.exit(2);
}

const built = await builtAt();
if (built === undefined || (await sourcesChangedAt()) > built) {
  process.stderr.write(built === undefined ? 'Building dist/ (first start)…\n' : 'Building dist/ (the sources changed)…\n');
  const { build } = await import('./build.mjs');
  try {
    await build(DIST);
  } catch (error) {
    process.stderr.write(`Build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

// The program reads its own arguments from argv[2] on, as when it is run directly.
const entry = join(DIST, `${program}.js`);
process.argv.splice(1, 2, entry);
await import(pathToFileURL(entry).href);
