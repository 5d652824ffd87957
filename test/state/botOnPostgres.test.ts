import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { BotProcess } from '../e2e/botProcess';
import { DataCopy } from '../e2e/dataCopy';
import { startBot } from '../e2e/startBot';
import { freshDatabase } from './postgresDatabase';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

/** The real bot process with STATE_URL set: its state lives in PostgreSQL, and nothing in a SQLite file. */

async function rows(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('GIVEN the bot started with STATE_URL on a PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let fake: FakeDiscord;
  let data: DataCopy;
  let bot: BotProcess;
  const password = () => new URL(database.url).password;

  const start = async () => {
    const started = await startBot(fake, data, `${data.root}/unused/state.sqlite`, { STATE_URL: database.url });
    await started.waitForLog((l) => l.msg === 'recap tick');
    return started;
  };
  const asModerator = async (subcommand: string, options: Record<string, string> = {}) => {
    const message = await fake.interact({ kind: 'command', name: 'recaps', subcommand, options, userId: FAKE_IDS.moderator }).finalMessage();
    return [message.message.content, ...message.message.embeds.flatMap((e) => [e.title, e.description])].filter(Boolean).join('\n');
  };

  beforeAll(async () => {
    database = await freshDatabase();
    fake = await FakeDiscord.start();
    data = new DataCopy();
    bot = await start();
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
    await database?.drop();
  });

  test('THEN DATA_DIR was imported into the database at start-up, and no SQLite file was made', async () => {
    const versions = await rows(database.url, 'SELECT as_of, version FROM snapshots_in_service ORDER BY as_of');
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((v) => v['version'] === 1)).toBe(true);
    expect(await rows(database.url, "SELECT actor, action FROM data_audit WHERE actor = 'start-up'")).not.toEqual([]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${data.root}/unused`)).toBe(false);
  });

  test('THEN /recaps set, post-now and status go through the database, and a restarted bot still has the schedule and the post', async () => {
    expect(await asModerator('set', { channel: FAKE_IDS.briefs })).toContain('Weekly recap set');
    expect(await asModerator('post-now')).toContain('Posted the recap');
    expect(await rows(database.url, 'SELECT guild_id, channel_id FROM subscriptions')).toEqual([
      { guild_id: FAKE_IDS.guild, channel_id: FAKE_IDS.briefs },
    ]);
    expect(await rows(database.url, 'SELECT status FROM recap_posts')).toEqual([{ status: 'posted' }]);

    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(bot.logs.some((l) => l.msg === 'state database closed')).toBe(true);
    bot = await start();
    const status = await asModerator('status');
    expect(status).toContain(`<#${FAKE_IDS.briefs}>`);
    expect(status).toContain('Last post');
  });

  test('THEN the database password appears nowhere in what the bot printed', () => {
    expect(bot.output).not.toContain(password());
  });
});

describe('GIVEN the bot on PostgreSQL when the database host vanishes from the network', () => {
  const SHUTDOWN_TIMEOUT_MS = 1000;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: TcpProxy;
  let fake: FakeDiscord;
  let data: DataCopy;
  let bot: BotProcess;

  beforeAll(async () => {
    database = await freshDatabase();
    const url = new URL(database.url);
    proxy = await startTcpProxy(Number(url.port));
    url.port = String(proxy.port);
    fake = await FakeDiscord.start();
    data = new DataCopy();
    bot = await startBot(fake, data, `${data.root}/unused/state.sqlite`, {
      STATE_URL: url.toString(),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
  });

  afterAll(async () => {
    await bot?.kill();
    await proxy?.close();
    await fake?.close();
    data?.remove();
    await database?.drop();
  });

  test('THEN member commands still answer, and SIGTERM with a statement hanging still exits 0 within the shutdown deadline and 2 s', async () => {
    proxy.stall();
    // A /recaps status whose statement will never come back.
    void fake.interact({ kind: 'command', name: 'recaps', subcommand: 'status', userId: FAKE_IDS.moderator }).response();
    const levels = await fake.interact({ kind: 'command', name: 'levels' }).finalMessage();
    expect(JSON.stringify(levels.message)).toContain('Russell 2000');

    const signalled = Date.now();
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000 + 1_500);
    expect(bot.logs.some((l) => l.msg === 'could not close the state database')).toBe(true);
  });
});
