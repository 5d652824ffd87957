import { rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The repository this script belongs to (a copy builds itself). */
export const ROOT = join(import.meta.dirname, '..');

/** The programs npm runs, by the name `scripts/start.mjs` takes: each becomes `dist/<name>.js`. */
export const PROGRAMS = ['main', 'register', 'checkData', 'draftArticle', 'cluster', 'restProxy'];

/** The chart renderer's own process (src/charts/renderProcess.ts), started by the bot, not by npm: `dist/chartRenderer.js`. */
export const CHART_RENDERER = { in: 'src/charts/renderProcess.ts', out: 'chartRenderer' };

/** Written last, with the time the build started: `scripts/start.mjs` compares the sources with it. */
export const STAMP = '.built';

/**
 * Native packages and optional ones some dependency asks for only when it is
 * installed (compression and WebSocket speed-ups): loaded from node_modules at run time.
 */
const KEPT_IN_NODE_MODULES = ['better-sqlite3', 'zlib-sync', 'bufferutil', 'utf-8-validate', 'pino-pretty', 'pg-native'];

/**
 * Packages bundled as CommonJS call `require`, which an ES module lacks: each
 * output file gets one made for its own location.
 */
const REQUIRE_BANNER =
  "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);";

/** What both builds share: ES modules for this Node, split into chunks, whitespace and syntax minified, names kept for stack traces. */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunks/[name]-[hash]',
  minifyWhitespace: true,
  minifySyntax: true,
  // Licences go to a .LEGAL.txt beside each file: one non-ASCII name in a comment would make V8 hold the whole file as two-byte text.
  legalComments: 'linked',
  // Maps for `node --enable-source-maps` when a stack trace must point at the source; unused otherwise.
  sourcemap: 'linked',
  logLevel: 'warning',
};

/**
 * Compiles the programs in `src/` (and the `commands/` they import) into
 * `outdir`: one ES module per program plus shared chunks, with what the
 * drafter and other rarely used parts import split off so a program loads
 * only what it runs. The programs carry their packages (discord.js, zod,
 * marked, pino…) bundled and minified: resolving and reading a few hundred
 * files from node_modules took about a third of start-up, and each file's
 * source stays in memory as long as the process runs. The chart renderer's
 * process keeps its packages in node_modules (resvg is native, and the font
 * files are found there). Type errors are `npm run typecheck`'s job; esbuild
 * only strips the types.
 */
export async function build(outdir = join(ROOT, 'dist')) {
  const startedAt = new Date();
  // Built beside the old output and swapped in at the end, so a failed build leaves the last good one.
  const staging = `${outdir}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await esbuild.build({
      ...COMMON,
      entryPoints: PROGRAMS.map((name) => ({ in: `src/${name}.ts`, out: name })),
      outdir: staging,
      external: KEPT_IN_NODE_MODULES,
      banner: { js: REQUIRE_BANNER },
    });
    await esbuild.build({ ...COMMON, entryPoints: [CHART_RENDERER], outdir: staging, packages: 'external' });
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
