import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shardOfGuild } from '../../src/schedule/guildShard';
import { recapNonce } from '../../src/schedule/recapNonce';
import type { RecapSchedule } from '../../src/schedule/recapSchedule';
import { weekdayOfDate } from '../../src/schedule/weekdays';
import { openPostgresStateStore } from '../../src/state/postgresStateStore';
import type { BotProcess, LogLine } from '../e2e/botProcess';
import { DataCopy } from '../e2e/dataCopy';
import { buttonsOf, textOf } from '../e2e/messageText';
import { startBot } from '../e2e/startBot';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS, TWO_SHARD_GUILDS, type FakeGuild } from '../fakeDiscord/fakeDiscordOptions';
import type { RecordedMessage } from '../fakeDiscord/messageStore';
import { freshDatabase } from './postgresDatabase';

/**
 * Issue 13's cluster end to end: two real bot processes, one shard each of a
 * two-shard bot, on one PostgreSQL database, against the multi-shard fake
 * Discord. Each answers its own servers; a publish on one is served by the
 * other; a recap for the next minute reaches every channel once, even when
 * one process is killed in the middle of its fan-out and started again.
 */

const SHARDS = 2;
/** Recap channels per shard besides the named ones: enough that a kill after a few posts lands mid-way. */
const FAN_OUT_PER_SHARD = 40;
/** The fake's global limit during the fan-out: about 4 s for every channel's recap, so the kill has time to land. */
const REQUESTS_PER_SECOND = 20;
/** Shard 0's recaps in their channels when its process is killed. */
const KILL_AFTER_POSTS = 8;
/** What DEFAULT_LEASE_MS gives a claim before another process may take it over. */
const LEASE_MS = 2 * 60_000;
const PUBLISHED_WITHIN_MS = 2_000;
const NEW_CLOSE = '2999.99';
const MINUTE_MS = 60_000;
const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** One server per channel, ids spaced by 1 << 22 so that consecutive servers fall on alternate shards. */
const fanOutGuilds: FakeGuild[] = Array.from({ length: SHARDS * FAN_OUT_PER_SHARD }, (_, i) => ({
  id: String(1_500_000_000_000_000_000n + (BigInt(i) << 22n)),
  name: `Subscriber ${i + 1}`,
  channels: [{ id: String(1_600_000_000_000_000_000n + BigInt(i)), name: 'market-recaps' }],
}));

/** Every recap channel with its server and shard: a named one on each shard, where commands are also run, and the fan-out. */
const places = [
  { guildId: FAKE_IDS.shardZeroGuild, channelId: FAKE_IDS.shardZeroGeneral },
  { guildId: FAKE_IDS.guild, channelId: FAKE_IDS.briefs },
  ...fanOutGuilds.map((g) => ({ guildId: g.id, channelId: g.channels![0]!.id })),
].map((place) => ({ ...place, shard: shardOfGuild(place.guildId, SHARDS) }));

/** A weekly UTC recap at `at`'s minute, on its day. */
function weeklyAt(at: Date): RecapSchedule {
  return {
    days: [weekdayOfDate(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate())],
    time: at.toISOString().slice(11, 16),
    timeZone: 'UTC',
  };
}

const recapPosts = (fake: FakeDiscord, channelId: string): RecordedMessage[] =>
  fake.messages(channelId).filter((m) => m.origin === 'channel' && !m.deleted);

/** When the fake created a message: its id is a snowflake, stamped with the time. */
const createdAt = (messageId: string): number => Number(BigInt(messageId) >> 22n) + DISCORD_EPOCH_MS;

const logged = (bot: BotProcess, msg: string): LogLine[] => bot.logs.filter((l) => l.msg === msg);

