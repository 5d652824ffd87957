import path from 'node:path';
import type { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { BotProcess } from './botProcess';
import type { DataCopy } from './dataCopy';

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
