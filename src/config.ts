import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_GRACE_HOURS } from './schedule/runDueRecaps';

/**
 * Every environment variable the bot reads, parsed once at start-up. Nothing
 * else in the code reads `process.env`.
 */

const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits)');

/** Far above the number of moderators a bot has; a longer list is a pasted file, not a setting. */
const MAX_ID_LIST_LENGTH = 2_000;

const snowflakeList = z
  .string()
  .max(MAX_ID_LIST_LENGTH, `expected at most ${MAX_ID_LIST_LENGTH} characters (about 90 ids)`)
  .optional()
  .transform((text, ctx) => {
    const ids = (text ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    for (const id of ids) {
      if (!snowflake.safeParse(id).success) {
        ctx.addIssue({ code: 'custom', message: `"${id}" is not a Discord id (17–20 digits)` });
      }
    }
    return ids;
  });

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Why `text` is not a whole number in plain digits. */
function numberProblem(text: string): string {
  if (/^-\d+$/.test(text)) return 'expected a number above 0';
  // Number() reads these too, but each means something other than what it looks like, or hides a typo.
  if (Number.isFinite(Number(text))) return 'expected a whole number in plain digits, such as 12 (no sign, point, exponent, 0x or spaces)';
  return 'expected a whole number';
}

/**
 * A whole number written in plain decimal digits. JavaScript's Number() also
 * reads "0x10", "1e3", " 12", "12.0" and "+5"; a setting that means something
 * other than what it looks like is refused instead.
 */
const positiveInt = (fallback: number, max: number, maxReason: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((text, ctx) => {
        if (/^\d+$/.test(text)) return Number(text);
        ctx.addIssue({ code: 'custom', message: numberProblem(text) });
        return z.NEVER;
      })
      .pipe(z.number().positive('expected a number above 0').max(max, `expected at most ${max} ${maxReason}`))
      .default(fallback),
  );

/** A longer grace would post a recap a week or more late as if it were current. */
const MAX_GRACE_HOURS = 168;
/** Ten years: beyond it every answer would be "old" anyway, and the date arithmetic stays in range. */
const MAX_STALE_AFTER_DAYS = 3_650;
/** Linux's PATH_MAX. */
const MAX_PATH_LENGTH = 4_096;
/** What browsers and proxies reliably accept. */
const MAX_URL_LENGTH = 2_048;
/** A bot token is about 72 characters; anything far longer is not one. */
const MAX_TOKEN_LENGTH = 200;

const pathSetting = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.string().max(MAX_PATH_LENGTH, `expected a path of at most ${MAX_PATH_LENGTH} characters (Linux's PATH_MAX)`).default(fallback),
  );

/** Node's timers fire at once for any delay above this, so a longer shutdown wait would not wait at all. */
const TIMER_MAX_MS = 2_147_483_647;

/** The highest TCP port. */
const MAX_PORT = 65_535;

/**
 * A TCP port in plain digits; 0 asks the system for a free one (the bound port
 * is logged), which tests use.
 */
const portSetting = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^\d+$/, 'expected a port number in plain digits, such as 9464')
    .transform(Number)
    .pipe(z.number().max(MAX_PORT, `expected a port from 0 to ${MAX_PORT}`))
    .optional(),
);

/** A hostname or IP address: no scheme, port or path, which would only fail later, at bind time. */
const hostSetting = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .max(253, 'expected a host name of at most 253 characters')
    .regex(/^[A-Za-z0-9.:_-]+$/, 'expected a host name or IP address such as 127.0.0.1 (no scheme, port or path)')
    .default('127.0.0.1'),
);

/** The largest bots run a few thousand shards; a count far above that is a typo. */
const MAX_SHARD_COUNT = 100_000;

const SHARD_LIST_EXAMPLE = 'expected shard ids and ranges such as 0-3, 4,5 or 0-1,3';

