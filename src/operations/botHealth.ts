import type { Logger } from '../logger';
import { startHealthServer } from './healthServer';
import type { Metrics } from './metrics';
import { readinessProblem, type Watched } from './readiness';

export interface BotHealthOptions {
  readonly host: string;
  readonly port: number;
  /** The `command` label's values. */
  readonly commandNames: Iterable<string>;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** The health server of a bot process, with the metrics it serves and what its readiness watches. */
export interface BotHealth {
  readonly metrics: Metrics;
  /** Filled in by the shell as start-up reaches each part; `stopping` set when shutdown begins. */
  readonly watched: Watched;
  close(): Promise<void>;
}

/**
 * Starts the health server before anything else of the bot, so /livez answers
 * while the state database is still being opened or Discord is unreachable.
 * Throws HealthListenError when it cannot listen where told.
 */
export async function startBotHealth(options: BotHealthOptions): Promise<BotHealth> {
  const { logger } = options;
  // prom-client and its collectors are loaded only by a process that serves them.
  const { createMetrics } = await import('./metrics');
  const watched: Watched = { stopping: false };
  const metrics = createMetrics({
    commandNames: options.commandNames,
    newestSnapshot: () => {
      const asOf = watched.store?.latest().asOf;
      return asOf === undefined ? undefined : new Date(`${asOf}T00:00:00Z`);
    },
    shards: () => watched.shards?.() ?? [],
    clock: options.clock,
  });
  const server = await startHealthServer({
    host: options.host,
    port: options.port,
    endpoints: {
      readinessProblem: () => readinessProblem(watched),
      metrics: async () => ({ contentType: metrics.contentType, text: await metrics.text() }),
    },
    log: logger,
  });
  logger.info({ host: options.host, port: server.port }, 'health server listening');
  return { metrics, watched, close: () => server.close() };
}
