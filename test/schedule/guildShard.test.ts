import { describe, test, expect } from 'vitest';
import { guildsOnShards, shardOfGuild } from '../../src/schedule/guildShard';
import { runDueRecaps } from '../../src/schedule/runDueRecaps';
import { saveSubscription } from '../../src/schedule/subscriptionStore';
import { sqliteStateStoreOver } from '../../src/state/sqliteStateStore';
import { FakeChannels, recordingLogger } from './fakeChannels';
import { useStateDbs } from './fixtures/useStateDbs';

/** Shard 0 and shard 1 of a two-shard bot: `(id >> 22) % 2`. */
const ON_SHARD_ZERO = { guildId: String(1_000_000_000n << 22n), channelId: '222222222222222220' };
const ON_SHARD_ONE = { guildId: String((1_000_000_000n << 22n) + (1n << 22n)), channelId: '222222222222222221' };
/** Saturday 7 March 2026, 09:00 in New York (EST). */
const FIRE = new Date('2026-03-07T14:00:00Z');

const { open } = useStateDbs();

describe('shardOfGuild', () => {
  test('GIVEN servers whose ids differ in the bits above 22 THEN the shard is (id >> 22) % count, and always 0 of 1', () => {
    expect(shardOfGuild(ON_SHARD_ZERO.guildId, 2)).toBe(0);
    expect(shardOfGuild(ON_SHARD_ONE.guildId, 2)).toBe(1);
    expect(shardOfGuild(ON_SHARD_ONE.guildId, 1)).toBe(0);
    // The low 22 bits (worker, process, increment) never move a server to another shard.
    expect(shardOfGuild(String(BigInt(ON_SHARD_ZERO.guildId) + 0x3fffffn), 2)).toBe(0);
  });
});

describe('GIVEN recaps due in a server on each of two shards', () => {
  const tickHolding = async (shardIds: number[] | undefined) => {
    const db = open();
    for (const place of [ON_SHARD_ZERO, ON_SHARD_ONE]) {
      saveSubscription(
        db,
        { ...place, schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' }, setBy: '333333333333333333' },
        new Date('2026-03-01T12:00:00Z'),
      );
    }
    const channels = new FakeChannels();
    channels.time = FIRE;
    const summary = await runDueRecaps(
      {
        state: sqliteStateStoreOver(db, { clock: () => FIRE }),
        owner: 'runner',
        composeRecap: (): string[] => ['weekly recap'],
        postMessage: channels.post,
        logger: recordingLogger(),
        clock: () => FIRE,
        ...(shardIds !== undefined && { holdsGuild: guildsOnShards(shardIds, 2) }),
      },
      FIRE,
    );
    return { posted: summary.posted, channels: channels.messages.map((m) => m.channelId) };
  };

  test('THEN a process holding shard 0 posts only in the server on shard 0, and one holding shard 1 only in the other', async () => {
    expect(await tickHolding([0])).toEqual({ posted: 1, channels: [ON_SHARD_ZERO.channelId] });
    expect(await tickHolding([1])).toEqual({ posted: 1, channels: [ON_SHARD_ONE.channelId] });
  });

  test('THEN a process holding every shard, or not told which, posts in both', async () => {
    expect((await tickHolding([0, 1])).posted).toBe(2);
    expect((await tickHolding(undefined)).posted).toBe(2);
  });
});
