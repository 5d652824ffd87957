import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, type RawData } from 'ws';
import { APPLICATION_FLAGS, apiMember, guildCreate } from './apiShapes';
import type { ResolvedOptions } from './fakeDiscordOptions';
import { compressPayload, plainJson, ZlibStreamEncoder, type GatewayEncoder } from './gatewayEncoding';
import {
  ACCEPTED_IGNORED_OPCODES,
  gatewayFrameSchema,
  identifySchema,
  requestGuildMembersSchema,
  resumeSchema,
  type IdentifyPayload,
} from './gatewaySchemas';
import { shardOf } from './snowflakes';
import type { FakeWorld } from './world';

/** The `d` of a dispatch event, as discord-api-types defines it. */
export type DispatchData<T extends GatewayDispatchEvents> = Extract<GatewayDispatchPayload, { t: T }>['d'];

/** One thing that happened on the gateway, for tests to assert on. */
export interface GatewayLogEntry {
  readonly at: number;
  readonly connection: number;
  readonly kind: 'connect' | 'receive' | 'send' | 'close';
  readonly op?: number;
  readonly t?: string;
  readonly s?: number;
  readonly sessionId?: string;
  /** The URL path and query the client connected to. */
  readonly url?: string;
  readonly code?: number;
  readonly reason?: string;
  readonly closedBy?: 'client' | 'fake';
}

/** A gateway session as tests see it. */
export interface GatewaySessionInfo {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  readonly identify: IdentifyPayload;
  /** A socket is attached and has been sent READY or RESUMED. */
  readonly live: boolean;
  /** A RESUME naming this session would succeed. */
  readonly resumable: boolean;
  readonly sequence: number;
}

interface SentDispatch {
  readonly op: GatewayOpcodes.Dispatch;
  readonly t: GatewayDispatchEvents;
  readonly s: number;
  readonly d: unknown;
}

interface Session {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  readonly identify: IdentifyPayload;
  readonly backlog: SentDispatch[];
  sequence: number;
  connection: Connection | null;
  live: boolean;
  resumable: boolean;
}

interface Connection {
  readonly serial: number;
  readonly socket: WebSocket;
  readonly encoder: GatewayEncoder;
  session: Session | null;
  compressDispatches: boolean;
  closedByFake: boolean;
}

const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is GatewayIntentBits => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);

/** The intent a bot needs to receive an event; events not listed reach every session. */
const EVENT_INTENT: Partial<Record<GatewayDispatchEvents, GatewayIntentBits>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.GuildMessages,
};

/** What the gateway needs from the rest of the fake. */
export interface GatewayDeps {
  readonly options: ResolvedOptions;
  readonly world: FakeWorld;
  /** Where READY tells the client to resume; known once the server listens. */
  readonly resumeUrl: () => string;
  /** Called after every logged event so waiters re-check. */
  readonly changed: () => void;
}

/**
 * The gateway WebSocket: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE,
 * RESUME with replay of what the client missed, sequence numbers on every
 * dispatch, and Discord's close codes for what Discord refuses.
 */
