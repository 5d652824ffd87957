import { REST } from 'discord.js';
import { createChartRenderer, type ChartRenderer } from '../src/charts/chartRenderer';
import { composeRecap } from '../src/recaps/composeRecap';
import { createRecapPoster } from '../src/recaps/createRecapPoster';
import { fitReply } from '../src/render/fitReply';
import type { Reply } from '../src/reply';
import { openSqliteStateStore } from '../src/state/sqliteStateStore';
import type { StateStore } from '../src/state/stateStore';
import type { RecapLogger } from '../src/schedule/recapLogger';
import { recapNonce } from '../src/schedule/recapNonce';
import type { RecapSchedule } from '../src/schedule/recapSchedule';
import { DEFAULT_CONCURRENCY, runDueRecaps, type RecapRunSummary } from '../src/schedule/runDueRecaps';
import { weekdayOfDate } from '../src/schedule/weekdays';
import { loadShippedStore, STALE_AFTER_DAYS } from '../test/commands/fixtures/shippedStore';
import { FakeDiscord } from '../test/fakeDiscord/FakeDiscord';
import type { FakeGuild } from '../test/fakeDiscord/fakeDiscordOptions';
import type { BenchRow } from './run';

const CHANNELS = 500;
/** Discord's global limit as the fake enforces it, answering anything over it with a real global 429. */
const REQUESTS_PER_SECOND = 50;

/**
 * One fan-out setting: the runner's concurrency, and discord.js's own global
 * limit (`globalRequestsPerSecond`). At its default of 50 discord.js paces
 * itself to the limit; far above it, the fake's 429s set the pace instead.
 */
interface FanoutCase {
  readonly concurrency: number;
  readonly clientPerSecond: number;
}

/**
 * The shipped setting (runner default 50, discord.js default 50/s), fewer and
 * more subscriptions in flight to see whether the runner or the limit sets the
 * pace, and a client that does not pace itself, so the fake's real 429s are exercised.
 */
const CASES: readonly FanoutCase[] = [
  { concurrency: DEFAULT_CONCURRENCY, clientPerSecond: REQUESTS_PER_SECOND },
  { concurrency: 25, clientPerSecond: REQUESTS_PER_SECOND },
  { concurrency: 100, clientPerSecond: REQUESTS_PER_SECOND },
  { concurrency: DEFAULT_CONCURRENCY, clientPerSecond: 1000 },
];

/** Goal: within 10 % of the time the global limit alone imposes. */
const BUDGET_RATIO = 1.1;
const MODERATOR = '1300000000000000002';
const DAY_MS = 86_400_000;

/** Recap subscribers: one guild per channel, as the design keeps one subscription per guild. */
function subscriberGuilds(): FakeGuild[] {
  return Array.from({ length: CHANNELS }, (_, i) => ({
    id: String(1_500_000_000_000_000_000n + BigInt(i)),
    name: `Subscriber ${i + 1}`,
    channels: [{ id: String(1_600_000_000_000_000_000n + BigInt(i)), name: 'market-recaps' }],
  }));
}

/** A UTC schedule firing at `now`'s minute today, so every subscription is due at one instant. */
function dueAt(now: Date): RecapSchedule {
  return {
    days: [weekdayOfDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate())],
    time: now.toISOString().slice(11, 16),
    timeZone: 'UTC',
  };
}

/** Subscribes every guild's channel as of a day ago, so today's occurrence comes after the subscription's last change. */
async function subscribeAll(state: StateStore, guilds: readonly FakeGuild[], now: Date): Promise<void> {
  const schedule = dueAt(now);
  const yesterday = new Date(now.getTime() - DAY_MS);
  for (const guild of guilds) {
    await state.subscriptions.save({ guildId: guild.id, channelId: guild.channels![0]!.id, schedule, setBy: MODERATOR }, yesterday);
  }
}

/** Keeps warnings and errors, which a clean fan-out has none of; info lines would only slow the run. */
function collectingLogger(problems: string[]): RecapLogger {
  const keep = (fields: Record<string, unknown>, message: string) =>
    problems.push(`${message} (${String(fields.error ?? fields.err ?? fields.channelId ?? '')})`);
  return { info: () => undefined, warn: keep, error: keep };
}

interface FanoutResult {
  readonly setting: FanoutCase;
  readonly ms: number;
  readonly summary: RecapRunSummary;
  /** Message creates that succeeded. */
  readonly created: number;
  readonly limited: number;
  /** Requests answered neither 200 nor 429. */
  readonly refused: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Recap messages that landed without the card's chart. */
  readonly withoutChart: number;
  readonly problems: readonly string[];
}

/** Counts, per channel, which recap messages landed (known by the nonce each is sent with) and how often. */
function audit(
  fake: FakeDiscord,
  guilds: readonly FakeGuild[],
  period: string,
  parts: number,
): { lost: number; duplicated: number; withoutChart: number } {
  let present = 0;
  let messages = 0;
  let withoutChart = 0;
  for (const guild of guilds) {
    const channelId = guild.channels![0]!.id;
    const expected = new Set(Array.from({ length: parts }, (_, i) => recapNonce({ guildId: guild.id, channelId, period }, i)));
    const landed = fake.messages(channelId);
    messages += landed.length;
    withoutChart += landed.filter((m) => m.message.attachments.length === 0).length;
    present += new Set(landed.map((m) => m.message.nonce).filter((nonce) => expected.has(String(nonce)))).size;
  }
  return { lost: guilds.length * parts - present, duplicated: messages - present, withoutChart };
}

