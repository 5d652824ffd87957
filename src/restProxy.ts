import { loadRestProxyConfig } from './config';
import { createLogger } from './logger';
import { startRestProxy } from './proxy/restProxy';

/**
 * `npm run rest-proxy`: the REST proxy every bot process reaches through
 * DISCORD_API_URL. Its own program, so the bot never loads it. SIGTERM or
 * SIGINT stops it after the requests in flight are answered (at most
 * SHUTDOWN_TIMEOUT_MS).
 */
async function run(): Promise<void> {
  const parsed = loadRestProxyConfig();
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`Configuration problem: ${problem}\n`);
    process.exit(1);
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel).child({ component: 'rest-proxy' });
  const proxy = await startRestProxy(
    { upstreamUrl: config.upstreamUrl, host: config.host, port: config.port, token: config.discordToken },
    logger,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: proxy.inFlight() }, 'stopping');
    void proxy.close(config.shutdownTimeoutMs).then(() => {
      logger.info({}, 'stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

run().catch((error: unknown) => {
  process.stderr.write(`The REST proxy did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
