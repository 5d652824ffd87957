import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { RecordedMessage } from '../fakeDiscord/messageStore';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { startBot } from './startBot';

function contentOf(m: RecordedMessage): string {
  return [m.message.content, ...m.message.embeds.flatMap((e) => [e.title, e.description])].filter(Boolean).join('\n');
}

/** Discord's window for the first answer to an interaction. */
const WINDOW_MS = 3000;

describe('the bot while another process holds the state database write lock', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let statePath: string;
  let bot: BotProcess;
  let other: Database.Database | undefined;

  /** Another process's connection holding the write lock, as a backup or a second bot's long write would. */
  const lock = () => {
    other = new Database(statePath);
    other.exec('BEGIN IMMEDIATE');
  };
  const release = () => {
    if (other?.inTransaction) other.exec('COMMIT');
    other?.close();
    other = undefined;
  };

  /** Sends a command and resolves with the final message and how long after sending the first answer and the final one came. */
  const timed = async (spec: Parameters<FakeDiscord['interact']>[0]) => {
    const sent = Date.now();
    const handle = fake.interact(spec);
    const response = await handle.response();
    const message = await handle.finalMessage();
    return { firstMs: response.at - sent, finalMs: Date.now() - sent, text: contentOf(message) };
  };

  /** `/recaps set` by the second server's owner, who holds Manage Server there, into its general channel. */
  const setInSecondServer = () =>
    timed({
      kind: 'command',
      name: 'recaps',
      subcommand: 'set',
      options: { channel: FAKE_IDS.secondGeneral },
      guildId: FAKE_IDS.secondGuild,
      userId: FAKE_IDS.member,
    });

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    data = new DataCopy();
    statePath = path.join(data.root, 'state', 'recaps.sqlite');
    bot = await startBot(fake, data, statePath);
    await bot.waitForLog((l) => l.msg === 'recap tick');
  });

  afterEach(release);

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  test('GIVEN the lock is held and a /recaps set waiting on it THEN /levels answers inside the window and /recaps status shows the schedule in time', async () => {
    const set = await timed({
      kind: 'command',
      name: 'recaps',
      subcommand: 'set',
      options: { channel: FAKE_IDS.briefs },
      userId: FAKE_IDS.moderator,
    });
    expect(set.text).toContain('Weekly recap set');

    lock();
    // A write that must wait for the lock: it may wait, but not hold up anyone else.
    const waiting = setInSecondServer();
    const [levels, status] = await Promise.all([
      timed({ kind: 'command', name: 'levels' }),
      timed({ kind: 'command', name: 'recaps', subcommand: 'status', userId: FAKE_IDS.moderator }),
    ]);
    expect(levels.firstMs).toBeLessThan(2000);
    expect(levels.text).toContain('Russell 2000: levels');
    expect(status.finalMs).toBeLessThan(WINDOW_MS);
    expect(status.text).toContain(`<#${FAKE_IDS.briefs}>`);
    expect((await waiting).finalMs).toBeLessThan(WINDOW_MS + 500);
  });

  test('GIVEN the lock stays held THEN /recaps set says the state database is busy, in time, and changes nothing', async () => {
    lock();
    const set = await setInSecondServer();
    expect(set.finalMs).toBeLessThan(WINDOW_MS + 500);
    expect(set.text).toContain('The state database is busy');
    release();
    const row = new Database(statePath, { readonly: true });
    try {
      expect(row.prepare('SELECT count(*) AS n FROM subscriptions WHERE guild_id = ?').get(FAKE_IDS.secondGuild)).toEqual({ n: 0 });
    } finally {
      row.close();
    }
  });

  test('GIVEN the lock is released within a second THEN /recaps set answers with its result, inside the window', async () => {
    lock();
    setTimeout(release, 800);
    const set = await setInSecondServer();
    expect(set.text).toContain('Weekly recap set');
    expect(set.finalMs).toBeLessThan(WINDOW_MS);
  });

  test('GIVEN the bot is removed from a server during the lock THEN it keeps running and answering, and forgets the schedule once the lock is released', async () => {
    lock();
    fake.removeGuild(FAKE_IDS.guild);
    await bot.waitForLog(
      (l) => typeof l.msg === 'string' && l.msg.includes('the state database is locked') && l['guild'] === FAKE_IDS.guild,
    );
    const levels = await timed({ kind: 'command', name: 'levels', guildId: FAKE_IDS.secondGuild, userId: FAKE_IDS.member });
    expect(levels.firstMs).toBeLessThan(2000);

    release();
    await bot.waitForLog((l) => l.msg === 'removed from a server' && l['guild'] === FAKE_IDS.guild, 15_000);
    const db = new Database(statePath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM subscriptions WHERE guild_id = ?').get(FAKE_IDS.guild)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect(bot.logs.filter((l) => (l.level ?? 0) >= 60)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  test('GIVEN SIGTERM after all that THEN the bot closes the state database and exits 0', async () => {
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(bot.logs.some((l) => l.msg === 'state database closed')).toBe(true);
  });
});
