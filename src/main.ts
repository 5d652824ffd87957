import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCommands, commandMap } from '../commands/index';
import { createChartRenderer, type ChartRenderer } from './charts/chartRenderer';
import type { Caller, CommandContext } from './command';
import { loadConfig, type Config } from './config';
import { runConsole } from './console/runConsole';
import { isDataModerator } from './dataModerators';
import { startDiscordBot, type DiscordBot } from './discord/startDiscordBot';
import type { FactStore } from './facts/factStore';
import { createLogger, errorRef, guarded, type Logger } from './logger';
import { startBotHealth, type BotHealth } from './operations/botHealth';
import { HealthListenError } from './operations/healthServer';
import { createRetriedWrites } from './recaps/retriedWrites';
import { startRecaps, type Recaps } from './recaps/startRecaps';
import { createDataDesk, followServiceChanges } from './publishing/createDataDesk';
import type { DataModeration } from './publishing/dataModeration';
import { openPublishedData } from './publishing/publishedData';
import { redactSecrets } from './redactSecrets';
import { guildsOnShards } from './schedule/guildShard';
import { StateDbOpenError } from './schedule/openStateDb';
import type { Services } from './services';
import { openStateStore, type StateStore } from './state/stateStore';

const commands = commandMap(allCommands());

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function runLocalConsole(config: Config, store: FactStore, desk: DataModeration, charts: ChartRenderer): Promise<void> {
  process.stderr.write('No DISCORD_TOKEN set: starting the local console (type /help; the same commands as in Discord).\n');
  // Whoever runs the process owns its data.
  const services: Services = { data: { ...desk, isDataModerator: async () => true } };
  const localCaller: Caller = { userId: 'console', roleIds: [], permissions: 0n };
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    commands,
    context: () => ({ store, now: new Date(), staleAfterDays: config.staleAfterDays, caller: localCaller, services }),
    filesDir: await mkdtemp(join(tmpdir(), 'briefing-desk-')),
    charts,
    ...(config.chartsDir !== undefined && { chartsDir: config.chartsDir }),
  });
  await charts.close();
}

/** Resolves after `ms`, without keeping the process alive for it. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * How long the last state writes and closing the state may take at exit: a
 * PostgreSQL server that stopped answering mid-statement must not keep the
 * process from exiting.
 */
const LAST_WORDS_MS = 2_000;

/** `work`, or a rejection once `ms` have passed. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    delay(ms).then((): never => {
      throw new Error(`no answer within ${ms} ms`);
    }),
  ]);
}

/** How the process ends after an error nothing else caught; set once the shell knows how to stop cleanly. */
let stopAfterCrash: (reason: string) => void = () => process.exit(1);

/**
 * An error that escaped every guard is logged with a ref, then the process
 * stops through the normal shutdown, with a non-zero exit code: never a
 * silent death, and never running on in an unknown state.
 */
function installCrashHandlers(logger: Logger): void {
  const crash = (kind: string, error: unknown) => {
    const ref = errorRef();
    try {
      logger.fatal({ err: error, ref, kind }, `unexpected error (ref ${ref}); shutting down`);
    } catch {
      process.stderr.write(`Briefing Desk: unexpected error (ref ${ref}); shutting down\n`);
    }
    stopAfterCrash(kind);
  };
  process.on('uncaughtException', (error) => crash('uncaughtException', error));
  process.on('unhandledRejection', (reason) => crash('unhandledRejection', reason));
}

/** STATE_URL chooses PostgreSQL; without it the state is the SQLite file at STATE_PATH. */
async function openState(config: Config, logger: Logger): Promise<StateStore> {
  const { stateUrl, statePath } = config;
  const location = stateUrl === undefined ? { engine: 'sqlite' as const, path: statePath } : { engine: 'postgres' as const, url: stateUrl };
  try {
    return await openStateStore(location, { log: logger.child({ part: 'state' }) });
  } catch (error) {
    if (error instanceof StateDbOpenError) {
      fail([
        stateUrl === undefined ? `STATE_PATH ${statePath}: ${error.message}` : redactSecrets(`STATE_URL ${stateUrl}: ${error.message}`),
      ]);
    }
    throw error;
  }
}

/** With HEALTH_PORT set and a token, the health server; a port it cannot take stops start-up like a bad setting. */
async function startHealth(config: Config, logger: Logger): Promise<BotHealth | undefined> {
  if (config.discordToken === undefined || config.healthPort === undefined) return undefined;
  try {
    return await startBotHealth({
      host: config.healthHost,
      port: config.healthPort,
      commandNames: commands.keys(),
      logger,
      clock: () => new Date(),
    });
  } catch (error) {
    if (error instanceof HealthListenError) fail([`HEALTH_PORT ${config.healthPort}: ${error.message}`]);
    throw error;
  }
}

/** What both shells share: the state store, the fact store built from the versions it holds in service, and the desk that changes them. */
interface Published {
  readonly state: StateStore;
  readonly store: FactStore;
  readonly desk: DataModeration;
}

