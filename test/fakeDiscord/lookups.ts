import { missingAccess, unknownChannel, unknownGuild } from './discordErrors';
import type { RestReply } from './restReply';
import type { ChannelState, FakeWorld, GuildState } from './world';

/** A thing a route looked up, or the error Discord answers when it is not there. */
export type Lookup<T> = { readonly found: T } | { readonly reply: RestReply };

/** A guild the bot is in; 10004 when unknown, 50001 once the bot has been removed. */
export function findGuild(world: FakeWorld, guildId: string | undefined): Lookup<GuildState> {
  const guild = world.guild(guildId ?? '');
  if (!guild) return { reply: unknownGuild() };
  if (!guild.present) return { reply: missingAccess() };
  return { found: guild };
}

/** A channel that exists in a guild the bot is in; 10003 when unknown or deleted, 50001 when the guild is gone. */
export function findChannel(world: FakeWorld, channelId: string | undefined): Lookup<ChannelState> {
  const channel = world.channel(channelId ?? '');
  if (!channel || channel.deleted) return { reply: unknownChannel() };
  if (!world.guild(channel.guildId)?.present) return { reply: missingAccess() };
  return { found: channel };
}