/** `0-3`, `4,5`, `0-1,3`: shard ids and ranges of them, each shard once; read as the sorted ids. */
const shardList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .max(MAX_ID_LIST_LENGTH, `expected at most ${MAX_ID_LIST_LENGTH} characters`)
    .transform((text, ctx) => {
      const items = text.split(',').map((item) => item.trim());
      if (items.every((item) => item === '')) {
        ctx.addIssue({ code: 'custom', message: `lists no shard; ${SHARD_LIST_EXAMPLE}` });
        return z.NEVER;
      }
      const ids: number[] = [];
      for (const item of items) {
        const range = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/.exec(item);
        const from = Number(range?.[1]);
        const to = Number(range?.[2] ?? range?.[1]);
        if (range === null) ctx.addIssue({ code: 'custom', message: `"${item}" is not a shard id or range; ${SHARD_LIST_EXAMPLE}` });
        else if (to < from) ctx.addIssue({ code: 'custom', message: `"${item}" runs backwards; write ${to}-${from}` });
        else for (let id = from; id <= to; id += 1) ids.push(id);
      }
      const twice = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
      if (twice.length > 0) ctx.addIssue({ code: 'custom', message: `lists shard ${twice.join(', ')} more than once` });
      return ids.sort((a, b) => a - b);
    })
    .optional(),
);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(20, 'looks too short to be a bot token')
      .max(MAX_TOKEN_LENGTH, 'looks too long to be a bot token')
      // A token is base64url parts joined by dots; a space, quote or \r copied from a .env file would only fail later, at login.
      .regex(
        /^[A-Za-z0-9._-]+$/,
        'expected only letters, digits, dots, dashes and underscores (check for a stray space, quote or line ending)',
      )
      .optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .max(MAX_URL_LENGTH, `expected a URL of at most ${MAX_URL_LENGTH} characters`)
      .pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://discord.com/api' }))
      .optional(),
  ),
  DATA_DIR: pathSetting('data'),
  STATE_PATH: pathSetting(path.join('state', 'briefing-desk.sqlite')).refine(
    (value) => value !== ':memory:',
    "is SQLite's private in-memory database: recap schedules and the post ledger would vanish at every restart; give a file path",
  ),
  STATE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .max(MAX_URL_LENGTH, `expected a URL of at most ${MAX_URL_LENGTH} characters`)
      .pipe(
        z.url({
          protocol: /^postgres(ql)?$/,
          error: 'expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/briefing_desk',
        }),
      )
      .optional(),
  ),
  STALE_AFTER_DAYS: positiveInt(7, MAX_STALE_AFTER_DAYS, '(ten years)'),
  RECAP_GRACE_HOURS: positiveInt(
    DEFAULT_GRACE_HOURS,
    MAX_GRACE_HOURS,
    '(a week: a longer grace would post last week’s recap late as if it were current)',
  ),
  DATA_MODERATOR_IDS: snowflakeList,
  DATA_MODERATOR_ROLE_IDS: snowflakeList,
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000, TIMER_MAX_MS, '(the longest timer Node.js can wait)'),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional()),
  HEALTH_PORT: portSetting,
  HEALTH_HOST: hostSetting,
  CHARTS_DIR: z.preprocess(
    emptyAsUndefined,
    z.string().max(MAX_PATH_LENGTH, `expected a path of at most ${MAX_PATH_LENGTH} characters (Linux's PATH_MAX)`).optional(),
  ),
  SHARD_COUNT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\d+$/, 'expected a whole number of shards in plain digits, such as 4')
      .transform(Number)
      .pipe(z.number().positive('expected a number above 0').max(MAX_SHARD_COUNT, `expected at most ${MAX_SHARD_COUNT}`))
      .optional(),
  ),
  SHARD_IDS: shardList,
  // discord.js's sharding manager sets it (and SHARD_COUNT) for each process it starts.
  SHARDS: shardList,
});

/**
 * What `npm run rest-proxy` reads. Its upstream has a name of its own: on a
 * host that shares one .env, DISCORD_API_URL points the bots at the proxy,
 * and the proxy must not forward to itself.
 */
const restProxyEnvSchema = z.object({
  DISCORD_TOKEN: envSchema.shape.DISCORD_TOKEN,
  REST_PROXY_UPSTREAM_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .max(MAX_URL_LENGTH, `expected a URL of at most ${MAX_URL_LENGTH} characters`)
      .pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://discord.com/api' }))
      .default('https://discord.com/api'),
  ),
  REST_PROXY_HOST: hostSetting,
  REST_PROXY_PORT: portSetting,
  SHUTDOWN_TIMEOUT_MS: envSchema.shape.SHUTDOWN_TIMEOUT_MS,
  LOG_LEVEL: envSchema.shape.LOG_LEVEL,
});

/** The names of every variable the bot and the REST proxy read. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...new Set([...Object.keys(envSchema.shape), ...Object.keys(restProxyEnvSchema.shape)]),
];

export interface Config {
  /** Absent: the bot runs the local console instead of connecting. */
  readonly discordToken?: string;
  readonly discordGuildId?: string;
  readonly discordApiUrl?: string;
  readonly dataDir: string;
  readonly statePath: string;
  /** Set: the state lives in this PostgreSQL database, shared by every process and host, and `statePath` is not used. */
  readonly stateUrl?: string;
  readonly staleAfterDays: number;
  readonly recapGraceHours: number;
  readonly dataModeratorIds: readonly string[];
  readonly dataModeratorRoleIds: readonly string[];
  readonly shutdownTimeoutMs: number;
  /** Unset: `info` when connected to Discord, `warn` in the console so logs do not crowd the answers. */
  readonly logLevel?: (typeof LOG_LEVELS)[number];
  /** Absent: no health server. 0: any free port. */
  readonly healthPort?: number;
  /** Where the health server binds: loopback unless told otherwise, since /metrics is not for the internet. */
  readonly healthHost: string;
  /** Where the console writes the charts of its answers; absent: the session's folder in the system temp folder. */
  readonly chartsDir?: string;
  /** The gateway shards this process holds, of how many; absent: every shard, as many as Discord recommends. */
  readonly shards?: HeldShards;
}

