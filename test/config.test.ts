import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES, loadConfig, type Config } from '../src/config';

function config(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`config refused: ${result.problems.join('; ')}`);
  return result.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error(`config accepted: ${JSON.stringify(result.config)}`);
  return result.problems;
}

const ID_A = '123456789012345678';
const ID_B = '223456789012345678';

describe('loadConfig defaults', () => {
  test('GIVEN an empty environment THEN the console defaults apply: no token, data/, 7 stale days, 12 grace hours, 10 s shutdown', () => {
    expect(config({})).toEqual({
      dataDir: 'data',
      statePath: 'state/briefing-desk.sqlite',
      staleAfterDays: 7,
      recapGraceHours: 12,
      dataModeratorIds: [],
      dataModeratorRoleIds: [],
      shutdownTimeoutMs: 10_000,
      healthHost: '127.0.0.1',
    });
  });

  test('GIVEN every variable set but empty, as a copied .env.example leaves them THEN the defaults apply', () => {
    const empty = Object.fromEntries(CONFIG_VARIABLES.map((n) => [n, '']));
    expect(config(empty)).toEqual(config({}));
  });

  test('GIVEN good values THEN each is read into the config', () => {
    expect(
      config({
        DISCORD_TOKEN: 'x'.repeat(70),
        DISCORD_GUILD_ID: ID_A,
        DISCORD_API_URL: 'https://discord.com/api',
        DATA_DIR: '/srv/briefing/data',
        STATE_PATH: '/srv/briefing/state.sqlite',
        STATE_URL: 'postgres://bot:secret@db.internal:5432/briefing_desk',
        STALE_AFTER_DAYS: '14',
        RECAP_GRACE_HOURS: '6',
        SHUTDOWN_TIMEOUT_MS: '2500',
        LOG_LEVEL: 'debug',
        HEALTH_PORT: '9464',
        HEALTH_HOST: '10.0.0.5',
      }),
    ).toEqual({
      discordToken: 'x'.repeat(70),
      discordGuildId: ID_A,
      discordApiUrl: 'https://discord.com/api',
      dataDir: '/srv/briefing/data',
      statePath: '/srv/briefing/state.sqlite',
      stateUrl: 'postgres://bot:secret@db.internal:5432/briefing_desk',
      staleAfterDays: 14,
      recapGraceHours: 6,
      dataModeratorIds: [],
      dataModeratorRoleIds: [],
      shutdownTimeoutMs: 2500,
      logLevel: 'debug',
      healthPort: 9464,
      healthHost: '10.0.0.5',
    });
  });

  test('GIVEN HEALTH_PORT=0 THEN it is kept, meaning any free port', () => {
    expect(config({ HEALTH_PORT: '0' }).healthPort).toBe(0);
  });

  test('GIVEN variables the bot does not read THEN they are ignored', () => {
    expect(config({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'production' })).toEqual(config({}));
  });
});

describe('loadConfig lists and URLs', () => {
  test('GIVEN id lists separated by commas, spaces or both THEN each id is read once, in order', () => {
    const c = config({ DATA_MODERATOR_IDS: ` ${ID_A}, ${ID_B} `, DATA_MODERATOR_ROLE_IDS: `${ID_B} ${ID_A},,` });
    expect(c.dataModeratorIds).toEqual([ID_A, ID_B]);
    expect(c.dataModeratorRoleIds).toEqual([ID_B, ID_A]);
  });

  test.each([
    ['http://127.0.0.1:3000/api/', 'http://127.0.0.1:3000/api'],
    ['https://proxy.example/api//', 'https://proxy.example/api'],
    ['https://discord.com/api', 'https://discord.com/api'],
  ])('GIVEN DISCORD_API_URL=%s THEN the trailing slash is trimmed to %s', (url, expected) => {
    expect(config({ DISCORD_API_URL: url }).discordApiUrl).toBe(expected);
  });
});

