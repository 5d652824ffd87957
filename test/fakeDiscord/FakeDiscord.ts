import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandType,
  GatewayDispatchEvents,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import { apiChannel, guildCreate } from './apiShapes';
import {
  autocompleteInteraction,
  chatInputInteraction,
  componentInteraction,
  customIdsOf,
  type InteractionSetting,
  type OptionSpec,
} from './buildInteraction';
import { FakeCdn, FakeUpload, contentTypeFor, isCdnPath, type CdnFault, type CdnFetch } from './cdn';
import { ChangeSignal, type WaitPredicate } from './changeSignal';
import { CommandStore } from './commandStore';
import {
  resolveOptions,
  type FakeChannelAccess,
  type FakeDiscordOptions,
  type FakeGuild,
  type ResolvedOptions,
} from './fakeDiscordOptions';
import type { FakeState, MentionViolation } from './fakeState';
import { FakeGateway, type GatewayLogEntry, type GatewaySessionInfo } from './gateway';
import { GlobalRateLimit } from './globalRateLimit';
import { InteractionHandle } from './interactionHandle';
import { InteractionStore, type InteractionRecord } from './interactionStore';
import { MessageStore, type RecordedMessage } from './messageStore';
import { hasPermission } from './permissions';
import { serveRest, type InjectedFault, type RecordedRequest } from './restServer';
import { commandRoutes } from './routes/commandRoutes';
import { interactionRoutes } from './routes/interactionRoutes';
import { lookupRoutes } from './routes/lookupRoutes';
import { messageRoutes } from './routes/messageRoutes';
import { SnowflakeFactory } from './snowflakes';
import type { ChannelState, GuildState, MemberState } from './world';
import { FakeWorld } from './world';

/** Where an interaction happens and who acts; each field defaults sensibly. */
export interface InteractionPlaceSpec {
  /** Default: the first guild the bot is in. */
  readonly guildId?: string;
  /** Default: the first channel the member can see (for components: the clicked message's channel). */
  readonly channelId?: string;
  /**
   * Default: for a component, whoever ran the command that posted the message;
   * otherwise the first member who neither owns the guild nor holds a role.
   */
  readonly userId?: string;
  /** The member's client language. Default en-US. */
  readonly locale?: Locale;
  /**
   * Act as a server whose admins granted the command to this member in
   * Integrations settings, past `default_member_permissions`. Without it a
   * member who cannot see a command cannot run it, as on Discord.
   */
  readonly overridePermissions?: boolean;
}

/** How a member's file reaches the CDN, and what goes wrong when the bot downloads it. */
export interface UploadOptions {
  /** Default: what Discord gives the extension (`text/plain; charset=utf-8` for `.txt`), none for unknown ones. */
  readonly contentType?: string;
  /** How long its URL works. Default: the fake's `attachmentUrlLifetimeMs`. */
  readonly lifetimeMs?: number;
  readonly fault?: CdnFault;
}

/** What a member does: run a slash command, ask for autocomplete, or use a component. */
export type InteractionSpec =
  | ({ readonly kind: 'command'; readonly name: string } & OptionSpec & InteractionPlaceSpec)
  | ({ readonly kind: 'autocomplete'; readonly name: string; readonly focused: string } & OptionSpec & InteractionPlaceSpec)
  | ({
      readonly kind: 'component';
      readonly customId: string;
      /** For select menus: the chosen values. */
      readonly values?: readonly string[];
      /** Default: the newest message carrying a component with `customId`. */
      readonly messageId?: string;
    } & InteractionPlaceSpec);

