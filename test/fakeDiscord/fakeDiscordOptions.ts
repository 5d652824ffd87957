import { randomBytes } from 'node:crypto';
import { Locale, PermissionFlagsBits } from 'discord-api-types/v10';

/** A Discord user in the fake's world. */
export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
}

/** A guild role; `permissions` is a bitfield of `PermissionFlagsBits`. */
export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions?: bigint;
}

/**
 * What the bot may do in one channel. Each flag left out follows the guild's
 * roles; one given becomes a member overwrite for the bot, so discord.js's
 * `channel.permissionsFor(me)` and the fake's REST checks agree.
 */
export interface FakeChannelAccess {
  readonly view?: boolean;
  readonly send?: boolean;
  readonly embed?: boolean;
  /** Attach Files: without it, posting a file is 50013. */
  readonly attach?: boolean;
  readonly history?: boolean;
}

/** A text (or announcement) channel. */
export interface FakeChannel extends FakeChannelAccess {
  readonly id: string;
  readonly name: string;
  readonly kind?: 'text' | 'announcement';
  readonly topic?: string;
}

/** A guild member other than the bot; permissions come from `roles`. */
export interface FakeMember {
  readonly user: FakeUser;
  readonly roles?: readonly string[];
  readonly nick?: string;
}

/** A guild the bot is in. */
export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  /** Defaults to the first member. The owner holds every permission. */
  readonly ownerId?: string;
  readonly locale?: Locale;
  /** The @everyone role's permissions. */
  readonly everyonePermissions?: bigint;
  /** The permissions of the bot's managed role. */
  readonly botPermissions?: bigint;
  readonly roles?: readonly FakeRole[];
  readonly channels?: readonly FakeChannel[];
  readonly members?: readonly FakeMember[];
}

/** A member of the team that owns the application. */
export interface FakeTeamMember {
  readonly user: FakeUser;
  readonly role?: 'admin' | 'developer' | 'read_only';
}

/** Who owns the application: one user, or a team (then the team's members are the owners). */
export type FakeOwner =
  | { readonly user: FakeUser }
  | {
      readonly team: {
        readonly id: string;
        readonly name: string;
        readonly ownerUserId: string;
        readonly members: readonly FakeTeamMember[];
      };
    };

/** Everything about the fake that a test may choose; every field has a default. */
export interface FakeDiscordOptions {
  /** The bot token the fake accepts. Default: random per instance. */
  readonly token?: string;
  readonly applicationId?: string;
  /** Default: named "Briefing Desk", with the application's id as Discord does for new apps. */
  readonly botUser?: FakeUser;
  readonly owner?: FakeOwner;
  readonly guilds?: readonly FakeGuild[];
  /** How long an interaction accepts its first callback. Default 3000, as on Discord. */
  readonly interactionWindowMs?: number;
  /** How long the interaction token works for follow-ups and edits. Default 15 minutes. */
  readonly followupWindowMs?: number;
  /** How long `enforce_nonce` remembers a nonce. Default 5 minutes ("a few minutes" in Discord's docs). */
  readonly nonceWindowMs?: number;
  /** Global REST limit per second; `null` (default) is unlimited. */
  readonly requestsPerSecond?: number | null;
  /** HELLO's heartbeat_interval. Default 41250, as Discord sends. */
  readonly heartbeatIntervalMs?: number;
  /** The shard count `GET /gateway/bot` recommends. Default 1. */
  readonly shardCount?: number;
  /** `session_start_limit.max_concurrency`: shards that may identify together. Default 1, as for small bots. */
  readonly maxConcurrency?: number;
  /** Privileged intents enabled for the app in the developer portal. Default none. */
  readonly privilegedIntents?: number;
  /** The largest file a message may carry, and a member may attach. Default {@link DEFAULT_UPLOAD_LIMIT_BYTES}. */
  readonly uploadLimitBytes?: number;
  /** How long the CDN URL of a file attached to a command works. Default 5 minutes. */
  readonly attachmentUrlLifetimeMs?: number;
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly owner: FakeOwner;
  readonly guilds: readonly FakeGuild[];
  readonly interactionWindowMs: number;
  readonly followupWindowMs: number;
  readonly nonceWindowMs: number;
  readonly requestsPerSecond: number | null;
  readonly heartbeatIntervalMs: number;
  readonly shardCount: number;
  readonly maxConcurrency: number;
  readonly privilegedIntents: number;
  readonly uploadLimitBytes: number;
  readonly attachmentUrlLifetimeMs: number;
}

