import { PermissionFlagsBits } from 'discord-api-types/v10';
import { apiApplication, apiChannel, apiGuild, apiMember, partialCurrentUserGuild } from '../apiShapes';
import { missingAccess, unknownMember, unknownUser } from '../discordErrors';
import type { FakeState } from '../fakeState';
import { findChannel, findGuild } from '../lookups';
import { ok, type RestReply } from '../restReply';
import type { Route } from '../route';
import { hasPermission } from '../permissions';

/** Read-only routes: gateway discovery, the bot's user and application, guilds, channels, members. */
export function lookupRoutes(state: FakeState): Route[] {
  const { world, options } = state;
  const get = (path: string, handle: Route['handle'], auth = true): Route => ({
    method: 'GET',
    path,
    auth,
    globalLimit: true,
    handle,
  });

  return [
    get('/gateway', () => ok({ url: state.gatewayUrl }), false),
    get('/gateway/bot', () =>
      ok({
        url: state.gatewayUrl,
        shards: options.shardCount,
        session_start_limit: {
          total: 1000,
          remaining: Math.max(0, 1000 - state.gateway.sessions().length),
          reset_after: 14_400_000,
          max_concurrency: options.maxConcurrency,
        },
      }),
    ),
    get('/users/:userId', ({ params }) => {
      const user = params.userId === '@me' ? world.botUser : world.user(params.userId ?? '');
      return user ? ok(user) : unknownUser();
    }),
    get('/users/@me/guilds', () => ok(world.presentGuilds().map((g) => partialCurrentUserGuild(world, g)))),
    get('/applications/@me', () => ok(apiApplication(options, world))),
    get('/oauth2/applications/@me', () => ok(apiApplication(options, world))),
    get('/channels/:channelId', ({ params }) => {
      const lookup = findChannel(world, params.channelId);
      if ('reply' in lookup) return lookup.reply;
      const channel = lookup.found;
      if (!hasPermission(world.permissionsIn(channel, world.botUser.id), PermissionFlagsBits.ViewChannel)) {
        return missingAccess();
      }
      return ok(apiChannel(world, channel));
    }),
    get('/guilds/:guildId', ({ params, query }): RestReply => {
      const lookup = findGuild(world, params.guildId);
      if ('reply' in lookup) return lookup.reply;
      const guild = lookup.found;
      const counts =
        query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return ok({ ...apiGuild(guild), ...counts });
    }),
    get('/guilds/:guildId/channels', ({ params }): RestReply => {
      const lookup = findGuild(world, params.guildId);
      if ('reply' in lookup) return lookup.reply;
      const guild = lookup.found;
      return ok(guild.channels.filter((c) => !c.deleted).map((c) => apiChannel(world, c)));
    }),
    get('/guilds/:guildId/roles', ({ params }): RestReply => {
      const lookup = findGuild(world, params.guildId);
      if ('reply' in lookup) return lookup.reply;
      const guild = lookup.found;
      return ok(guild.roles);
    }),
    get('/guilds/:guildId/members/:userId', ({ params }): RestReply => {
      const lookup = findGuild(world, params.guildId);
      if ('reply' in lookup) return lookup.reply;
      const guild = lookup.found;
      const member = guild.members.get(params.userId ?? '');
      return member ? ok(apiMember(member)) : unknownMember();
    }),
  ];
}
