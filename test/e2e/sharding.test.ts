import { describe, expect, test } from 'vitest';
import { FAKE_IDS, TWO_SHARD_GUILDS } from '../fakeDiscord/fakeDiscordOptions';
import { useBotAgainstFakeDiscord } from './startBot';

describe('GIVEN Discord recommends two shards', () => {
  const e2e = useBotAgainstFakeDiscord({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });

  test('THEN the bot opens both shards and answers in servers on each', async () => {
    await e2e.fake.waitForReady();
    expect(e2e.fake.sessions().filter((s) => s.live)).toHaveLength(2);
    for (const guildId of [FAKE_IDS.shardZeroGuild, FAKE_IDS.guild]) {
      const message = await e2e.fake.interact({ kind: 'command', name: 'levels', guildId }).finalMessage();
      expect(message.message.embeds[0]?.title).toBe('Russell 2000: levels');
    }
  });
});