export class FakeGateway {
  readonly log: GatewayLogEntry[] = [];
  readonly #deps: GatewayDeps;
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();
  #serial = 0;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
  }

  /** Takes over a freshly upgraded socket. */
  accept(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    const compress = url.searchParams.get('compress');
    const connection: Connection = {
      serial: (this.#serial += 1),
      socket,
      encoder: compress === 'zlib-stream' ? new ZlibStreamEncoder() : plainJson,
      session: null,
      compressDispatches: false,
      closedByFake: false,
    };
    this.#connections.add(connection);
    this.#record({ connection: connection.serial, kind: 'connect', url: `${url.pathname}${url.search}` });
    socket.on('message', (data) => this.#receive(connection, data));
    socket.on('close', (code, reason) => this.#closed(connection, code, reason.toString()));
    socket.on('error', () => socket.terminate());

    const version = url.searchParams.get('v');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (version !== '10') {
      this.#close(connection, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version.');
      return;
    }
    if (encoding !== 'json') {
      // The fake cannot speak ETF; an unrecoverable close stops the client loudly instead of looping.
      this.#close(connection, GatewayCloseCodes.InvalidAPIVersion, `The fake supports encoding=json only, not ${encoding}.`);
      return;
    }
    this.#send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.#deps.options.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  /** Sends an event to the session that owns the guild's shard; returns how many sessions it went to. */
  toGuild<T extends GatewayDispatchEvents>(guildId: string, t: T, d: DispatchData<T>): number {
    let reached = 0;
    for (const session of this.#sessions.values()) {
      if (!session.resumable || shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
      if (!this.#wants(session, t)) continue;
      this.#dispatch(session, t, d);
      reached += 1;
    }
    return reached;
  }

  /** True when some session could receive the guild's events (now or, after a resume, later). */
  hasSessionFor(guildId: string): boolean {
    return [...this.#sessions.values()].some((session) => session.resumable && shardOf(guildId, session.shard[1]) === session.shard[0]);
  }

  sessions(): GatewaySessionInfo[] {
    return [...this.#sessions.values()].map((s) => ({
      id: s.id,
      shard: s.shard,
      intents: s.intents,
      identify: s.identify,
      live: s.live,
      resumable: s.resumable,
      sequence: s.sequence,
    }));
  }

  /**
   * Closes every open socket: with `code` (4000 by default), or abruptly
   * without a close frame when `code` is 1006. A non-resumable drop also
   * forgets the sessions, so a RESUME meets INVALID_SESSION.
   */
  drop(code: number, resumable: boolean): void {
    for (const connection of this.#connections) {
      if (code === 1006) {
        connection.closedByFake = true;
        connection.socket.terminate();
      } else {
        this.#close(connection, code, 'Dropped by the fake');
      }
    }
    if (!resumable) for (const session of this.#sessions.values()) session.resumable = false;
  }

  /** Ends every connection at once, for shutdown. */
  terminateAll(): void {
    for (const connection of this.#connections) {
      connection.closedByFake = true;
      connection.socket.terminate();
    }
  }

  #receive(connection: Connection, data: RawData): void {
    const frame = parseFrame(data);
    if (!frame) {
      this.#close(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.#record({ connection: connection.serial, kind: 'receive', op: frame.op, ...sessionOf(connection) });
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        this.#send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.#identify(connection, frame.d);
        return;
      case GatewayOpcodes.Resume:
        this.#resume(connection, frame.d);
        return;
      default:
        break;
    }
    if (!connection.session) {
      this.#close(connection, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
    } else if (frame.op === GatewayOpcodes.RequestGuildMembers) {
      this.#requestGuildMembers(connection.session, frame.d);
    } else if (!ACCEPTED_IGNORED_OPCODES.has(frame.op)) {
      this.#close(connection, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(connection: Connection, raw: unknown): void {
    if (connection.session) {
      this.#close(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const parsed = identifySchema.safeParse(raw);
    if (!parsed.success) {
      this.#close(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const identify = parsed.data;
    const { options, world } = this.#deps;
    if (identify.token !== options.token) {
      this.#close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if ((identify.intents & ~KNOWN_INTENTS) !== 0) {
      this.#close(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((identify.intents & PRIVILEGED_INTENTS & ~options.privilegedIntents) !== 0) {
      this.#close(connection, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard = identify.shard ?? [0, 1];
    if (shard[0] >= shard[1]) {
      this.#close(connection, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    // Discord takes any count of at least what it requires; fewer would leave a shard with too many guilds.
    if (shard[1] < options.shardCount) {
      this.#close(connection, GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      return;
    }
    for (const previous of this.#sessions.values()) {
      if (previous.shard[0] === shard[0] && previous.shard[1] === shard[1]) previous.resumable = false;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents: identify.intents,
      identify,
      backlog: [],
      sequence: 0,
      connection,
      live: true,
      resumable: true,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    connection.compressDispatches = identify.compress === true && connection.encoder === plainJson;

    const guilds = world.presentGuilds().filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: world.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.#deps.resumeUrl(),
      shard: [shard[0], shard[1]],
      application: { id: options.applicationId, flags: APPLICATION_FLAGS, flags_new: String(APPLICATION_FLAGS) },
    };
    this.#dispatch(session, GatewayDispatchEvents.Ready, ready);
    for (const guild of guilds) {
      if (this.#wants(session, GatewayDispatchEvents.GuildCreate)) {
        this.#dispatch(session, GatewayDispatchEvents.GuildCreate, guildCreate(world, guild));
      }
    }
  }

  #resume(connection: Connection, raw: unknown): void {
    const parsed = resumeSchema.safeParse(raw);
    if (!parsed.success) {
      this.#close(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (parsed.data.token !== this.#deps.options.token) {
      this.#close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.#sessions.get(parsed.data.session_id);
    if (!session || !session.resumable) {
      this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const since = parsed.data.seq ?? 0;
    if (since > session.sequence) {
      this.#close(connection, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
      return;
    }
    if (session.connection && session.connection !== connection) session.connection.session = null;
    session.connection = connection;
    connection.session = session;
    for (const missed of session.backlog) if (missed.s > since) this.#send(connection, missed);
    session.live = true;
    this.#dispatch(session, GatewayDispatchEvents.Resumed, undefined);
  }

  #requestGuildMembers(session: Session, raw: unknown): void {
    const parsed = requestGuildMembersSchema.safeParse(raw);
    const guild = parsed.success ? this.#deps.world.guild(parsed.data.guild_id) : undefined;
    if (!parsed.success || !guild?.present) return;
    const { query, limit, user_ids: userIds, nonce } = parsed.data;
    const wanted = userIds === undefined ? null : new Set(Array.isArray(userIds) ? userIds : [userIds]);
    const members = [...guild.members.values()]
      .filter((m) => (wanted ? wanted.has(m.user.id) : m.user.username.startsWith(query ?? '')))
      .slice(0, limit && limit > 0 ? limit : undefined);
    this.#dispatch(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: members.map(apiMember),
      chunk_index: 0,
      chunk_count: 1,
      ...(nonce === undefined ? {} : { nonce }),
    });
  }

  #wants(session: Session, t: GatewayDispatchEvents): boolean {
    const intent = EVENT_INTENT[t];
    return intent === undefined || (session.intents & intent) !== 0;
  }

  #dispatch<T extends GatewayDispatchEvents>(session: Session, t: T, d: DispatchData<T>): void {
    session.sequence += 1;
    const payload: SentDispatch = { op: GatewayOpcodes.Dispatch, t, s: session.sequence, d };
    session.backlog.push(payload);
    if (session.live && session.connection) this.#send(session.connection, payload);
  }

  #send(connection: Connection, payload: { op: GatewayOpcodes; d: unknown; s: number | null; t: string | null }): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    const json = JSON.stringify(payload);
    const isDispatch = payload.op === GatewayOpcodes.Dispatch;
    connection.socket.send(connection.compressDispatches && isDispatch ? compressPayload(json) : connection.encoder.encode(json));
    this.#record({
      connection: connection.serial,
      kind: 'send',
      op: payload.op,
      ...(payload.t === null ? {} : { t: payload.t }),
      ...(payload.s === null ? {} : { s: payload.s }),
      ...sessionOf(connection),
    });
  }

  #close(connection: Connection, code: number, reason: string): void {
    connection.closedByFake = true;
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.close(code, reason);
  }

  #closed(connection: Connection, code: number, reason: string): void {
    this.#connections.delete(connection);
    const session = connection.session;
    if (session && session.connection === connection) {
      session.connection = null;
      session.live = false;
      // Discord forgets a session whose client closed it normally (1000/1001).
      if (!connection.closedByFake && (code === 1000 || code === 1001)) session.resumable = false;
    }
    this.#record({
      connection: connection.serial,
      kind: 'close',
      code,
      reason,
      closedBy: connection.closedByFake ? 'fake' : 'client',
      ...(session ? { sessionId: session.id } : {}),
    });
  }

  #record(entry: Omit<GatewayLogEntry, 'at'>): void {
    this.log.push({ at: Date.now(), ...entry });
    this.#deps.changed();
  }
}

function sessionOf(connection: Connection): { sessionId?: string } {
  return connection.session ? { sessionId: connection.session.id } : {};
}

/** A client frame as `{ op, d }`, or null when it is not JSON or not a gateway payload. */
function parseFrame(data: RawData): { op: number; d: unknown } | null {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = gatewayFrameSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
