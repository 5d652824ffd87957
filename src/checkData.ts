import { loadConfig } from './config';
import { formatDataError } from './facts/formatDataError';
import { loadDataDir } from './facts/loadDataDir';

/**
 * `npm run data:check`: validates DATA_DIR exactly as a reload would, without
 * a running bot, so a data moderator can fix every error before /data reload.
 */
async function checkData(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`Configuration problem: ${problem}\n`);
    process.exit(1);
  }
  const result = await loadDataDir(parsed.config.dataDir);
  if (!result.ok) {
    process.stderr.write(`${result.errors.length} problem(s) in ${parsed.config.dataDir}:\n`);
    for (const error of result.errors) process.stderr.write(`  ${formatDataError(error)}\n`);
    process.exit(1);
  }
  for (const snapshot of result.value) {
    process.stdout.write(
      `${snapshot.asOf}: ${snapshot.figures.length} figures, ${snapshot.sources.size} sources, ${snapshot.narrative.length} narrative entries (sha256 ${snapshot.contentHash.slice(0, 16)})\n`,
    );
  }
}

await checkData();