export interface HeldShards {
  /** Sorted, each once, each below `count`. */
  readonly ids: readonly number[];
  readonly count: number;
}

/**
 * The shards this process holds. The sharding manager's SHARDS win over
 * SHARD_IDS, which a host's settings pass on to every process it starts.
 */
function heldShards(
  setIds: readonly number[] | undefined,
  managerIds: readonly number[] | undefined,
  count: number | undefined,
): { shards?: HeldShards; problem?: string } {
  const [name, ids] = managerIds === undefined ? ['SHARD_IDS', setIds] : ['SHARDS', managerIds];
  if (count === undefined) {
    return ids === undefined
      ? {}
      : { problem: `${name}: needs SHARD_COUNT, the bot's total number of shards, so every process splits the servers alike` };
  }
  const past = (ids ?? []).filter((id) => id >= count);
  if (past.length > 0)
    return { problem: `${name}: shard ${past.join(', ')} is past SHARD_COUNT ${count} (ids run from 0 to ${count - 1})` };
  return { shards: { ids: ids ?? Array.from({ length: count }, (_, id) => id), count } };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the environment; on failure returns one `NAME: problem` line per problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const held = heldShards(e.SHARD_IDS, e.SHARDS, e.SHARD_COUNT);
  if (held.problem !== undefined) return { ok: false, problems: [held.problem] };
  return {
    ok: true,
    config: {
      ...(e.DISCORD_TOKEN !== undefined && { discordToken: e.DISCORD_TOKEN }),
      ...(e.DISCORD_GUILD_ID !== undefined && { discordGuildId: e.DISCORD_GUILD_ID }),
      ...(e.DISCORD_API_URL !== undefined && { discordApiUrl: e.DISCORD_API_URL.replace(/\/+$/, '') }),
      dataDir: e.DATA_DIR,
      statePath: e.STATE_PATH,
      ...(e.STATE_URL !== undefined && { stateUrl: e.STATE_URL }),
      staleAfterDays: e.STALE_AFTER_DAYS,
      recapGraceHours: e.RECAP_GRACE_HOURS,
      dataModeratorIds: e.DATA_MODERATOR_IDS,
      dataModeratorRoleIds: e.DATA_MODERATOR_ROLE_IDS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      ...(e.LOG_LEVEL !== undefined && { logLevel: e.LOG_LEVEL }),
      ...(e.HEALTH_PORT !== undefined && { healthPort: e.HEALTH_PORT }),
      healthHost: e.HEALTH_HOST,
      ...(e.CHARTS_DIR !== undefined && { chartsDir: e.CHARTS_DIR }),
      ...(held.shards !== undefined && { shards: held.shards }),
    },
  };
}

/** The port the REST proxy listens on when REST_PROXY_PORT is unset. */
export const DEFAULT_REST_PROXY_PORT = 8_080;

export interface RestProxyConfig {
  /** Every request that carries a bot token must carry this one: the proxy keeps one bot's rate limits. */
  readonly discordToken: string;
  /** Where requests go on, without a trailing slash (discord.js appends `/v10/...`). */
  readonly upstreamUrl: string;
  readonly host: string;
  /** 0: any free port (the bound port is logged). */
  readonly port: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export type RestProxyConfigResult = { ok: true; config: RestProxyConfig } | { ok: false; problems: string[] };

/** Parses the REST proxy's environment; on failure returns one `NAME: problem` line per problem. */
export function loadRestProxyConfig(env: Record<string, string | undefined> = process.env): RestProxyConfigResult {
  const parsed = restProxyEnvSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN === undefined) {
    return { ok: false, problems: ['DISCORD_TOKEN: the REST proxy needs the bot token: it forwards only that bot’s requests'] };
  }
  return {
    ok: true,
    config: {
      discordToken: e.DISCORD_TOKEN,
      upstreamUrl: e.REST_PROXY_UPSTREAM_URL.replace(/\/+$/, ''),
      host: e.REST_PROXY_HOST,
      port: e.REST_PROXY_PORT ?? DEFAULT_REST_PROXY_PORT,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      logLevel: e.LOG_LEVEL ?? 'info',
    },
  };
}
