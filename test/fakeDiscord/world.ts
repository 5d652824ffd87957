import {
  ChannelType,
  Locale,
  OverwriteType,
  PermissionFlagsBits,
  RoleFlags,
  type APIOverwrite,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type FakeChannelAccess,
  type FakeGuild,
  type FakeUser,
  type ResolvedOptions,
} from './fakeDiscordOptions';
import { basePermissions, channelPermissions } from './permissions';
import type { SnowflakeFactory } from './snowflakes';

/** A text channel as the fake keeps it. */
export interface ChannelState {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly type: ChannelType.GuildText | ChannelType.GuildAnnouncement;
  readonly topic: string | null;
  readonly position: number;
  botAccess: FakeChannelAccess;
  deleted: boolean;
}

/** A guild member as the fake keeps it. */
export interface MemberState {
  readonly user: APIUser;
  readonly roles: readonly string[];
  readonly nick: string | null;
  readonly joinedAt: string;
}

/** A guild as the fake keeps it; `present` turns false once the bot is removed. */
export interface GuildState {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly locale: Locale;
  readonly roles: readonly APIRole[];
  readonly members: ReadonlyMap<string, MemberState>;
  readonly channels: readonly ChannelState[];
  readonly botRoleId: string;
  readonly joinedAt: string;
  present: boolean;
}

/**
 * The fake's model of Discord's state: users, guilds, roles, members and
 * channels, and the permission answers derived from them.
 */
export class FakeWorld {
  readonly botUser: APIUser;
  readonly #snowflakes: SnowflakeFactory;
  readonly #guilds = new Map<string, GuildState>();
  /** The same maps GuildState.members exposes read-only, kept writable here for role changes. */
  readonly #members = new Map<string, Map<string, MemberState>>();
  readonly #channels = new Map<string, ChannelState>();
  readonly #users = new Map<string, APIUser>();

  constructor(options: ResolvedOptions, snowflakes: SnowflakeFactory) {
    this.#snowflakes = snowflakes;
    this.botUser = {
      ...toAPIUser(options.botUser),
      bot: true,
      verified: true,
      mfa_enabled: true,
    };
    this.#users.set(this.botUser.id, this.botUser);
    for (const guild of options.guilds) this.addGuild(guild);
  }

  /** Adds a guild (or brings a removed one back) with the bot as a member. */
  addGuild(guild: FakeGuild): GuildState {
    const now = new Date().toISOString();
    const botRoleId = this.#snowflakes.next();
    const roles: APIRole[] = [
      role(guild.id, '@everyone', guild.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, 0),
      ...(guild.roles ?? []).map((r, index) => role(r.id, r.name, r.permissions ?? 0n, index + 1)),
      {
        ...role(botRoleId, this.botUser.username, guild.botPermissions ?? DEFAULT_BOT_PERMISSIONS, (guild.roles ?? []).length + 1),
        managed: true,
        tags: { bot_id: this.botUser.id },
      },
    ];
    const members = new Map<string, MemberState>();
    for (const member of guild.members ?? []) {
      const user = toAPIUser(member.user);
      this.#users.set(user.id, user);
      members.set(user.id, { user, roles: [...(member.roles ?? [])], nick: member.nick ?? null, joinedAt: now });
    }
    members.set(this.botUser.id, { user: this.botUser, roles: [botRoleId], nick: null, joinedAt: now });
    this.#members.set(guild.id, members);
    const channels = (guild.channels ?? []).map((channel, position): ChannelState => ({
      id: channel.id,
      guildId: guild.id,
      name: channel.name,
      type: channel.kind === 'announcement' ? ChannelType.GuildAnnouncement : ChannelType.GuildText,
      topic: channel.topic ?? null,
      position,
      botAccess: { view: channel.view, send: channel.send, embed: channel.embed, attach: channel.attach, history: channel.history },
      deleted: false,
    }));
    for (const channel of channels) this.#channels.set(channel.id, channel);
    const state: GuildState = {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId ?? guild.members?.[0]?.user.id ?? this.botUser.id,
      locale: guild.locale ?? Locale.EnglishUS,
      roles,
      members,
      channels,
      botRoleId,
      joinedAt: now,
      present: true,
    };
    this.#guilds.set(guild.id, state);
    return state;
  }

  /** Every guild ever known, including ones the bot has left. */
  guild(id: string): GuildState | undefined {
    return this.#guilds.get(id);
  }

  /** The guilds the bot is currently in. */
  presentGuilds(): GuildState[] {
    return [...this.#guilds.values()].filter((g) => g.present);
  }

  /** A channel by id, deleted ones included (check `deleted`). */
  channel(id: string): ChannelState | undefined {
    return this.#channels.get(id);
  }

  user(id: string): APIUser | undefined {
    return this.#users.get(id);
  }

  /** The channel's overwrites: the bot's member overwrite built from its access flags. */
  overwrites(channel: ChannelState): APIOverwrite[] {
    const bits = {
      view: PermissionFlagsBits.ViewChannel,
      send: PermissionFlagsBits.SendMessages,
      embed: PermissionFlagsBits.EmbedLinks,
      attach: PermissionFlagsBits.AttachFiles,
      history: PermissionFlagsBits.ReadMessageHistory,
    };
    let allow = 0n;
    let deny = 0n;
    for (const key of ['view', 'send', 'embed', 'attach', 'history'] as const) {
      if (channel.botAccess[key] === true) allow |= bits[key];
      if (channel.botAccess[key] === false) deny |= bits[key];
    }
    if (allow === 0n && deny === 0n) return [];
    return [{ id: this.botUser.id, type: OverwriteType.Member, allow: allow.toString(), deny: deny.toString() }];
  }

  /** A member's permissions in a channel, overwrites applied. */
  permissionsIn(channel: ChannelState, userId: string): bigint {
    const guild = this.#guilds.get(channel.guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    return channelPermissions(guild, this.overwrites(channel), { userId, roleIds: member.roles });
  }

  /** A member's guild-wide permissions. */
  guildPermissions(guild: GuildState, userId: string): bigint {
    const member = guild.members.get(userId);
    return member ? basePermissions(guild, { userId, roleIds: member.roles }) : 0n;
  }

  /** Gives a member exactly `roleIds`; throws for an unknown guild, member or role, so a test cannot change nothing. */
  setMemberRoles(guildId: string, userId: string, roleIds: readonly string[]): void {
    const guild = this.#guilds.get(guildId);
    const members = this.#members.get(guildId);
    const member = members?.get(userId);
    if (guild === undefined || members === undefined || member === undefined) throw new Error(`no member ${userId} in guild ${guildId}`);
    const unknown = roleIds.find((id) => !guild.roles.some((r) => r.id === id));
    if (unknown !== undefined) throw new Error(`guild ${guildId} has no role ${unknown}`);
    members.set(userId, { ...member, roles: [...roleIds] });
  }

  /** Changes what the bot may do in a channel; flags not given keep their current value. */
  setChannelAccess(channel: ChannelState, access: FakeChannelAccess): void {
    channel.botAccess = { ...channel.botAccess, ...access };
  }
}

/** Discord sends 0 for a role without flags; the enum has no member for "none". */
const NO_ROLE_FLAGS = 0 as RoleFlags;

function role(id: string, name: string, permissions: bigint, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: NO_ROLE_FLAGS,
  };
}

/** A user as Discord sends it (new usernames have discriminator "0"). */
export function toAPIUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName ?? null,
    avatar: null,
  };
}
