import { Client, Events, GatewayIntentBits, RESTEvents, Status, Team, type CloseEvent, type Guild, type Interaction } from 'discord.js';
import type { ChartRenderer } from '../charts/chartRenderer';
import type { Caller, Command, CommandContext } from '../command';
import { guarded, type Logger } from '../logger';
import type { DiscordMetrics, ShardState } from '../operations/metrics';
import { routeInteraction } from './routeInteraction';
import { syncCommands } from './syncCommands';

export interface DiscordBotOptions {
  readonly token: string;
  readonly apiUrl?: string;
  readonly guildId?: string;
  readonly commands: ReadonlyMap<string, Command>;
  readonly context: (caller: Caller) => CommandContext;
  readonly logger: Logger;
  /** Called when the bot is removed from a server, so its recap subscription goes too; it logs the removal itself. */
  readonly onGuildRemoved?: (guildId: string) => void;
  /** Called with the registered commands' ids by name once they are synced, so answers can mention commands. */
  readonly onCommandIds?: (ids: ReadonlyMap<string, string>) => void;
  /** Called once when connected, with the client, to start what needs it (the recap scheduler). */
  readonly onReady?: (client: Client<true>) => void;
  readonly metrics?: DiscordMetrics;
  readonly charts?: ChartRenderer;
}

export interface DiscordBot {
  readonly client: Client;
  /** The application's owner, or its team's members, once known. */
  ownerIds(): Promise<readonly string[]>;
  /** Every shard this process holds; none until the client has asked Discord how many it needs. */
  shards(): ShardState[];
  /** Waits for in-flight interactions (bounded), then disconnects. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * The Discord shell: connects with the Guilds intent only, syncs the commands,
 * and hands every interaction to the router.
 */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // As many shards as Discord recommends (GET /gateway/bot), so a bot in thousands of servers needs no setting.
    shards: 'auto',
    allowedMentions: { parse: [] },
    ...(options.apiUrl !== undefined && { rest: { api: options.apiUrl } }),
  });
  const inFlight = new Set<Promise<void>>();
  let resolveOwners: (ids: readonly string[]) => void = () => {};
  const owners = new Promise<readonly string[]>((resolve) => {
    resolveOwners = resolve;
  });

  // Every listener is guarded: a failure in one event is logged with a ref and never reaches the process.
  client.once(
    Events.ClientReady,
    guarded(logger, 'start-up after connecting', async (ready: Client<true>) => {
      logger.info({ tag: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
      try {
        const application = await ready.application.fetch();
        const owner = application.owner;
        resolveOwners(owner instanceof Team ? [...owner.members.keys()] : owner ? [owner.id] : []);
      } catch (error) {
        logger.error({ err: error }, 'could not read the application owner; only configured data moderators may reload');
        resolveOwners([]);
      }
      try {
        const result = await syncCommands(
          ready.rest,
          ready.application.id,
          [...options.commands.values()].map((c) => c.definition),
          options.guildId,
        );
        const { ids, ...summary } = result;
        logger.info(summary, result.changed ? 'slash commands updated' : 'slash commands already up to date');
        options.onCommandIds?.(ids);
      } catch (error) {
        logger.error({ err: error }, 'could not sync slash commands');
      }
      options.onReady?.(ready);
    }),
  );

  client.on(
    Events.InteractionCreate,
    guarded(logger, 'interaction handler', (interaction: Interaction) => {
      const work = routeInteraction(interaction, {
        commands: options.commands,
        context: options.context,
        logger,
        ...(options.metrics !== undefined && { metrics: options.metrics }),
        ...(options.charts !== undefined && { charts: options.charts }),
      }).finally(() => inFlight.delete(work));
      inFlight.add(work);
      return work;
    }),
  );
  client.on(
    Events.GuildCreate,
    guarded(logger, 'joined-server listener', (guild: Guild) => logger.info({ guild: guild.id, name: guild.name }, 'joined a server')),
  );
  client.on(
    Events.GuildDelete,
    guarded(logger, 'removed-from-server listener', (guild: Guild) => {
      if (options.onGuildRemoved === undefined) logger.info({ guild: guild.id }, 'removed from a server');
      else options.onGuildRemoved(guild.id);
    }),
  );
  client.on(
    Events.ShardResume,
    guarded(logger, 'resume listener', (shard: number, replayed: number) => logger.info({ shard, replayed }, 'gateway session resumed')),
  );
  client.on(
    Events.ShardDisconnect,
    guarded(logger, 'disconnect listener', (event: CloseEvent, shard: number) =>
      logger.warn({ shard, code: event.code }, 'gateway disconnected'),
    ),
  );
  client.on(
    Events.ShardError,
    guarded(logger, 'shard error listener', (error: Error, shard: number) => logger.error({ err: error, shard }, 'gateway error')),
  );
  client.on(
    Events.Error,
    guarded(logger, 'error listener', (error: Error) => logger.error({ err: error }, 'discord client error')),
  );
  client.on(
    Events.Warn,
    guarded(logger, 'warning listener', (message: string) => logger.warn(message)),
  );

  const { metrics } = options;
  if (metrics !== undefined) {
    // Counted from discord.js's own events: its queue already waits out 429s and retries 5xx.
    client.rest.on(RESTEvents.Response, (request, response) => metrics.restResponse(response.status, request.retries));
    client.rest.on(RESTEvents.RateLimited, () => metrics.rateLimitWait());
  }

  await client.login(options.token);

  return {
    client,
    ownerIds: () => owners,
    shards: () =>
      client.ws.shards.map((shard) => ({
        id: shard.id,
        ready: shard.status === Status.Ready,
        status: Status[shard.status],
        pingMs: shard.ping,
      })),
    async stop(timeoutMs) {
      const pending = Promise.allSettled([...inFlight]);
      const bounded = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([pending, bounded]);
      await client.destroy();
    },
  };
}
