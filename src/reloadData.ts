import type { FactStore, ReloadOutcome } from './facts/factStore';
import { formatDataError } from './facts/formatDataError';
import { formatDiff } from './facts/formatDiff';
import { loadDataDir } from './facts/loadDataDir';
import type { Logger } from './logger';

/**
 * Re-reads the data directory into the store (which swaps only when every file
 * is good) and logs the outcome. `/data reload`, SIGHUP and the console share it.
 */
export async function reloadData(store: FactStore, dataDir: string, logger: Logger, trigger: string): Promise<ReloadOutcome> {
  const outcome = await store.reload(() => loadDataDir(dataDir));
  if (outcome.ok) {
    logger.info({ trigger, latest: store.latest().asOf, changes: formatDiff(outcome.diff) }, 'data reloaded');
  } else {
    logger.warn({ trigger, errors: outcome.errors.map(formatDataError) }, 'data reload refused; still serving the previous data');
  }
  return outcome;
}