/** One fan-out of the recap's messages (`parts`) to every subscriber through a fresh fake Discord and a fresh ledger. */
async function fanOut(setting: FanoutCase, parts: readonly Reply[], charts: ChartRenderer): Promise<FanoutResult> {
  const guilds = subscriberGuilds();
  const fake = await FakeDiscord.start({ guilds, requestsPerSecond: REQUESTS_PER_SECOND });
  const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: setting.clientPerSecond }).setToken(fake.token);
  const state = openSqliteStateStore(':memory:');
  try {
    const now = new Date();
    await subscribeAll(state, guilds, now);
    const problems: string[] = [];
    const started = performance.now();
    const summary = await runDueRecaps(
      {
        state,
        owner: `bench:${process.pid}`,
        composeRecap: () => parts,
        postMessage: createRecapPoster(rest, {
          draw: (wanted) => charts.pngs(wanted),
          failed: (error) => problems.push(`chart not drawn (${String(error)})`),
        }),
        logger: collectingLogger(problems),
        clock: () => new Date(),
        concurrency: setting.concurrency,
      },
      now,
    );
    const ms = performance.now() - started;
    const statuses = fake.requests.map((r) => r.status);
    return {
      setting,
      ms,
      summary,
      created: statuses.filter((s) => s === 200).length,
      limited: statuses.filter((s) => s === 429).length,
      refused: statuses.filter((s) => s !== 200 && s !== 429).length,
      ...audit(fake, guilds, now.toISOString().slice(0, 10), parts.length),
      problems,
    };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await state.close();
    await fake.close();
  }
}

/** What is wrong with a fan-out besides its time, or undefined when every part landed once. */
function failureOf(result: FanoutResult): string | undefined {
  const wrong = [
    result.lost > 0 && `messages lost: ${result.lost}`,
    result.duplicated > 0 && `messages duplicated: ${result.duplicated}`,
    result.summary.posted !== CHANNELS && `recaps posted: ${result.summary.posted} of ${CHANNELS}`,
    result.refused > 0 && `requests refused: ${result.refused}`,
    result.withoutChart > 0 && `messages without the chart: ${result.withoutChart}`,
    result.problems.length > 0 && `warnings and errors logged: ${result.problems.length}, first: ${result.problems[0]}`,
  ].filter((w): w is string => w !== false);
  return wrong.length === 0 ? undefined : wrong.join('; ');
}

function label(setting: FanoutCase): string {
  const paced = setting.clientPerSecond === REQUESTS_PER_SECOND;
  return `concurrency ${setting.concurrency}${paced ? '' : `, discord.js unpaced (${setting.clientPerSecond}/s)`}`;
}

/**
 * The weekly recap card fanned out to 500 subscribed channels at once through
 * the fake Discord enforcing 50 requests/s globally, with the real runner,
 * ledger, composed card with its chart (an 80 KB PNG per channel) and discord.js
 * poster. The bound is the time the limit
 * alone imposes: one message per channel, 500 ÷ 50 = 10 s. The shipped pacing
 * is budgeted at 1.1× it, the unpaced client only reported. A lost or
 * duplicated message fails any row, and so does a recap of more than one
 * message, which would multiply the bound.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const store = await loadShippedStore();
  const parts = fitReply(composeRecap(store.latest(), new Date(), STALE_AFTER_DAYS));
  const oneMessage = parts.length === 1 ? undefined : `the recap is ${parts.length} messages, not one`;
  const requests = CHANNELS * parts.length;
  const boundMs = (requests / REQUESTS_PER_SECOND) * 1000;
  // Drawn before the fan-out, as the bot draws a snapshot's charts once connected: every channel uploads the cached PNG.
  const charts = createChartRenderer();
  const results: FanoutResult[] = [];
  try {
    await charts.pngs(parts.flatMap((p) => p.charts ?? []));
    for (const setting of CASES) {
      process.stderr.write(`  fan-out, ${label(setting)}...\n`);
      results.push(await fanOut(setting, parts, charts));
    }
  } finally {
    await charts.close();
  }
  const isPaced = (r: FanoutResult) => r.setting.clientPerSecond === REQUESTS_PER_SECOND;
  const fastestPaced = Math.min(...results.filter(isPaced).map((r) => r.ms));
  return results.map((result) => {
    const failure = [oneMessage, failureOf(result)].filter((f) => f !== undefined).join('; ') || undefined;
    if (failure !== undefined) process.stderr.write(`fan-out, ${label(result.setting)} FAILED: ${failure}\n`);
    return {
      section: 'fanout',
      name: `${CHANNELS} channels × ${parts.length} message${parts.length === 1 ? '' : 's'}, ${label(result.setting)}`,
      ms: result.ms,
      ...(isPaced(result) && { budgetMs: Math.round(boundMs * BUDGET_RATIO) }),
      ...(failure !== undefined && { failure }),
      note: [
        `${(result.ms / 1000).toFixed(1)} s, one run`,
        `${result.created} requests + ${result.limited} 429s`,
        `lost ${result.lost}, duplicated ${result.duplicated}`,
        `bound ${(boundMs / 1000).toFixed(0)} s (${CHANNELS} messages at ${REQUESTS_PER_SECOND}/s${parts.length === 1 ? '' : ` × ${parts.length} parts`})`,
        `ratio ${(result.ms / boundMs).toFixed(2)}×${isPaced(result) && result.ms === fastestPaced ? ' (best)' : ''}`,
      ].join('; '),
    };
  });
}
