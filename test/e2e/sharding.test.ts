import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { startBot } from './startBot';

describe('GIVEN Discord recommends two shards', () => {
  let fake: FakeDiscord;
  let bot: BotProcess;
  let data: DataCopy;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2 });
    data = new DataCopy();
    bot = await startBot(fake, data);
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  test('THEN the bot opens both shards and answers in servers on each', async () => {
    await fake.waitForReady();
    expect(fake.sessions().filter((s) => s.live)).toHaveLength(2);
    for (const guildId of [FAKE_IDS.guild, FAKE_IDS.secondGuild]) {
      const message = await fake.interact({ kind: 'command', name: 'levels', guildId }).finalMessage();
      expect(message.message.embeds[0]?.title).toBe('Russell 2000: levels');
    }
  });
});