/**
 * A local stand-in for Discord: REST under `apiUrl` and the gateway
 * WebSocket that `GET /gateway/bot` points at, on 127.0.0.1. It enforces
 * Discord's limits and error shapes, records what the bot does, injects
 * faults, and drives interactions, so end-to-end tests need neither Discord
 * nor sleeps. Files go through its CDN on the same port: `upload` makes a
 * member's file for an attachment option, `fileText` reads back what the bot
 * sent, `cdnFetches` shows every download.
 *
 * @example
 * ```ts
 * const fake = await FakeDiscord.start();
 * // The bot runs as a child process with DISCORD_API_URL=fake.apiUrl and DISCORD_TOKEN=fake.token.
 * await fake.waitForReady();
 * await fake.waitFor(() => fake.commands().length > 0, 5000, 'command sync');
 * const levels = fake.interact({ kind: 'command', name: 'levels', options: { index: 'rut' } });
 * expect((await levels.finalMessage()).message.embeds[0]?.title).toContain('Russell 2000');
 * const article = fake.upload('article.txt', 'Russell 2000 closed at 2,521.48 [1]');
 * const imported = fake.interact({ kind: 'command', name: 'data', subcommand: 'import', options: { file: article } });
 * await imported.finalMessage();
 * expect(fake.cdnFetches.filter((f) => f.attachmentId === article.id)).toHaveLength(1);
 * expect(fake.violations).toEqual([]);
 * await fake.close();
 * ```
 */
export class FakeDiscord {
  /** What the bot gets as `DISCORD_API_URL` (discord.js `rest.api`; it appends `/v10/...`). */
  readonly apiUrl: string;
  /** The gateway URL `GET /gateway/bot` hands out. */
  readonly gatewayUrl: string;
  /** The bot token the fake accepts. */
  readonly token: string;
  readonly applicationId: string;
  /** Every REST call, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Message-bearing calls without `allowed_mentions: { parse: [] }`. Tests assert it stays empty. */
  readonly violations: readonly MentionViolation[];
  /** Errors thrown inside the fake's routes (answered with 500): bugs in the fake itself. */
  readonly internalErrors: readonly unknown[];
  /** Where the fake's CDN serves attachments (this same server): attachment URLs start with it. */
  readonly cdnUrl: string;

  readonly #server: Server;
  readonly #sockets: WebSocketServer;
  readonly #options: ResolvedOptions;
  readonly #state: FakeState;
  readonly #signal: ChangeSignal;
  readonly #rateLimit: GlobalRateLimit;
  readonly #faults: InjectedFault[];

  private constructor(parts: {
    server: Server;
    sockets: WebSocketServer;
    port: number;
    options: ResolvedOptions;
    state: FakeState;
    signal: ChangeSignal;
    rateLimit: GlobalRateLimit;
    faults: InjectedFault[];
    requests: RecordedRequest[];
    internalErrors: unknown[];
  }) {
    this.#server = parts.server;
    this.#sockets = parts.sockets;
    this.#options = parts.options;
    this.#state = parts.state;
    this.#signal = parts.signal;
    this.#rateLimit = parts.rateLimit;
    this.#faults = parts.faults;
    this.apiUrl = `http://127.0.0.1:${parts.port}/api`;
    this.gatewayUrl = parts.state.gatewayUrl;
    this.token = parts.options.token;
    this.applicationId = parts.options.applicationId;
    this.requests = parts.requests;
    this.violations = parts.state.violations;
    this.internalErrors = parts.internalErrors;
    this.cdnUrl = `http://127.0.0.1:${parts.port}`;
  }

