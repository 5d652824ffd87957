import { once } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { loadConfig, type Config } from './config';
import { createLogger, errorRef, type Logger } from './logger';

/**
 * `npm run start:cluster`: every shard of this host as a bot process of its
 * own, one shard each, under discord.js's ShardingManager, which restarts a
 * process that dies. The shards are SHARD_IDS of SHARD_COUNT, or all that
 * GET /gateway/bot recommends; each process gets SHARDS and SHARD_COUNT from
 * the manager, and the rest of this environment.
 */

/** Discord lets `max_concurrency` shards identify per 5 s, one per bucket (shard id % max_concurrency). */
const IDENTIFY_INTERVAL_MS = 5_000;
/** How long a bot process may take from its start to its shard's READY: loading the data and connecting. */
const READY_TIMEOUT_MS = 60_000;

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** The bot's entry beside this one: dist/main.js when built, src/main.ts under tsx (whose loader the processes inherit). */
const BOT_ENTRY = fileURLToPath(new URL(`./main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * What GET /gateway/bot says, through DISCORD_API_URL: discord.js's own
 * look-up of the shard count always asks discord.com.
 */
async function gatewayBot(config: Config & { discordToken: string }): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST(config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl }).setToken(config.discordToken);
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the shards one by one, each after its identify bucket's last READY plus 5 s. */
async function spawnAll(manager: ShardingManager, ids: readonly number[], maxConcurrency: number, logger: Logger): Promise<void> {
  const lastReady = new Map<number, number>();
  for (const id of ids) {
    const bucket = id % maxConcurrency;
    const since = Date.now() - (lastReady.get(bucket) ?? -Infinity);
    if (since < IDENTIFY_INTERVAL_MS) await delay(IDENTIFY_INTERVAL_MS - since);
    const shard = manager.createShard(id);
    await shard.spawn(READY_TIMEOUT_MS);
    lastReady.set(bucket, Date.now());
    logger.info({ shard: id, pid: shard.process?.pid }, 'shard process ready');
  }
}

/** Ends every bot process with SIGTERM (each shuts down cleanly) and waits for them, at most `timeoutMs`. */
async function stopAll(manager: ShardingManager, timeoutMs: number): Promise<void> {
  manager.respawn = false;
  const exits = [...manager.shards.values()].flatMap((shard: Shard) => {
    const child = shard.process;
    if (child === null || child.exitCode !== null) return [];
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    return [exited];
  });
  await Promise.race([Promise.all(exits), delay(timeoutMs)]);
}

async function main(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) fail(parsed.problems.map((p) => `Configuration problem: ${p}`));
  const config = parsed.config;
  const token = config.discordToken;
  if (token === undefined) fail(['npm run start:cluster needs DISCORD_TOKEN; without one, npm start runs the local console.']);
  const logger = createLogger(config.logLevel ?? 'info').child({ part: 'cluster' });

  const gateway = await gatewayBot({ ...config, discordToken: token });
  const count = config.shards?.count ?? gateway.shards;
  const ids = config.shards?.ids ?? Array.from({ length: count }, (_, id) => id);
  const manager = new ShardingManager(BOT_ENTRY, {
    token,
    totalShards: count,
    shardList: [...ids],
    mode: 'process',
    respawn: true,
    execArgv: process.execArgv,
  });
  const healthPort = config.healthPort;
  manager.on('shardCreate', (shard: Shard) => {
    // One health server per process: each answers for its own shard, on the port after the one before.
    if (healthPort !== undefined && healthPort !== 0) (shard.env as NodeJS.ProcessEnv)['HEALTH_PORT'] = String(healthPort + shard.id);
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      if (manager.respawn) logger.warn({ shard: shard.id, code }, 'shard process exited; starting it again');
    });
  });

  let stopping = false;
  const stop = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping every shard process');
    void stopAll(manager, config.shutdownTimeoutMs + 1_000).finally(() => process.exit(exitCode));
  };
  process.on('SIGINT', () => stop('SIGINT', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  // A data reload is each process's own: pass it on.
  process.on('SIGHUP', () => {
    for (const shard of manager.shards.values()) shard.process?.kill('SIGHUP');
  });

  logger.info({ shards: ids, shardCount: count, maxConcurrency: gateway.session_start_limit.max_concurrency }, 'starting shard processes');
  try {
    await spawnAll(manager, ids, gateway.session_start_limit.max_concurrency, logger);
  } catch (error) {
    logger.fatal({ err: error, ref: errorRef() }, 'a shard process did not become ready; stopping the others');
    stop('start-up failed', 1);
    return;
  }
  logger.info({ shards: ids }, 'every shard process is ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`Briefing Desk cluster could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
