import { allCommands, commandMap } from '../commands/index';
import type { Caller, CommandContext } from './command';
import { loadConfig, type Config } from './config';
import { runConsole } from './console/runConsole';
import { isDataModerator } from './dataModerators';
import { startDiscordBot, type DiscordBot } from './discord/startDiscordBot';
import { FactStore } from './facts/factStore';
import { formatDataError } from './facts/formatDataError';
import { loadDataDir } from './facts/loadDataDir';
import { createLogger, type Logger } from './logger';
import { startRecaps, type Recaps } from './recaps/startRecaps';
import { reloadData } from './reloadData';
import { openStateDb } from './schedule/openStateDb';
import { removeGuild } from './schedule/subscriptionStore';
import type { Services } from './services';

const commands = commandMap(allCommands());

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function runLocalConsole(config: Config, store: FactStore, logger: Logger): Promise<void> {
  process.stderr.write('No DISCORD_TOKEN set: starting the local console (type /help; the same commands as in Discord).\n');
  const services: Services = {
    // Whoever runs the process owns its data.
    data: { isDataModerator: async () => true, reload: () => reloadData(store, config.dataDir, logger, 'console') },
  };
  const localCaller: Caller = { userId: 'console', roleIds: [], permissions: 0n };
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    commands,
    context: () => ({ store, now: new Date(), staleAfterDays: config.staleAfterDays, caller: localCaller, services }),
  });
}

/** Resolves after `ms`, without keeping the process alive for it. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function runDiscord(config: Config & { discordToken: string }, store: FactStore, logger: Logger): Promise<void> {
  const db = openStateDb(config.statePath);
  let bot: DiscordBot | undefined;
  let recaps: Recaps | undefined;
  let stopping = false;

  // Handlers go in before connecting: a signal during start-up must still end cleanly (SIGHUP would kill by default).
  process.on('SIGHUP', () => {
    void reloadData(store, config.dataDir, logger, 'SIGHUP');
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // One deadline for everything, so the process is gone within SHUTDOWN_TIMEOUT_MS.
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const left = () => Math.max(0, deadline - Date.now());
    let recapsStopped = recaps === undefined;
    try {
      // A fan-out cut short is safe: unfinished claims are retried after their lease, with the same nonces.
      if (recaps !== undefined) recapsStopped = await Promise.race([recaps.stop().then(() => true), delay(left()).then(() => false)]);
      await bot?.stop(left());
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
    } finally {
      // A fan-out still running would fail its next write; its committed claims are safe in the WAL either way.
      if (recapsStopped) db.close();
      logger.info('stopped');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const services: Services = {
    data: {
      isDataModerator: async (caller) =>
        isDataModerator(caller, {
          userIds: config.dataModeratorIds,
          roleIds: config.dataModeratorRoleIds,
          ownerIds: bot === undefined ? [] : await bot.ownerIds(),
        }),
      reload: () => reloadData(store, config.dataDir, logger, 'command'),
    },
    // Recaps need the connected client; until it is ready the command says they are unavailable.
    get recaps() {
      return recaps?.admin;
    },
  };
  const context = (caller: Caller): CommandContext => ({ store, now: new Date(), staleAfterDays: config.staleAfterDays, caller, services });
  bot = await startDiscordBot({
    token: config.discordToken,
    ...(config.discordApiUrl !== undefined && { apiUrl: config.discordApiUrl }),
    ...(config.discordGuildId !== undefined && { guildId: config.discordGuildId }),
    commands,
    context,
    logger,
    onReady: (client) => {
      if (stopping) return;
      recaps = startRecaps({
        db,
        client,
        store,
        staleAfterDays: config.staleAfterDays,
        graceHours: config.recapGraceHours,
        logger,
        clock: () => new Date(),
      });
    },
    onGuildRemoved: (guildId) => removeGuild(db, guildId, new Date(), 'the bot was removed from the server'),
  });
}

async function main(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) fail(parsed.problems.map((p) => `Configuration problem: ${p}`));
  const config = parsed.config;
  const logger = createLogger(config.logLevel ?? (config.discordToken === undefined ? 'warn' : 'info'));

  const loaded = await loadDataDir(config.dataDir);
  if (!loaded.ok) fail([`The data in ${config.dataDir} has ${loaded.errors.length} problem(s):`, ...loaded.errors.map(formatDataError)]);
  const store = new FactStore(loaded.value);
  logger.info({ snapshots: store.dates(), figures: store.latest().figures.length }, 'data loaded');

  if (config.discordToken === undefined) {
    await runLocalConsole(config, store, logger);
    return;
  }
  await runDiscord({ ...config, discordToken: config.discordToken }, store, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`Briefing Desk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