  /** Starts the fake on 127.0.0.1 with an OS-assigned port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const resolved = resolveOptions(options);
    const snowflakes = new SnowflakeFactory();
    const world = new FakeWorld(resolved, snowflakes);
    const signal = new ChangeSignal();
    const server = createServer();
    const sockets = new WebSocketServer({ noServer: true });
    let port = 0;
    const gateway = new FakeGateway({
      options: resolved,
      world,
      resumeUrl: () => `ws://127.0.0.1:${port}/gateway-resume`,
      changed: () => signal.notify(),
    });
    server.on('upgrade', (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/$/, '');
      if (path !== '/gateway' && path !== '/gateway-resume') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => gateway.accept(ws, request));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;

    const state: FakeState = {
      options: resolved,
      world,
      messages: new MessageStore(),
      interactions: new InteractionStore(),
      commands: new CommandStore(resolved.applicationId, snowflakes),
      snowflakes,
      gateway,
      cdn: new FakeCdn(`http://127.0.0.1:${port}`, () => signal.notify()),
      violations: [],
      gatewayUrl: `ws://127.0.0.1:${port}/gateway`,
    };
    const requests: RecordedRequest[] = [];
    const internalErrors: unknown[] = [];
    const rateLimit = new GlobalRateLimit(resolved.requestsPerSecond);
    const faults: InjectedFault[] = [];
    const routes = [...lookupRoutes(state), ...commandRoutes(state), ...messageRoutes(state), ...interactionRoutes(state)];
    server.on('request', (request, response) => {
      if (isCdnPath(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)) {
        state.cdn.serve(request, response);
        return;
      }
      serveRest(
        {
          routes,
          token: resolved.token,
          rateLimit,
          faults,
          record: (recorded) => {
            requests.push(recorded);
            signal.notify();
          },
          internalError: (error) => internalErrors.push(error),
        },
        request,
        response,
      ).catch((error: unknown) => {
        internalErrors.push(error);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    return new FakeDiscord({ server, sockets, port, options: resolved, state, signal, rateLimit, faults, requests, internalErrors });
  }

  /** The bot's user, as READY and `GET /users/@me` show it. */
  get botUser(): APIUser {
    return this.#state.world.botUser;
  }

