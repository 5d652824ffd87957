import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import type { FakeDiscordOptions } from '../fakeDiscord/fakeDiscordOptions';
import { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';

/**
 * Starts the real bot against the fake Discord on a private data copy and
 * waits until it is connected and its commands are synced, so tests can
 * interact at once.
 */
export async function startBot(
  fake: FakeDiscord,
  data: DataCopy,
  statePath = path.join(data.root, 'state.sqlite'),
  env: Record<string, string> = {},
): Promise<BotProcess> {
  const bot = BotProcess.start({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATA_DIR: data.dataDir,
    STATE_PATH: statePath,
    ...env,
  });
  await bot.waitForLog((l) => l.msg === 'connected to Discord');
  await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('slash commands'));
  return bot;
}

/** What {@link useBotAgainstFakeDiscord} started; read inside tests, after `beforeAll` ran. */
export interface BotUnderTest {
  readonly fake: FakeDiscord;
  readonly data: DataCopy;
  readonly bot: BotProcess;
}

/**
 * For one `describe` block: a fake Discord, a private data copy and the real
 * bot started on them before its tests, and all three stopped and removed
 * after, even when start-up failed half way.
 */
export function useBotAgainstFakeDiscord(options: FakeDiscordOptions = {}): BotUnderTest {
  let fake: FakeDiscord | undefined;
  let data: DataCopy | undefined;
  let bot: BotProcess | undefined;
  beforeAll(async () => {
    fake = await FakeDiscord.start(options);
    data = new DataCopy();
    bot = await startBot(fake, data);
  });
  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the bot under test is not started: use it inside a test');
    return value;
  };
  return {
    get fake() {
      return started(fake);
    },
    get data() {
      return started(data);
    },
    get bot() {
      return started(bot);
    },
  };
}