describe('GIVEN two bot processes holding one shard each of a two-shard bot, on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let fake: FakeDiscord;
  let data: DataCopy;
  /** Index = the shard the process holds. */
  const bots: BotProcess[] = [];
  /** The process first started on shard 0, killed mid-fan-out. */
  let killed: BotProcess | undefined;

  const startOnShard = (shard: number) =>
    startBot(fake, data, path.join(data.root, 'unused', 'state.sqlite'), {
      STATE_URL: database.url,
      SHARD_COUNT: String(SHARDS),
      SHARD_IDS: String(shard),
      HEALTH_PORT: '0',
      DATA_MODERATOR_IDS: FAKE_IDS.owner,
    });

  /** Writes straight to the database, as a moderator's /recaps set in each server would. */
  const subscribeAll = async (schedule: RecapSchedule, at: Date) => {
    const state = await openPostgresStateStore(database.url);
    try {
      for (const { guildId, channelId } of places) await state.subscriptions.save({ guildId, channelId, schedule, setBy: FAKE_IDS.owner }, at);
    } finally {
      await state.close();
    }
  };

  const query = async (text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };

  const levelsIn = async (guildId: string) => textOf(await fake.interact({ kind: 'command', name: 'levels', guildId }).finalMessage());

  beforeAll(async () => {
    database = await freshDatabase();
    fake = await FakeDiscord.start({ shardCount: SHARDS, maxConcurrency: SHARDS, guilds: [...TWO_SHARD_GUILDS, ...fanOutGuilds] });
    data = new DataCopy();
    // Every channel subscribed before start-up, so each process runs its minute clock; set half an hour ago today, nothing is due yet.
    const now = new Date();
    await subscribeAll(weeklyAt(new Date(now.getTime() - 30 * MINUTE_MS)), now);
    bots.push(...(await Promise.all([0, 1].map(startOnShard))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...bots, ...(killed ? [killed] : [])].map((bot) => bot.kill()));
    await fake?.close();
    data?.remove();
    await database?.drop();
  });

  test('THEN a command in a server on each shard is answered, by the process holding that shard only', async () => {
    expect(places.filter((p) => p.shard === 0)).toHaveLength(FAN_OUT_PER_SHARD + 1);
    for (const guildId of [FAKE_IDS.shardZeroGuild, FAKE_IDS.guild]) {
      expect(await levelsIn(guildId)).toContain('Russell 2000: levels');
    }
    await Promise.all(bots.map((bot) => bot.waitForLog((l) => l.msg === 'interaction')));
    expect(logged(bots[0]!, 'interaction').map((l) => l['guild'])).toEqual([FAKE_IDS.shardZeroGuild]);
    expect(logged(bots[1]!, 'interaction').map((l) => l['guild'])).toEqual([FAKE_IDS.guild]);
  });

  test('WHEN a data moderator publishes through the process holding shard 0 THEN the other process serves the new figure within 2 s', async () => {
    const imported = fake.interact({
      kind: 'command',
      name: 'data',
      subcommand: 'import',
      guildId: FAKE_IDS.shardZeroGuild,
      userId: FAKE_IDS.owner,
      options: {
        file: fake.upload('figures.json', readFileSync(data.figuresPath, 'utf8').replace('"value": 2521.48', `"value": ${NEW_CLOSE}`)),
        narrative: fake.upload('narrative.md', readFileSync(path.join(data.dataDir, '2025-12-07', 'narrative.md'))),
      },
    });
    const review = [await imported.finalMessage(20_000), ...imported.followups()];
    const publish = review.flatMap((m) => buttonsOf(m.message)).find((b) => b.label === 'Publish');
    if (publish === undefined) return expect.fail(`the review has no Publish button: ${review.map(textOf).join('\n')}`);

    const published = await fake.interact({ kind: 'component', customId: publish.customId, guildId: FAKE_IDS.shardZeroGuild, userId: FAKE_IDS.owner }).finalMessage();
    const publishedAt = Date.now();
    expect(textOf(published)).toContain('Published: 2025-12-07 is now served as v2');
    expect(logged(bots[1]!, 'interaction')).toHaveLength(1);

    let answer = await levelsIn(FAKE_IDS.guild);
    while (!answer.includes('2,999.99') && Date.now() - publishedAt < 5_000) answer = await levelsIn(FAKE_IDS.guild);
    expect(answer).toContain('2,999.99');
    expect(Date.now() - publishedAt).toBeLessThan(PUBLISHED_WITHIN_MS);
    const hash = logged(bots[0]!, 'data publish')[0]?.['hash'];
    expect(hash).toBeDefined();
    expect(logged(bots[1]!, 'data changed by another process; now serving it').map((l) => l['hash'])).toEqual([hash]);
  });

  test(
    'WHEN a recap falls due at the next minute in every channel, and the process holding shard 0 is killed mid-way through its fan-out and started again, THEN each channel has its recap exactly once',
    async () => {
      // The next minute at least 3 s away, so the schedule is in the database before either minute clock reaches it.
      const due = new Date(Math.ceil((Date.now() + 3_000) / MINUTE_MS) * MINUTE_MS);
      await subscribeAll(weeklyAt(due), new Date(Date.now() - 60 * MINUTE_MS));
      fake.setRateLimit(REQUESTS_PER_SECOND);
      const onShard = (shard: number) => places.filter((p) => p.shard === shard);
      const landed = (shard: number) => onShard(shard).filter((p) => recapPosts(fake, p.channelId).length > 0).length;

      await fake.waitFor(() => landed(0) >= KILL_AFTER_POSTS, due.getTime() - Date.now() + 20_000, `${KILL_AFTER_POSTS} recaps on shard 0`);
      killed = bots[0]!;
      killed.signal('SIGKILL');
      await killed.exited;
      const landedBeforeKill = landed(0);
      expect(landedBeforeKill).toBeLessThan(FAN_OUT_PER_SHARD + 1);
      // Both minute clocks fired at the due minute: neither process posted before it.
      const firstPost = Math.min(...places.flatMap((p) => recapPosts(fake, p.channelId)).map((m) => createdAt(m.id)));
      expect(firstPost).toBeGreaterThanOrEqual(due.getTime());

      // The process holding shard 1 finishes its own fan-out undisturbed.
      await fake.waitFor(() => landed(1) === onShard(1).length, 30_000, 'every recap on shard 1');

      // A restart within the lease would wait for it to run out (2 min, by PostgreSQL's clock); move the dead process's claims back by it instead.
      const stale = await query(
        `UPDATE recap_posts SET claimed_at = claimed_at - $1 WHERE status = 'claimed' AND claim_owner LIKE '%:' || $2 RETURNING channel_id`,
        [LEASE_MS, String(killed.pid)],
      );
      expect(stale.length).toBeGreaterThan(0);
      bots[0] = await startOnShard(0);
      await fake.waitFor(() => landed(0) === onShard(0).length, 30_000, 'every recap on shard 0 after the restart');
      await bots[0].waitForLog((l) => l.msg === 'recap tick' && Number(l['posted']) > 0);

      const period = due.toISOString().slice(0, 10);
      const counts = places.map((p) => recapPosts(fake, p.channelId).length);
      expect(counts.filter((n) => n !== 1)).toEqual([]);
      for (const p of places) {
        expect(recapPosts(fake, p.channelId)[0]?.message.nonce).toBe(recapNonce({ guildId: p.guildId, channelId: p.channelId, period }, 0));
      }
      // Who posted each recap, by the ledger's claim owner (`…:<pid>`): a SIGKILL can cut the killed process's last log lines, never its commits.
      const owners = await query('SELECT channel_id, claim_owner FROM recap_posts');
      const postedBy = (...bots: BotProcess[]) =>
        new Set(owners.filter((r) => bots.some((b) => String(r['claim_owner']).endsWith(`:${b.pid}`))).map((r) => String(r['channel_id'])));
      const channelsOf = (shard: number) => new Set(onShard(shard).map((p) => p.channelId));
      expect(postedBy(bots[1]!)).toEqual(channelsOf(1));
      expect(postedBy(killed, bots[0])).toEqual(channelsOf(0));
      // The dead process's unfinished claims were taken over, as second attempts; nothing else needed one.
      expect(await query('SELECT count(*)::int AS n FROM recap_posts WHERE attempts > 1')).toEqual([{ n: stale.length }]);
      expect(await query('SELECT status, count(*)::int AS n FROM recap_posts GROUP BY status')).toEqual([
        { status: 'posted', n: places.length },
      ]);
      expect(fake.violations).toEqual([]);
      // Two processes that started together on an empty database and imported DATA_DIR at once, a kill and a takeover: none of it is an error.
      expect([killed, ...bots].flatMap((bot) => bot.logs.filter((l) => (l.level ?? 0) >= 50))).toEqual([]);
    },
    120_000,
  );
});
