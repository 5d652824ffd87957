import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { shardOfGuild } from '../src/schedule/guildShard';
import { recapNonce } from '../src/schedule/recapNonce';
import type { RecapSchedule } from '../src/schedule/recapSchedule';
import { weekdayOfDate } from '../src/schedule/weekdays';
import { openStateStore } from '../src/state/stateStore';
import type { BotProcess } from '../test/e2e/botProcess';
import { DataCopy } from '../test/e2e/dataCopy';
import { startBot } from '../test/e2e/startBot';
import { FakeDiscord } from '../test/fakeDiscord/FakeDiscord';
import type { FakeGuild } from '../test/fakeDiscord/fakeDiscordOptions';
import { ProxyProcess } from '../test/proxy/proxyProcess';
import { freshDatabase, withPostgres } from './ledgerBench';
import type { BenchRow } from './run';

const CHANNELS = 500;
const SHARDS = 2;
/** Discord's global limit as the fake enforces it, answering anything over it with a real global 429. */
const REQUESTS_PER_SECOND = 50;
/** As the one-process fan-out: within 10 % of the time the global limit alone imposes. */
const BUDGET_RATIO = 1.1;
const MINUTE_MS = 60_000;
const DISCORD_EPOCH_MS = 1_420_070_400_000;
const OWNER = '1300000000000000001';

/**
 * How the two processes reach Discord: through one `npm run rest-proxy` (the
 * deployment the README describes, budgeted), or each on its own (for
 * comparison: each paces itself to the whole limit, so together they exceed it).
 */
type Route = 'proxy' | 'direct';
const ROUTES: readonly Route[] = ['proxy', 'direct'];

/** One server per channel, ids spaced by 1 << 22 so that consecutive servers fall on alternate shards. */
function subscriberGuilds(): FakeGuild[] {
  return Array.from({ length: CHANNELS }, (_, i) => ({
    id: String(1_500_000_000_000_000_000n + (BigInt(i) << 22n)),
    name: `Subscriber ${i + 1}`,
    channels: [{ id: String(1_600_000_000_000_000_000n + BigInt(i)), name: 'market-recaps' }],
  }));
}

/** A weekly UTC recap at `at`'s minute, on its day. */
function weeklyAt(at: Date): RecapSchedule {
  return {
    days: [weekdayOfDate(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate())],
    time: at.toISOString().slice(11, 16),
    timeZone: 'UTC',
  };
}

/** Every guild's channel subscribed to `schedule`, as last changed at `at`: what /recaps set in each server would write. */
async function subscribeAll(url: string, guilds: readonly FakeGuild[], schedule: RecapSchedule, at: Date): Promise<void> {
  const state = await openStateStore({ engine: 'postgres', url });
  try {
    for (const guild of guilds) {
      await state.subscriptions.save({ guildId: guild.id, channelId: guild.channels![0]!.id, schedule, setBy: OWNER }, at);
    }
  } finally {
    await state.close();
  }
}

async function ledgerStatuses(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; attempts: number; n: number }>(
      'SELECT status, attempts, count(*)::int AS n FROM recap_posts GROUP BY status, attempts ORDER BY status, attempts',
    );
    return rows.map((r) => `${r.status} (attempt ${r.attempts}): ${r.n}`).join(', ');
  } finally {
    await client.end();
  }
}

interface ClusterResult {
  readonly route: Route;
  /** From the due minute to the last recap landing. */
  readonly ms: number;
  /** From the due minute to the first recap landing: the minute clocks' and first claims' delay. */
  readonly firstMs: number;
  readonly created: number;
  readonly limited: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Recap messages that landed without the card's chart. */
  readonly withoutChart: number;
  /** Channels whose recap came from the process not holding their server's shard. */
  readonly wrongProcess: number;
  readonly ledger: string;
  readonly load: string;
}

