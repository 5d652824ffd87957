import {
  ApplicationFlags,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  TeamMemberMembershipState,
  TeamMemberRole,
  type APIApplication,
  type APIGuild,
  type APIGuildMember,
  type APINewsChannel,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type RESTAPIPartialCurrentUserGuild,
} from 'discord-api-types/v10';
import type { ResolvedOptions } from './fakeDiscordOptions';
import { toAPIUser, type ChannelState, type FakeWorld, type GuildState, type MemberState } from './world';

/**
 * The fake's state rendered as the payloads Discord sends, typed by
 * `discord-api-types` so a shape that drifts from Discord's fails to compile.
 */

/** Discord sends 0 when a member has no flags; the enum has no member for "none". */
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;

export function apiChannel(world: FakeWorld, channel: ChannelState): (APITextChannel | APINewsChannel) & { guild_id: string } {
  const shared = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: world.overwrites(channel),
    parent_id: null,
    nsfw: false,
    topic: channel.topic,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
  return channel.type === ChannelType.GuildText ? { ...shared, type: channel.type } : { ...shared, type: channel.type };
}

export function apiMember(member: MemberState): APIGuildMember {
  return {
    user: member.user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: NO_MEMBER_FLAGS,
    communication_disabled_until: null,
  };
}

export function apiGuild(guild: GuildState): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [...guild.roles],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** GUILD_CREATE as a bot without the members or presences intents receives it: only its own member. */
export function guildCreate(world: FakeWorld, guild: GuildState): GatewayGuildCreateDispatchData {
  const me = guild.members.get(world.botUser.id);
  return {
    ...apiGuild(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: me ? [apiMember(me)] : [],
    channels: guild.channels.filter((c) => !c.deleted).map((c) => apiChannel(world, c)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** An entry of `GET /users/@me/guilds`. */
export function partialCurrentUserGuild(world: FakeWorld, guild: GuildState): RESTAPIPartialCurrentUserGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    banner: null,
    owner: guild.ownerId === world.botUser.id,
    features: [],
    permissions: world.guildPermissions(guild, world.botUser.id).toString(),
  };
}

/** The flags of an unverified bot allowed the limited members and message-content intents. */
export const APPLICATION_FLAGS: ApplicationFlags =
  ApplicationFlags.GatewayGuildMembersLimited | ApplicationFlags.GatewayMessageContentLimited;

/** `GET /applications/@me`: the owner is a user, or a team and its members. */
export function apiApplication(options: ResolvedOptions, world: FakeWorld): APIApplication {
  const flags = APPLICATION_FLAGS;
  const shared = {
    id: options.applicationId,
    name: world.botUser.username,
    icon: null,
    description: 'Sourced market briefings',
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.botUser,
    summary: '' as const,
    verify_key: '0'.repeat(64),
    flags,
    flags_new: String(flags),
    approximate_guild_count: world.presentGuilds().length,
  };
  if ('user' in options.owner) return { ...shared, owner: toAPIUser(options.owner.user), team: null };
  const team = options.owner.team;
  const teamUser: APIUser = { id: team.id, username: `team${team.id}`, discriminator: '0', global_name: null, avatar: null };
  return {
    ...shared,
    owner: teamUser,
    team: {
      id: team.id,
      name: team.name,
      icon: null,
      owner_user_id: team.ownerUserId,
      members: team.members.map((m) => ({
        membership_state: TeamMemberMembershipState.Accepted,
        permissions: ['*'],
        team_id: team.id,
        user: toAPIUser(m.user),
        role: m.role === 'developer' ? TeamMemberRole.Developer : m.role === 'read_only' ? TeamMemberRole.ReadOnly : TeamMemberRole.Admin,
      })),
    },
  };
}
