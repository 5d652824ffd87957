import { Client, Events, GatewayIntentBits, Team, type Guild } from 'discord.js';
import type { Caller, Command, CommandContext } from '../command';
import type { Logger } from '../logger';
import { routeInteraction } from './routeInteraction';
import { syncCommands } from './syncCommands';

export interface DiscordBotOptions {
  readonly token: string;
  readonly apiUrl?: string;
  readonly guildId?: string;
  readonly commands: ReadonlyMap<string, Command>;
  readonly context: (caller: Caller) => CommandContext;
  readonly logger: Logger;
  /** Called when the bot is removed from a server, so its recap subscription goes too. */
  readonly onGuildRemoved?: (guildId: string) => void;
  /** Called once when connected, with the client, to start what needs it (the recap scheduler). */
  readonly onReady?: (client: Client<true>) => void;
}

export interface DiscordBot {
  readonly client: Client;
  /** The application's owner, or its team's members, once known. */
  ownerIds(): Promise<readonly string[]>;
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

  client.once(Events.ClientReady, async (ready) => {
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
      logger.info(result, result.changed ? 'slash commands updated' : 'slash commands already up to date');
    } catch (error) {
      logger.error({ err: error }, 'could not sync slash commands');
    }
    options.onReady?.(ready);
  });

  client.on(Events.InteractionCreate, (interaction) => {
    const work = routeInteraction(interaction, { commands: options.commands, context: options.context, logger }).finally(() =>
      inFlight.delete(work),
    );
    inFlight.add(work);
  });
  client.on(Events.GuildCreate, (guild: Guild) => logger.info({ guild: guild.id, name: guild.name }, 'joined a server'));
  client.on(Events.GuildDelete, (guild: Guild) => {
    // Forget first, then log, so the log line means the server's schedule is gone.
    options.onGuildRemoved?.(guild.id);
    logger.info({ guild: guild.id }, 'removed from a server');
  });
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway session resumed'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));

  await client.login(options.token);

  return {
    client,
    ownerIds: () => owners,
    async stop(timeoutMs) {
      const pending = Promise.allSettled([...inFlight]);
      const bounded = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([pending, bounded]);
      await client.destroy();
    },
  };
}