/** One fan-out: a fresh fake Discord, database and pair of bot processes, the recap due at the next minute in every channel. */
async function fanOut(serverUrl: string, route: Route): Promise<ClusterResult> {
  const guilds = subscriberGuilds();
  const url = await freshDatabase(serverUrl, `cluster_fanout_${route}`);
  const fake = await FakeDiscord.start({ guilds, shardCount: SHARDS, maxConcurrency: SHARDS, requestsPerSecond: REQUESTS_PER_SECOND });
  const data = new DataCopy();
  const bots: BotProcess[] = [];
  let proxy: ProxyProcess | undefined;
  try {
    // Subscribed before start-up, so each process runs its minute clock; set half an hour ago today, nothing is due yet.
    const now = new Date();
    await subscribeAll(url, guilds, weeklyAt(new Date(now.getTime() - 30 * MINUTE_MS)), now);
    let apiUrl = fake.apiUrl;
    if (route === 'proxy') {
      const started = await ProxyProcess.start({ DISCORD_TOKEN: fake.token, REST_PROXY_UPSTREAM_URL: fake.apiUrl, LOG_LEVEL: 'info' });
      proxy = started.proxy;
      apiUrl = started.url;
    }
    const env = (shard: number) => ({
      DISCORD_API_URL: apiUrl,
      STATE_URL: url,
      SHARD_COUNT: String(SHARDS),
      SHARD_IDS: String(shard),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    });
    bots.push(...(await Promise.all([0, 1].map((shard) => startBot(fake, data, path.join(data.root, 'unused.sqlite'), env(shard))))));

    // The next minute at least 5 s away, so both minute clocks are running and the schedule is written before it.
    const due = new Date(Math.ceil((Date.now() + 5_000) / MINUTE_MS) * MINUTE_MS);
    await subscribeAll(url, guilds, weeklyAt(due), new Date(Date.now() - 60 * MINUTE_MS));
    const loadBefore = loadavg()[0]!;
    const recaps = (channelId: string) => fake.messages(channelId).filter((m) => m.origin === 'channel' && !m.deleted);
    const channels = guilds.map((g) => g.channels![0]!.id);
    const boundMs = (CHANNELS / REQUESTS_PER_SECOND) * 1000;
    await fake
      .waitFor(() => channels.every((c) => recaps(c).length > 0), due.getTime() - Date.now() + 5 * boundMs, 'a recap in every channel')
      .catch(() => undefined);
    // Each process's tick line comes once its whole fan-out is settled: anything sent twice has landed by then.
    await Promise.all(
      bots.map((bot) =>
        bot.waitForLog((l) => l.msg === 'recap tick' && Date.parse(String(l['at'])) >= due.getTime(), 5 * boundMs).catch(() => undefined),
      ),
    );
    const loadAfter = loadavg()[0]!;

    const period = due.toISOString().slice(0, 10);
    const createdAt = (messageId: string) => Number(BigInt(messageId) >> 22n) + DISCORD_EPOCH_MS;
    const landed = channels.flatMap(recaps);
    const times = landed.map((m) => createdAt(m.id));
    let present = 0;
    for (const guild of guilds) {
      const channelId = guild.channels![0]!.id;
      const nonce = recapNonce({ guildId: guild.id, channelId, period }, 0);
      if (recaps(channelId).some((m) => String(m.message.nonce) === nonce)) present += 1;
    }
    const postedBy = bots.map((bot) => new Set(bot.logs.filter((l) => l.msg === 'recap posted').map((l) => String(l['guildId']))));
    const wrongProcess = guilds.filter((g) => !postedBy[shardOfGuild(g.id, SHARDS)]!.has(g.id)).length;
    const creates = fake.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
    return {
      route,
      ms: Math.max(...times) - due.getTime(),
      firstMs: Math.min(...times) - due.getTime(),
      created: creates.filter((r) => r.status === 200).length,
      limited: fake.requests.filter((r) => r.status === 429).length,
      lost: CHANNELS - present,
      duplicated: landed.length - present,
      withoutChart: landed.filter((m) => m.message.attachments.length === 0).length,
      wrongProcess,
      ledger: await ledgerStatuses(url),
      load: `load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
    };
  } finally {
    await Promise.all(bots.map((bot) => bot.kill()));
    await proxy?.kill();
    await fake.close();
    data.remove();
  }
}

/**
 * The weekly recap card due at one minute in 500 channels, fanned out by two
 * real bot processes (`src/main.ts`), one shard each of a two-shard bot,
 * servers alternating between the shards, on one PostgreSQL database (the
 * state tests' embedded server), against the fake Discord enforcing 50
 * requests/s globally. The bound is what that limit alone imposes: 500 ÷ 50
 * = 10 s. Through one REST proxy the pair is budgeted at 1.1× the bound, as
 * one process is; each process direct to Discord is only reported, for its
 * 429s. A lost or duplicated recap, one without its chart, or one posted by
 * the process not holding its server's shard, fails a row.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const boundMs = (CHANNELS / REQUESTS_PER_SECOND) * 1000;
  const results = await withPostgres(async (serverUrl) => {
    const measured: ClusterResult[] = [];
    for (const route of ROUTES) {
      process.stderr.write(
        `  cluster fan-out, ${route === 'proxy' ? 'through one REST proxy' : 'each process direct'} (waits for the next minute)...\n`,
      );
      measured.push(await fanOut(serverUrl, route));
    }
    return measured;
  });
  return results.map((result) => {
    const wrong = [
      result.lost > 0 && `recaps lost: ${result.lost}`,
      result.duplicated > 0 && `recaps duplicated: ${result.duplicated}`,
      result.withoutChart > 0 && `recaps without the chart: ${result.withoutChart}`,
      result.wrongProcess > 0 && `recaps posted by the process not holding the shard: ${result.wrongProcess}`,
    ].filter((w): w is string => w !== false);
    return {
      section: 'cluster',
      name: `${CHANNELS} channels, 2 processes × 1 shard on PostgreSQL, ${result.route === 'proxy' ? 'through one REST proxy' : 'each process direct (no proxy)'}`,
      ms: result.ms,
      ...(result.route === 'proxy' && { budgetMs: Math.round(boundMs * BUDGET_RATIO) }),
      ...(wrong.length > 0 && { failure: wrong.join('; ') }),
      note: [
        `${(result.ms / 1000).toFixed(1)} s from the due minute to the last recap (first after ${result.firstMs} ms), one run`,
        `${result.created} messages + ${result.limited} 429s`,
        `lost ${result.lost}, duplicated ${result.duplicated}, without the chart ${result.withoutChart}`,
        `bound ${(boundMs / 1000).toFixed(0)} s, ratio ${(result.ms / boundMs).toFixed(2)}×`,
        `ledger ${result.ledger}`,
        result.load,
      ].join('; '),
    };
  });
}