  /** Every gateway connection, payload and close, in order. */
  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.#state.gateway.log;
  }

  /** The channel's messages that still exist, oldest first, each with the `allowed_mentions` it was sent with. */
  messages(channelId: string): readonly RecordedMessage[] {
    return this.#state.messages.inChannel(channelId);
  }

  /** One message by id, deleted ones included. */
  message(id: string): RecordedMessage | undefined {
    return this.#state.messages.get(id);
  }

  /** Every request to the fake CDN, in arrival order: what the bot downloaded, and when. */
  get cdnFetches(): readonly CdnFetch[] {
    return this.#state.cdn.fetches;
  }

  /**
   * A file a member attaches to a slash command, kept on the fake CDN under
   * a signed, expiring URL. Pass it as an attachment option's value:
   * `options: { file: fake.upload('article.txt', text) }`. A file over the
   * upload limit throws, since Discord's client would not send it.
   */
  upload(filename: string, content: string | Uint8Array, options: UploadOptions = {}): FakeUpload {
    const bytes = Buffer.from(content);
    const limit = this.#options.uploadLimitBytes;
    const declared = options.fault?.kind === 'longerThanDeclared' ? options.fault.declaredSize : bytes.length;
    if (declared > limit) throw new Error(`fake.upload: ${filename} is ${declared} bytes; Discord's client refuses files over ${limit}`);
    const attachment = this.#state.cdn.keep({
      id: this.#state.snowflakes.next(),
      folder: `ephemeral-attachments/${this.applicationId}`,
      filename,
      bytes,
      contentType: options.contentType ?? contentTypeFor(filename),
      at: Date.now(),
      lifetimeMs: options.lifetimeMs ?? this.#options.attachmentUrlLifetimeMs,
      ...(options.fault === undefined ? {} : { fault: options.fault }),
    });
    return new FakeUpload({ ...attachment, ephemeral: true }, this.#state.cdn);
  }

  /** The bytes of the file named `filename` on a message the bot sent, read straight from the fake CDN. */
  fileBytes(message: RecordedMessage | APIMessage, filename: string): Buffer {
    const api = 'writes' in message ? message.message : message;
    const attachment = api.attachments.find((a) => a.filename === filename);
    const bytes = attachment === undefined ? undefined : this.#state.cdn.bytesOf(attachment.id);
    if (!bytes) {
      const names = api.attachments.map((a) => a.filename).join(', ') || 'none';
      throw new Error(`fake.fileBytes: message ${api.id} has no file ${filename}; it has: ${names}`);
    }
    return bytes;
  }

  /** The file named `filename` on a message the bot sent, as UTF-8 text. */
  fileText(message: RecordedMessage | APIMessage, filename: string): string {
    return this.fileBytes(message, filename).toString('utf8');
  }

  /** The registered global commands, or one guild's. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.#state.commands.list(guildId ?? null);
  }

  sessions(): GatewaySessionInfo[] {
    return this.#state.gateway.sessions();
  }

  /** Waits until `predicate` returns a value (not false/null/undefined) and resolves with it. */
  waitFor<T>(predicate: WaitPredicate<T>, timeoutMs = 5000, description = 'the condition'): Promise<T> {
    return this.#signal.waitFor(predicate, timeoutMs, description);
  }

  /** Waits until every recommended shard has a live session (READY and its GUILD_CREATEs sent). */
  waitForReady(timeoutMs = 10_000): Promise<GatewaySessionInfo[]> {
    return this.waitFor(
      () => {
        const live = this.sessions().filter((s) => s.live);
        return live.length >= this.#options.shardCount ? live : undefined;
      },
      timeoutMs,
      `${this.#options.shardCount} live gateway session(s)`,
    );
  }

  /**
   * Sends an interaction to the bot over the gateway, built from the
   * registered commands, and returns a handle on what the bot does with it.
   */
  interact(spec: InteractionSpec): InteractionHandle {
    const { world } = this.#state;
    const guild = spec.guildId === undefined ? world.presentGuilds()[0] : world.guild(spec.guildId);
    if (!guild?.present) throw new Error(`fake.interact: the bot is not in guild ${spec.guildId ?? '(none)'}`);
    if (!this.#state.gateway.hasSessionFor(guild.id)) {
      throw new Error(`fake.interact: no gateway session receives guild ${guild.id}; has the bot logged in (await fake.waitForReady())?`);
    }
    const id = this.#state.snowflakes.next();
    const token = `aW50ZXJhY3Rpb246${id}${randomBytes(48).toString('base64url')}`;
    const setting = (member: MemberState, channel: ChannelState): InteractionSetting => ({
      world,
      guild,
      channel,
      member,
      id,
      token,
      applicationId: this.applicationId,
      locale: spec.locale ?? Locale.EnglishUS,
      attachmentSizeLimit: this.#options.uploadLimitBytes,
    });

    let built: { readonly payload: APIInteraction; readonly label: string; readonly setting: InteractionSetting };
    if (spec.kind === 'component') {
      const clicked = this.#componentMessage(guild, spec.customId, spec.messageId, spec.channelId);
      // Whoever ran the command that posted the message is the natural clicker (and the only one for an ephemeral one).
      const invoker = clicked.interactionId ? this.#state.interactions.byId(clicked.interactionId)?.user.id : undefined;
      const member = this.#member(guild, spec.userId ?? invoker);
      if (clicked.ephemeral && invoker !== member.user.id) {
        throw new Error(`fake.interact: message ${clicked.id} is ephemeral; only ${invoker ?? 'its recipient'} can use it`);
      }
      const where = setting(member, this.#channel(guild, clicked.channelId, member));
      const payload = componentInteraction(where, clicked.message, spec.customId, spec.values);
      built = { payload, label: `component ${spec.customId}`, setting: where };
    } else {
      const member = this.#member(guild, spec.userId);
      const where = setting(member, this.#channel(guild, spec.channelId, member));
      const command = this.#visibleCommand(guild, where.channel, member, spec.name, spec.overridePermissions === true);
      built =
        spec.kind === 'command'
          ? { payload: chatInputInteraction(where, command, spec), label: `/${spec.name}`, setting: where }
          : {
              payload: autocompleteInteraction(where, command, spec),
              label: `autocomplete /${spec.name} (${spec.focused})`,
              setting: where,
            };
    }
    const { payload, label } = built;

    const record: InteractionRecord = {
      id,
      token,
      payload,
      guildId: guild.id,
      channelId: built.setting.channel.id,
      user: built.setting.member.user,
      label,
      createdAt: Date.now(),
      attempts: [],
      accepted: null,
      originalMessageId: null,
      followupIds: [],
    };
    this.#state.interactions.add(record);
    this.#state.gateway.toGuild(guild.id, GatewayDispatchEvents.InteractionCreate, payload);
    this.#signal.notify();
    return new InteractionHandle(record, {
      interactionWindowMs: this.#options.interactionWindowMs,
      waitFor: (predicate, timeoutMs, description) => this.waitFor(predicate, timeoutMs, description),
      message: (messageId) => this.message(messageId),
    });
  }

  /**
   * Closes the bot's gateway socket(s) so it must reconnect: with `code`
   * (default 4000, after which discord.js resumes), or abruptly like a
   * network cut when `code` is 1006. With `resumable: false` the sessions
   * are forgotten and a RESUME gets INVALID_SESSION.
   */
  dropConnection(code = 4000, options: { readonly resumable?: boolean } = {}): void {
    this.#state.gateway.drop(code, options.resumable ?? true);
  }

  /** The bot is removed from a guild: GUILD_DELETE, and its channels answer 50001 from now on. */
  removeGuild(id: string): void {
    const guild = this.#state.world.guild(id);
    if (!guild?.present) throw new Error(`fake.removeGuild: the bot is not in guild ${id}`);
    guild.present = false;
    this.#state.gateway.toGuild(id, GatewayDispatchEvents.GuildDelete, { id });
  }

  /** The bot joins a guild: GUILD_CREATE with its channels, roles and the bot's member. */
  addGuild(guild: FakeGuild): void {
    const state = this.#state.world.addGuild(guild);
    this.#state.gateway.toGuild(state.id, GatewayDispatchEvents.GuildCreate, guildCreate(this.#state.world, state));
  }

  /**
   * Gives a member exactly these roles from now on, as a server's admin would
   * in its settings: later interactions carry them (the bot asks for no
   * member events, so none is sent).
   */
  setMemberRoles(guildId: string, userId: string, roleIds: readonly string[]): void {
    this.#state.world.setMemberRoles(guildId, userId, roleIds);
  }

  /** A channel is deleted: CHANNEL_DELETE, and posts to it get 404 10003 Unknown Channel. */
  deleteChannel(id: string): void {
    const channel = this.#existingChannel(id, 'deleteChannel');
    channel.deleted = true;
    this.#state.gateway.toGuild(channel.guildId, GatewayDispatchEvents.ChannelDelete, apiChannel(this.#state.world, channel));
  }

  /**
   * Takes a permission from the bot in one channel: `send` (default) makes
   * posts fail with 403 50013 Missing Permissions, `view` with 403 50001
   * Missing Access, `embed` refuses embeds and `attach` files with 50013.
   */
  denyChannel(id: string, permission: keyof FakeChannelAccess = 'send'): void {
    this.setChannelAccess(id, { [permission]: false });
  }

  /** Sets what the bot may do in a channel and tells the bot with CHANNEL_UPDATE. */
  setChannelAccess(id: string, access: FakeChannelAccess): void {
    const channel = this.#existingChannel(id, 'setChannelAccess');
    this.#state.world.setChannelAccess(channel, access);
    this.#state.gateway.toGuild(channel.guildId, GatewayDispatchEvents.ChannelUpdate, apiChannel(this.#state.world, channel));
  }

  /** Answers the next `count` REST calls whose path matches `route` with a 5xx (`status`). */
  failNext(route: RegExp, status = 500, count = 1): void {
    if (status < 500 || status > 599) throw new Error(`fake.failNext injects server errors (5xx), not ${status}`);
    this.#faults.push({ route, status, remaining: count });
  }

  /** Turns the global rate limit on (requests per second) or off (`null`). */
  setRateLimit(requestsPerSecond: number | null): void {
    this.#rateLimit.setLimit(requestsPerSecond);
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    this.#state.gateway.terminateAll();
    this.#sockets.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #member(guild: GuildState, userId: string | undefined): MemberState {
    const people = [...guild.members.values()].filter((m) => m.user.id !== this.botUser.id);
    if (userId !== undefined) {
      const member = guild.members.get(userId);
      if (!member) throw new Error(`fake.interact: ${userId} is not a member of guild ${guild.id}`);
      return member;
    }
    const plain = people.find((m) => m.user.id !== guild.ownerId && m.roles.length === 0);
    const member = plain ?? people.find((m) => m.user.id !== guild.ownerId) ?? people[0];
    if (!member) throw new Error(`fake.interact: guild ${guild.id} has no members besides the bot`);
    return member;
  }

  #channel(guild: GuildState, channelId: string | undefined, member: MemberState): ChannelState {
    const { world } = this.#state;
    const canSee = (c: ChannelState) => hasPermission(world.permissionsIn(c, member.user.id), PermissionFlagsBits.ViewChannel);
    const channel =
      channelId === undefined
        ? guild.channels.find((c) => !c.deleted && canSee(c))
        : guild.channels.find((c) => c.id === channelId && !c.deleted);
    if (!channel) throw new Error(`fake.interact: no usable channel ${channelId ?? ''} in guild ${guild.id}`);
    if (!canSee(channel)) throw new Error(`fake.interact: ${member.user.username} cannot see channel ${channel.id}`);
    return channel;
  }

  #visibleCommand(guild: GuildState, channel: ChannelState, member: MemberState, name: string, overridden: boolean): APIApplicationCommand {
    const { commands, world } = this.#state;
    const command = commands.find(guild.id, name, ApplicationCommandType.ChatInput);
    if (!command) {
      const known = [...commands.list(guild.id), ...commands.list(null)].map((c) => `/${c.name}`);
      throw new Error(`fake.interact: /${name} is not registered for guild ${guild.id}; registered: ${known.join(', ') || 'nothing'}`);
    }
    if (command.contexts && !command.contexts.includes(InteractionContextType.Guild)) {
      throw new Error(`fake.interact: /${name} is not available in guilds (contexts ${JSON.stringify(command.contexts)})`);
    }
    const inChannel = world.permissionsIn(channel, member.user.id);
    if (!hasPermission(inChannel, PermissionFlagsBits.UseApplicationCommands)) {
      throw new Error(`fake.interact: ${member.user.username} may not use application commands in channel ${channel.id}`);
    }
    const required = command.default_member_permissions;
    if (!overridden && required !== null && required !== undefined) {
      const held = world.guildPermissions(guild, member.user.id);
      const admin = hasPermission(held, PermissionFlagsBits.Administrator);
      const bits = BigInt(required);
      if (!admin && (bits === 0n || !hasPermission(held, bits))) {
        throw new Error(
          `fake.interact: /${name} is hidden from ${member.user.username} (default_member_permissions ${required}); ` +
            'pass overridePermissions: true to act as a server that granted it in Integrations settings',
        );
      }
    }
    return command;
  }

  #componentMessage(guild: GuildState, customId: string, messageId: string | undefined, channelId: string | undefined): RecordedMessage {
    const { messages } = this.#state;
    if (messageId !== undefined) {
      const message = messages.get(messageId);
      if (!message || message.deleted || message.guildId !== guild.id) {
        throw new Error(`fake.interact: no message ${messageId} in guild ${guild.id}`);
      }
      const customIds = customIdsOf(message.message);
      if (!customIds.includes(customId)) {
        throw new Error(`fake.interact: message ${messageId} has no component ${customId}; it has: ${customIds.join(', ') || 'none'}`);
      }
      return message;
    }
    const candidates = messages
      .all()
      .filter((m) => !m.deleted && m.guildId === guild.id && (channelId === undefined || m.channelId === channelId))
      .reverse();
    const message = candidates.find((m) => customIdsOf(m.message).includes(customId));
    if (!message) throw new Error(`fake.interact: no message in guild ${guild.id} carries a component ${customId}`);
    return message;
  }

  #existingChannel(id: string, action: string): ChannelState {
    const channel = this.#state.world.channel(id);
    if (!channel || channel.deleted) throw new Error(`fake.${action}: no channel ${id}`);
    return channel;
  }
}
