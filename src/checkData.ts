import { loadConfig } from './config';
import { formatDataError } from './facts/formatDataError';
import { loadDataDir } from './facts/loadDataDir';

/** Enough errors to fix in one sitting; a file broken everywhere would otherwise scroll thousands of lines past. */
const SHOWN_ERRORS = 50;

/**
 * `npm run data:check`: validates DATA_DIR exactly as a reload would, without
 * a running bot, so a data moderator can fix every error before /data reload.
 * Prints the first SHOWN_ERRORS located errors and the count of the rest.
 */
async function checkData(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`Configuration problem: ${problem}\n`);
    process.exit(1);
  }
  const result = await loadDataDir(parsed.config.dataDir);
  if (!result.ok) {
    const { errors } = result;
    process.stderr.write(`${errors.length} problem(s) in ${parsed.config.dataDir}:\n`);
    for (const error of errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`  ${formatDataError(error)}\n`);
    if (errors.length > SHOWN_ERRORS) {
      process.stderr.write(`  … and ${errors.length - SHOWN_ERRORS} more; fix these and run npm run data:check again\n`);
    }
    process.exit(1);
  }
  for (const snapshot of result.value) {
    process.stdout.write(
      `${snapshot.asOf}: ${snapshot.figures.length} figures, ${snapshot.sources.size} sources, ${snapshot.narrative.length} narrative entries (sha256 ${snapshot.contentHash.slice(0, 16)})\n`,
    );
  }
}

try {
  await checkData();
} catch (e) {
  // The loader reports data problems as errors; reaching here is a bug in it, and a data moderator needs a line, not a trace.
  process.stderr.write(`data:check failed unexpectedly: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
