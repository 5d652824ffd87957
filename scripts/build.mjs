import { rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The repository this script belongs to (a copy builds itself). */
export const ROOT = join(import.meta.dirname, '..');

/** The programs npm runs, by the name `scripts/start.mjs` takes: each becomes `dist/<name>.js`. */
export const PROGRAMS = ['main', 'register', 'checkData', 'draftArticle', 'restProxy'];

/** Written last, with the time the build started: `scripts/start.mjs` compares the sources with it. */
export const STAMP = '.built';

/**
 * Compiles the programs in `src/` (and the `commands/` they import) into
 * `outdir`: one ES module per program plus shared chunks, with what the
 * drafter and other rarely used parts import split off so a program loads
 * only what it runs. Packages stay in node_modules (better-sqlite3 is native,
 * and discord.js loads as it does for any bot). Type errors are `npm run
 * typecheck`'s job; esbuild only strips the types.
 */
export async function build(outdir = join(ROOT, 'dist')) {
  const startedAt = new Date();
  // Built beside the old output and swapped in at the end, so a failed build leaves the last good one.
  const staging = `${outdir}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: PROGRAMS.map((name) => ({ in: `src/${name}.ts`, out: name })),
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      packages: 'external',
      chunkNames: 'chunks/[name]-[hash]',
      // Maps for `node --enable-source-maps` when a stack trace must point at the TypeScript; unused otherwise.
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const stamp = join(staging, STAMP);
    await writeFile(stamp, `${startedAt.toISOString()}\n`);
    await utimes(stamp, startedAt, startedAt);
    await rm(outdir, { recursive: true, force: true });
    await rename(staging, outdir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  try {
    await build(outdir === undefined ? undefined : join(process.cwd(), outdir));
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
