import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStateDb } from '../../src/schedule/openStateDb';
import type { RecapSchedule } from '../../src/schedule/recapSchedule';
import { saveSubscription } from '../../src/schedule/subscriptionStore';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS, TWO_SHARD_GUILDS } from '../fakeDiscord/fakeDiscordOptions';
import type { RecordedMessage } from '../fakeDiscord/messageStore';
import type { BotProcess, LogLine } from './botProcess';
import { DataCopy } from './dataCopy';
import { startBot } from './startBot';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** A server on each shard of a two-shard bot, and the channel its recaps go to. */
const ON_SHARD = [
  { guildId: FAKE_IDS.shardZeroGuild, channelId: FAKE_IDS.shardZeroGeneral },
  { guildId: FAKE_IDS.guild, channelId: FAKE_IDS.briefs },
] as const;

/** A weekly recap whose latest time was five minutes ago, set an hour ago: due at the start-up catch-up tick. */
function dueNow(): RecapSchedule {
  const at = new Date(Date.now() - 5 * 60_000);
  return { days: [WEEKDAYS[at.getUTCDay()]!], time: at.toISOString().slice(11, 16), timeZone: 'UTC' };
}

/**
 * A state file of its own for one process, with both servers subscribed: what
 * keeps process 1 from posting for the server on shard 0 is then the shard it
 * holds, not a missing subscription.
 */
function stateWithBothSubscriptions(file: string): string {
  const db = openStateDb(file);
  const schedule = dueNow();
  for (const place of ON_SHARD) {
    saveSubscription(db, { ...place, schedule, setBy: FAKE_IDS.owner }, new Date(Date.now() - 60 * 60_000));
  }
  db.close();
  return file;
}

const recapPosts = (fake: FakeDiscord, channelId: string): RecordedMessage[] =>
  fake.messages(channelId).filter((m) => m.origin === 'channel' && !m.deleted);

const interactionGuilds = (bot: BotProcess): unknown[] => bot.logs.filter((l: LogLine) => l.msg === 'interaction').map((l) => l['guild']);

describe('GIVEN two bot processes holding one shard each of a two-shard bot, on state files of their own', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });
    data = new DataCopy();
    const started = await Promise.all(
      [0, 1].map((shard) =>
        startBot(fake, data, stateWithBothSubscriptions(path.join(data.root, `state-${shard}.sqlite`)), {
          SHARD_COUNT: '2',
          SHARD_IDS: String(shard),
          HEALTH_PORT: '0',
        }),
      ),
    );
    bots.push(...started);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.kill()));
    await fake?.close();
    data?.remove();
  });

  test('THEN each process opens its own shard and is ready on its own health server', async () => {
    await fake.waitForReady();
    expect(
      fake
        .sessions()
        .filter((s) => s.live)
        .map((s) => s.shard)
        .sort(),
    ).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const bot of bots) {
      const listening = await bot.waitForLog((l) => l.msg === 'health server listening');
      const response = await fetch(`http://127.0.0.1:${String(listening['port'])}/readyz`);
      expect(response.status).toBe(200);
    }
  });

  test('THEN only the process holding shard 0 writes the slash commands; the other says it leaves them', async () => {
    const writes = fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(writes).toHaveLength(1);
    await bots[1]!.waitForLog((l) => l.msg === 'slash commands are synced by the process holding shard 0, not this one');
    expect(bots[0]!.logs.some((l) => l.msg === 'slash commands are synced by the process holding shard 0, not this one')).toBe(false);
  });

  test('THEN a command in a server on each shard is answered, by the process holding that shard only', async () => {
    for (const { guildId } of ON_SHARD) {
      const answer = await fake.interact({ kind: 'command', name: 'levels', guildId }).finalMessage();
      expect(answer.message.embeds[0]?.title).toBe('Russell 2000: levels');
    }
    await bots[0]!.waitForLog((l) => l.msg === 'interaction');
    await bots[1]!.waitForLog((l) => l.msg === 'interaction');
    expect(interactionGuilds(bots[0]!)).toEqual([FAKE_IDS.shardZeroGuild]);
    expect(interactionGuilds(bots[1]!)).toEqual([FAKE_IDS.guild]);
  });

  test('THEN the recap due in each server is posted once, by the process holding its shard', async () => {
    for (const { channelId } of ON_SHARD) {
      await fake.waitFor(() => recapPosts(fake, channelId).length > 0, 30_000, `the recap in ${channelId}`);
    }
    const postedBy = await Promise.all(
      bots.map(async (bot) => {
        await bot.waitForLog((l) => l.msg === 'recap tick');
        return bot.logs.filter((l) => l.msg === 'recap posted').map((l) => l['channelId']);
      }),
    );
    expect(postedBy).toEqual([[FAKE_IDS.shardZeroGeneral], [FAKE_IDS.briefs]]);
    expect(ON_SHARD.map(({ channelId }) => recapPosts(fake, channelId).length)).toEqual([1, 1]);
  });
});
