import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { startBot } from './startBot';

const ESCAPING_ERROR = fileURLToPath(new URL('./fixtures/escapingError.mjs', import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 1000;
/** Process exit and the log pipe's last lines, on a busy machine. */
const EXIT_SLACK_MS = 1500;

describe('an error that escapes every guard', () => {
  let fake: FakeDiscord | undefined;
  let data: DataCopy | undefined;
  let bot: BotProcess | undefined;
  let other: Database.Database | undefined;

  afterEach(async () => {
    if (other?.inTransaction) other.exec('ROLLBACK');
    other?.close();
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  test.each(['exception', 'rejection'])(
    'GIVEN an unhandled %s while an answer waits on a locked database THEN it is logged with a ref, the database is closed and the bot exits 1 within SHUTDOWN_TIMEOUT_MS',
    async (kind) => {
      fake = await FakeDiscord.start();
      data = new DataCopy();
      const statePath = path.join(data.root, 'state.sqlite');
      bot = await startBot(fake, data, statePath, {
        NODE_OPTIONS: `--import=${ESCAPING_ERROR}`,
        ESCAPE: kind,
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      });
      await bot.waitForLog((l) => l.msg === 'recap tick');

      // An interaction still in flight at shutdown: /recaps set waits up to 2 s for the lock.
      other = new Database(statePath);
      other.exec('BEGIN IMMEDIATE');
      const pending = fake.interact({
        kind: 'command',
        name: 'recaps',
        subcommand: 'set',
        options: { channel: FAKE_IDS.briefs },
        userId: FAKE_IDS.moderator,
      });
      await pending.response();

      const signalled = Date.now();
      bot.signal('SIGUSR2');
      const exit = await bot.exited;
      expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS);
      expect(exit.code).toBe(1);

      const fatal = bot.logs.find((l) => l.level === 60);
      expect(fatal?.['kind']).toBe(kind === 'exception' ? 'uncaughtException' : 'unhandledRejection');
      expect(String(fatal?.['ref'])).toMatch(/^[0-9A-F]{6}$/);
      expect(JSON.stringify(fatal?.['err'])).toContain('(test fixture)');
      expect(bot.logs.some((l) => l.msg === 'state database closed')).toBe(true);
      // By the bot's own clock: it waited for the answer in flight, but no longer than the deadline allows.
      const began = Number(bot.logs.find((l) => l.msg === 'shutting down')?.['time']);
      const ended = Number(bot.logs.find((l) => l.msg === 'stopped')?.['time']);
      expect(ended - began).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 50);
      expect(ended - began).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 300);
      expect(bot.logs.find((l) => l.msg === 'stopped')?.['exitCode']).toBe(1);
    },
    60_000,
  );
});