describe('loadConfig problems: one "NAME: problem" line each', () => {
  test.each([
    [{ DISCORD_TOKEN: 'short' }, 'DISCORD_TOKEN: looks too short to be a bot token'],
    [{ DISCORD_GUILD_ID: '12345' }, 'DISCORD_GUILD_ID: expected a Discord id (17–20 digits)'],
    [{ DISCORD_API_URL: 'discord.com/api' }, 'DISCORD_API_URL: expected an http(s) URL such as https://discord.com/api'],
    [{ DISCORD_API_URL: 'ftp://proxy.example/api' }, 'DISCORD_API_URL: expected an http(s) URL such as https://discord.com/api'],
    [{ STALE_AFTER_DAYS: 'abc' }, 'STALE_AFTER_DAYS: expected a whole number'],
    [
      { STALE_AFTER_DAYS: '1.5' },
      'STALE_AFTER_DAYS: expected a whole number in plain digits, such as 12 (no sign, point, exponent, 0x or spaces)',
    ],
    [{ STALE_AFTER_DAYS: '0' }, 'STALE_AFTER_DAYS: expected a number above 0'],
    [{ STALE_AFTER_DAYS: '-7' }, 'STALE_AFTER_DAYS: expected a number above 0'],
    [{ STALE_AFTER_DAYS: '3651' }, 'STALE_AFTER_DAYS: expected at most 3650 (ten years)'],
    [{ RECAP_GRACE_HOURS: 'twelve' }, 'RECAP_GRACE_HOURS: expected a whole number'],
    [
      { RECAP_GRACE_HOURS: '169' },
      'RECAP_GRACE_HOURS: expected at most 168 (a week: a longer grace would post last week’s recap late as if it were current)',
    ],
    [{ SHUTDOWN_TIMEOUT_MS: 'Infinity' }, 'SHUTDOWN_TIMEOUT_MS: expected a whole number'],
    [{ SHUTDOWN_TIMEOUT_MS: '3000000000' }, 'SHUTDOWN_TIMEOUT_MS: expected at most 2147483647 (the longest timer Node.js can wait)'],
    [{ DATA_MODERATOR_IDS: 'alice' }, 'DATA_MODERATOR_IDS: "alice" is not a Discord id (17–20 digits)'],
    [{ DATA_MODERATOR_ROLE_IDS: `${ID_A},42` }, 'DATA_MODERATOR_ROLE_IDS: "42" is not a Discord id (17–20 digits)'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent'],
    [
      { STATE_PATH: ':memory:' },
      "STATE_PATH: is SQLite's private in-memory database: recap schedules and the post ledger would vanish at every restart; give a file path",
    ],
    [
      { STATE_URL: 'mysql://bot@db.internal/briefing_desk' },
      'STATE_URL: expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/briefing_desk',
    ],
    [{ HEALTH_PORT: '65536' }, 'HEALTH_PORT: expected a port from 0 to 65535'],
    [{ HEALTH_PORT: 'http' }, 'HEALTH_PORT: expected a port number in plain digits, such as 9464'],
    [{ HEALTH_PORT: '-1' }, 'HEALTH_PORT: expected a port number in plain digits, such as 9464'],
    [
      { HEALTH_HOST: 'http://127.0.0.1:9464/' },
      'HEALTH_HOST: expected a host name or IP address such as 127.0.0.1 (no scheme, port or path)',
    ],
    [{ DISCORD_TOKEN: 'x'.repeat(201) }, 'DISCORD_TOKEN: looks too long to be a bot token'],
    [{ DATA_DIR: `/srv/${'d'.repeat(4100)}` }, "DATA_DIR: expected a path of at most 4096 characters (Linux's PATH_MAX)"],
    [{ DISCORD_API_URL: `https://proxy.example/${'a'.repeat(2048)}` }, 'DISCORD_API_URL: expected a URL of at most 2048 characters'],
    [{ DATA_MODERATOR_IDS: `${ID_A},`.repeat(120) }, 'DATA_MODERATOR_IDS: expected at most 2000 characters (about 90 ids)'],
  ])('GIVEN %j THEN the one problem is %j', (env, problem) => {
    expect(problems(env)).toEqual([problem]);
  });

  test.each(['0x10', '1e3', ' 12', '12 ', '12.0', '+5', '0b11', '0o17', '1000.'])(
    'GIVEN a number written as %j THEN it is refused, though JavaScript would read it as a number, with what is expected',
    (written) => {
      for (const name of ['STALE_AFTER_DAYS', 'RECAP_GRACE_HOURS', 'SHUTDOWN_TIMEOUT_MS']) {
        expect(problems({ [name]: written })).toEqual([
          `${name}: expected a whole number in plain digits, such as 12 (no sign, point, exponent, 0x or spaces)`,
        ]);
      }
    },
  );

  test.each(['１２', '٣', '1_000', '12abc'])('GIVEN %j THEN it is refused as not a whole number', (written) => {
    expect(problems({ STALE_AFTER_DAYS: written })).toEqual(['STALE_AFTER_DAYS: expected a whole number']);
  });

  test('GIVEN the largest values allowed THEN they are read: a week of grace, ten years of staleness', () => {
    expect(config({ RECAP_GRACE_HOURS: '168', STALE_AFTER_DAYS: '3650', SHUTDOWN_TIMEOUT_MS: '2147483647' })).toMatchObject({
      recapGraceHours: 168,
      staleAfterDays: 3650,
      shutdownTimeoutMs: 2_147_483_647,
    });
  });

  test('GIVEN several bad values THEN every problem is reported at once, one line each, in the order of the variables', () => {
    expect(
      problems({
        LOG_LEVEL: 'loud',
        STALE_AFTER_DAYS: 'abc',
        DISCORD_GUILD_ID: 'guild',
        DATA_MODERATOR_IDS: 'bob carol',
        DISCORD_API_URL: 'nope',
      }),
    ).toEqual([
      'DISCORD_GUILD_ID: expected a Discord id (17–20 digits)',
      'DISCORD_API_URL: expected an http(s) URL such as https://discord.com/api',
      'STALE_AFTER_DAYS: expected a whole number',
      'DATA_MODERATOR_IDS: "bob" is not a Discord id (17–20 digits)',
      'DATA_MODERATOR_IDS: "carol" is not a Discord id (17–20 digits)',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  test.each([' ', '\r', '"', '\n'])(
    'GIVEN a token with a stray %j copied from a .env file THEN it is refused at start-up, not at login',
    (stray) => {
      const token = `MTIz.fake.${'a'.repeat(60)}`;
      for (const written of [`${token}${stray}`, `${stray}${token}`]) {
        expect(problems({ DISCORD_TOKEN: written })).toEqual([
          'DISCORD_TOKEN: expected only letters, digits, dots, dashes and underscores (check for a stray space, quote or line ending)',
        ]);
      }
    },
  );

  test('GIVEN a bad token THEN the token itself never appears in the problem', () => {
    const token = 'secret-but-short';
    expect(problems({ DISCORD_TOKEN: token }).join('\n')).not.toContain(token);
  });
});

describe('GIVEN .env.example, the operator’s reference', () => {
  test('THEN it documents every variable the bot reads, and nothing else', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = [...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe('GIVEN shard settings', () => {
  test.each([
    ['0-3', [0, 1, 2, 3]],
    ['4,5', [4, 5]],
    ['0-1,3', [0, 1, 3]],
    [' 3 , 0 - 1 ', [0, 1, 3]],
  ])('THEN SHARD_IDS=%s of 8 holds shards %j', (ids, held) => {
    expect(config({ SHARD_COUNT: '8', SHARD_IDS: ids }).shards).toEqual({ ids: held, count: 8 });
  });

  test('THEN neither set leaves every shard to discord.js, and SHARD_COUNT alone holds all of that many', () => {
    expect(config({}).shards).toBeUndefined();
    expect(config({ SHARD_COUNT: '3' }).shards).toEqual({ ids: [0, 1, 2], count: 3 });
  });

  test("THEN the sharding manager's SHARDS win over the host's SHARD_IDS", () => {
    expect(config({ SHARD_COUNT: '4', SHARD_IDS: '0-3', SHARDS: '2' }).shards).toEqual({ ids: [2], count: 4 });
  });

  test.each([
    [{ SHARD_COUNT: '4', SHARD_IDS: '2-5' }, 'SHARD_IDS: shard 4, 5 is past SHARD_COUNT 4 (ids run from 0 to 3)'],
    [{ SHARD_COUNT: '4', SHARD_IDS: '0-2,2' }, 'SHARD_IDS: lists shard 2 more than once'],
    [{ SHARD_COUNT: '4', SHARD_IDS: '0-1,1-3' }, 'SHARD_IDS: lists shard 1 more than once'],
    [{ SHARD_COUNT: '4', SHARD_IDS: ' , ' }, 'SHARD_IDS: lists no shard; expected shard ids and ranges such as 0-3, 4,5 or 0-1,3'],
    [
      { SHARD_COUNT: '4', SHARD_IDS: '0,,1' },
      'SHARD_IDS: "" is not a shard id or range; expected shard ids and ranges such as 0-3, 4,5 or 0-1,3',
    ],
    [{ SHARD_COUNT: '4', SHARD_IDS: '3-1' }, 'SHARD_IDS: "3-1" runs backwards; write 1-3'],
    [
      { SHARD_COUNT: '4', SHARD_IDS: 'all' },
      'SHARD_IDS: "all" is not a shard id or range; expected shard ids and ranges such as 0-3, 4,5 or 0-1,3',
    ],
    [{ SHARD_IDS: '0-1' }, "SHARD_IDS: needs SHARD_COUNT, the bot's total number of shards, so every process splits the servers alike"],
    [{ SHARD_COUNT: '0' }, 'SHARD_COUNT: expected a number above 0'],
    [{ SHARD_COUNT: 'two' }, 'SHARD_COUNT: expected a whole number of shards in plain digits, such as 4'],
    [{ SHARD_COUNT: '2', SHARDS: '2' }, 'SHARDS: shard 2 is past SHARD_COUNT 2 (ids run from 0 to 1)'],
  ])('GIVEN %j THEN the problem is: %s', (env, problem) => {
    expect(problems(env)).toEqual([problem]);
  });
});