async function runDiscord(
  config: Config & { discordToken: string },
  { state, store, desk }: Published,
  logger: Logger,
  health: BotHealth | undefined,
  charts: ChartRenderer,
): Promise<void> {
  const retriedWrites = createRetriedWrites(logger);
  let bot: DiscordBot | undefined;
  let recaps: Recaps | undefined;
  let stopping = false;
  let exitCode = 0;

  /** Last words: the removals still waiting get one more try, the state is closed, and the process exits. */
  const finish = async () => {
    // Should anything below leave the event loop empty, the process still ends with this code.
    process.exitCode = exitCode;
    await within(LAST_WORDS_MS, retriedWrites.flush()).catch((error: unknown) =>
      logger.error({ err: error, ref: errorRef() }, 'last try of the waiting writes failed'),
    );
    void health?.close();
    void charts.close();
    try {
      await within(LAST_WORDS_MS, state.close());
      logger.info('state database closed');
    } catch (error) {
      logger.error({ err: error, ref: errorRef() }, 'could not close the state database');
    }
    logger.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };

  const shutdown = async (reason: string, code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    if (health !== undefined) health.watched.stopping = true;
    logger.info({ reason }, 'shutting down');
    // One deadline for everything, so the process is gone within SHUTDOWN_TIMEOUT_MS whatever hangs.
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const left = () => Math.max(0, deadline - Date.now());
    const hardStop = setTimeout(() => void finish(), config.shutdownTimeoutMs);
    try {
      // A fan-out cut short is safe: unfinished claims are retried after their lease, with the same nonces.
      if (recaps !== undefined) await Promise.race([recaps.stop(), delay(left())]);
      await bot?.stop(left());
    } catch (error) {
      logger.error({ err: error, ref: errorRef() }, 'error while shutting down');
    } finally {
      clearTimeout(hardStop);
      await finish();
    }
  };
  stopAfterCrash = (reason) => void shutdown(reason, 1);

  // Handlers go in before connecting: a signal during start-up must still end cleanly (SIGHUP would kill by default).
  process.on(
    'SIGHUP',
    guarded(logger, 'SIGHUP reload', () => desk.reload('SIGHUP')),
  );
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  // Started by npm run start:cluster: once its manager is gone nothing would stop or restart this process, so it stops.
  process.on('disconnect', () => void shutdown('the cluster manager is gone', 0));

  const services: Services = {
    data: {
      ...desk,
      isDataModerator: async (caller) =>
        isDataModerator(caller, {
          userIds: config.dataModeratorIds,
          roleIds: config.dataModeratorRoleIds,
          ownerIds: bot === undefined ? [] : await bot.ownerIds(),
        }),
    },
    // Recaps need the connected client; until it is ready the command says they are unavailable.
    get recaps() {
      return recaps?.admin;
    },
  };
  let commandIds: ReadonlyMap<string, string> | undefined;
  const context = (caller: Caller): CommandContext => ({
    store,
    now: new Date(),
    staleAfterDays: config.staleAfterDays,
    caller,
    services,
    ...(commandIds !== undefined && { commandIds }),
  });
  if (health !== undefined) health.watched.shards = () => bot?.shards() ?? [];
  bot = await startDiscordBot({
    token: config.discordToken,
    ...(config.discordApiUrl !== undefined && { apiUrl: config.discordApiUrl }),
    ...(config.discordGuildId !== undefined && { guildId: config.discordGuildId }),
    ...(config.shards !== undefined && { shards: config.shards }),
    commands,
    context,
    logger,
    ...(health !== undefined && { metrics: health.metrics }),
    onCommandIds: (ids) => {
      commandIds = ids;
    },
    charts,
    onReady: (client) => {
      if (stopping) return;
      // After connecting, not before: loading the chart libraries alongside start-up slowed it by a third on two cores.
      charts.warmSnapshot(store.latest());
      recaps = startRecaps({
        state,
        client,
        store,
        staleAfterDays: config.staleAfterDays,
        graceHours: config.recapGraceHours,
        logger,
        clock: () => new Date(),
        charts,
        ...(health !== undefined && { metrics: health.metrics }),
        ...(config.shards !== undefined && { holdsGuild: guildsOnShards(config.shards.ids, config.shards.count) }),
      });
    },
    // Not on any interaction's path, and it must not be lost: a lock held elsewhere delays it, retried in the background.
    onGuildRemoved: (guildId) => {
      const removedAt = new Date();
      void retriedWrites.run({
        write: () => state.subscriptions.removeGuild(guildId, removedAt, 'the bot was removed from the server'),
        what: "forget the server's recap schedule",
        done: 'removed from a server',
        fields: { guild: guildId },
        stillWanted: { check: () => bot?.client.guilds.cache.has(guildId) !== true, why: 'the bot is back in the server' },
      });
    },
  });
}

async function main(): Promise<void> {
  const parsed = loadConfig();
  if (!parsed.ok) fail(parsed.problems.map((p) => `Configuration problem: ${p}`));
  const config = parsed.config;
  const logger = createLogger(config.logLevel ?? (config.discordToken === undefined ? 'warn' : 'info'));
  installCrashHandlers(logger);
  const health = await startHealth(config, logger);

  const state = await openState(config, logger);
  const clock = () => new Date();
  const opened = await openPublishedData({ state, dataDir: config.dataDir, logger, clock });
  if (!opened.ok) fail(opened.lines);
  // Already logged; the console's log level hides warnings, and an operator must still see why DATA_DIR was not taken.
  if (config.discordToken === undefined) for (const line of opened.warnings) process.stderr.write(`${line}\n`);
  const { store } = opened;
  const desk = createDataDesk({
    state,
    store,
    dataDir: config.dataDir,
    logger,
    clock,
    ...(health !== undefined && { metrics: health.metrics }),
  });
  // A publish, rollback or reload by another process on the same state reaches this one too; it ends with the process.
  followServiceChanges({ state, desk, logger });
  if (health !== undefined) Object.assign(health.watched, { state, store });

  // Charts are drawn in a process of their own; the latest snapshot's are drawn ahead, so no answer waits for them.
  const charts = createChartRenderer();

  if (config.discordToken === undefined) {
    charts.warmSnapshot(store.latest());
    await runLocalConsole(config, store, desk, charts);
    await state.close();
    return;
  }
  await runDiscord({ ...config, discordToken: config.discordToken }, { state, store, desk }, logger, health, charts);
}

main().catch((error: unknown) => {
  process.stderr.write(`Briefing Desk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