/**
 * Discord's default file upload limit, per file, for bots, webhooks and
 * interaction responses in a server without boosts: 20 MiB since September
 * 2026 (Reference, "Uploading Files"; discord/discord-api-docs#8578), 10 MiB
 * before that. It is also the `attachment_size_limit` interactions carry.
 */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** The ids of the default world, so tests can name its guilds, channels and people. */
export const FAKE_IDS = {
  application: '1100000000000000001',
  guild: '1200000000000000001',
  secondGuild: '1200000000000000002',
  moderatorRole: '1210000000000000001',
  dataDeskRole: '1210000000000000002',
  general: '1220000000000000001',
  briefs: '1220000000000000002',
  readOnly: '1220000000000000003',
  hidden: '1220000000000000004',
  noEmbeds: '1220000000000000005',
  noHistory: '1220000000000000006',
  secondGeneral: '1220000000000000011',
  /** On shard 0 of a two-shard bot; the default guilds are both on shard 1: `(id >> 22) % 2`. */
  shardZeroGuild: '1200000000004194305',
  shardZeroGeneral: '1220000000000000021',
  owner: '1300000000000000001',
  moderator: '1300000000000000002',
  member: '1300000000000000003',
} as const;

/** What @everyone may do in a new Discord server, as far as text channels go. */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

/** What the bot's managed role grants: what an invite link for a briefing bot asks for. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis;

const owner: FakeUser = { id: FAKE_IDS.owner, username: 'olive.owner', globalName: 'Olive Owner' };
const moderator: FakeUser = { id: FAKE_IDS.moderator, username: 'max.moderator', globalName: 'Max Moderator' };
const member: FakeUser = { id: FAKE_IDS.member, username: 'mia.member', globalName: 'Mia Member' };

/**
 * The default world: a trading server with channels the bot may and may not
 * use, an owner, a moderator (Manage Server) and a plain member, plus a second
 * server so "sees the guilds" means more than one.
 */
const DEFAULT_GUILDS: readonly FakeGuild[] = [
  {
    id: FAKE_IDS.guild,
    name: 'Small Caps Trading Floor',
    ownerId: owner.id,
    roles: [
      {
        id: FAKE_IDS.moderatorRole,
        name: 'Moderator',
        permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageMessages,
      },
      { id: FAKE_IDS.dataDeskRole, name: 'Data Desk', permissions: 0n },
    ],
    channels: [
      { id: FAKE_IDS.general, name: 'general' },
      { id: FAKE_IDS.briefs, name: 'market-briefs', topic: 'Weekly recaps land here' },
      { id: FAKE_IDS.readOnly, name: 'announcements-read-only', send: false },
      { id: FAKE_IDS.hidden, name: 'staff-only', view: false },
      { id: FAKE_IDS.noEmbeds, name: 'no-embeds', embed: false },
      { id: FAKE_IDS.noHistory, name: 'no-history', history: false },
    ],
    members: [{ user: owner }, { user: moderator, roles: [FAKE_IDS.moderatorRole] }, { user: member }],
  },
  {
    id: FAKE_IDS.secondGuild,
    name: 'Index Watchers',
    ownerId: member.id,
    channels: [{ id: FAKE_IDS.secondGeneral, name: 'general' }],
    members: [{ user: member }, { user: moderator }],
  },
];

/** The default guilds plus one on shard 0, so a two-shard bot has a server on each shard. */
export const TWO_SHARD_GUILDS: readonly FakeGuild[] = [
  ...DEFAULT_GUILDS,
  {
    id: FAKE_IDS.shardZeroGuild,
    name: 'Shard Zero Desk',
    ownerId: owner.id,
    channels: [{ id: FAKE_IDS.shardZeroGeneral, name: 'general' }],
    members: [{ user: owner }, { user: member }],
  },
];

/** Fills in every default. */
export function resolveOptions(options: FakeDiscordOptions = {}): ResolvedOptions {
  const applicationId = options.applicationId ?? FAKE_IDS.application;
  return {
    token: options.token ?? `${Buffer.from(applicationId).toString('base64url')}.fake.${randomBytes(18).toString('base64url')}`,
    applicationId,
    botUser: options.botUser ?? { id: applicationId, username: 'Briefing Desk' },
    owner: options.owner ?? { user: owner },
    guilds: options.guilds ?? DEFAULT_GUILDS,
    interactionWindowMs: options.interactionWindowMs ?? 3000,
    followupWindowMs: options.followupWindowMs ?? 15 * 60_000,
    nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
    requestsPerSecond: options.requestsPerSecond ?? null,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    shardCount: options.shardCount ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    privilegedIntents: options.privilegedIntents ?? 0,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    attachmentUrlLifetimeMs: options.attachmentUrlLifetimeMs ?? 5 * 60_000,
  };
}
