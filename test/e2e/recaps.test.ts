import path from 'node:path';
import Database from 'better-sqlite3';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { RecordedMessage } from '../fakeDiscord/messageStore';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { buttonsOf, isEphemeral, textOf } from './messageText';
import { startBot } from './startBot';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function contentOf(m: RecordedMessage): string {
  return [m.message.content, ...m.message.embeds.flatMap((e) => [e.title, e.description, e.footer?.text])].filter(Boolean).join('\n');
}

/** Recap posts in a channel: what the bot posted itself, not interaction answers. */
function recapPosts(fake: FakeDiscord): RecordedMessage[] {
  return fake.messages(FAKE_IDS.briefs).filter((m) => m.origin === 'channel' && !m.deleted);
}

describe('weekly recaps end to end, across a restart', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let statePath: string;
  let bot: BotProcess;

  const start = async () => {
    const started = await startBot(fake, data, statePath);
    // The scheduler's first tick at start-up is the catch-up pass; wait until it has run.
    await started.waitForLog((l) => l.msg === 'recap tick');
    return started;
  };

  const asModerator = async (subcommand: string, options: Record<string, string> = {}) =>
    fake.interact({ kind: 'command', name: 'recaps', subcommand, options, userId: FAKE_IDS.moderator }).finalMessage();

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    data = new DataCopy();
    statePath = path.join(data.root, 'state', 'recaps.sqlite');
    bot = await start();
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  test('GIVEN a member without Manage Server THEN /recaps set is refused by the bot even when the server shows it to them', async () => {
    const message = await fake
      .interact({
        kind: 'command',
        name: 'recaps',
        subcommand: 'set',
        options: { channel: FAKE_IDS.briefs },
        userId: FAKE_IDS.member,
        overridePermissions: true,
      })
      .finalMessage();
    expect(message.message.content).toContain('Manage Server');
    expect((message.message.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  test('GIVEN a bad time, zone or a channel the bot cannot post in THEN the moderator is told what is accepted', async () => {
    expect((await asModerator('set', { channel: FAKE_IDS.briefs, time: '9am' })).message.content).toContain('24-hour HH:MM');
    expect((await asModerator('set', { channel: FAKE_IDS.briefs, timezone: 'Mars/Olympus' })).message.content).toContain('IANA time zone');
    expect((await asModerator('set', { channel: FAKE_IDS.readOnly })).message.content).toContain('Send Messages');
    expect((await asModerator('set', { channel: FAKE_IDS.noEmbeds })).message.content).toContain('Embed Links');
  });

  test('GIVEN a channel where the bot cannot read history THEN the schedule is set, with a tip to grant Read Message History', async () => {
    const withoutHistory = contentOf(await asModerator('set', { channel: FAKE_IDS.noHistory }));
    expect(withoutHistory).toContain('Weekly recap set');
    expect(withoutHistory).toContain('Read Message History');
    const withHistory = contentOf(await asModerator('set', { channel: FAKE_IDS.briefs }));
    expect(withHistory).toContain('Weekly recap set');
    expect(withHistory).not.toContain('Read Message History');
  });

  test('GIVEN /recaps preview THEN the moderator alone sees the recap as it would post', async () => {
    const preview = await asModerator('preview');
    expect((preview.message.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(contentOf(preview)).toContain('Weekly recap');
    expect(contentOf(preview)).toContain('months old: not today');
  });

  test('GIVEN a schedule for the next minute THEN the recap posts once, and a restarted bot does not post it again', async () => {
    const target = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
    const time = target.toISOString().slice(11, 16);
    const set = await asModerator('set', { channel: FAKE_IDS.briefs, days: WEEKDAYS[target.getUTCDay()]!, time, timezone: 'UTC' });
    expect(set.message.content).toContain(`<t:${target.getTime() / 1000}:F>`);

    await fake.waitFor(() => (recapPosts(fake).length > 0 ? true : undefined), 130_000, 'the scheduled recap');
    await bot.waitForLog((l) => l.msg === 'recap tick' && Number(l['posted']) === 1, 30_000);
    const posted = recapPosts(fake);
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0]!)).toContain('Weekly recap');
    expect(textOf(posted[0]!)).toContain('2,521.48');
    // Discord's title, description, field and footer text before the button: read at a glance.
    expect(textOf(posted[0]!).length).toBeLessThanOrEqual(2000);
    expect(buttonsOf(posted[0]!.message).map((b) => b.label)).toEqual(['Read the full week']);
    expect(posted.every((m) => JSON.stringify(m.allowedMentions) === '{"parse":[]}')).toBe(true);

    const status = contentOf(await asModerator('status'));
    expect(status).toContain('Last post');
    expect(status).toContain('(1 message)');

    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    bot = await start();
    expect(recapPosts(fake)).toHaveLength(posted.length);
  }, 240_000);

  test('GIVEN a member without any role presses Read the full week THEN they alone get the full week, paged, and Next turns the page', async () => {
    const card = recapPosts(fake)[0]!;
    const [read] = buttonsOf(card.message);
    const first = await fake
      .interact({ kind: 'component', customId: read!.customId, messageId: card.id, userId: FAKE_IDS.member })
      .finalMessage();
    expect(isEphemeral(first)).toBe(true);
    expect(first.message.embeds[0]?.title).toMatch(/^The full week: .* \(page 1 of \d+\)$/);
    expect(textOf(first)).toContain('the Russell 2000 slipped 0.4% to 2,521.48');
    const next = buttonsOf(first.message).find((b) => b.label === 'Next');
    const second = await fake
      .interact({ kind: 'component', customId: next!.customId, messageId: first.id, userId: FAKE_IDS.member })
      .finalMessage();
    expect(isEphemeral(second)).toBe(true);
    expect(second.message.embeds[0]?.title).toMatch(/\(page 2 of \d+\)$/);
    expect(buttonsOf(second.message).map((b) => b.label)).toEqual(['Previous', 'Next']);
    // The channel still holds the one card: pages go to the member who asked.
    expect(recapPosts(fake)).toHaveLength(1);
  });

  test('GIVEN /recaps post-now into a channel the bot lost access to THEN the moderator is told why and how much was posted; after a fix it posts', async () => {
    const before = recapPosts(fake).length;
    fake.denyChannel(FAKE_IDS.briefs, 'send');
    const refused = await asModerator('post-now');
    expect(refused.message.content).toContain('The recap was not posted');
    expect(refused.message.content).toContain('0 of');
    expect(contentOf(await asModerator('status'))).toContain('Last failure');
    fake.setChannelAccess(FAKE_IDS.briefs, { view: true, send: true, embed: true });

    const answer = await asModerator('post-now');
    expect(answer.message.content).toContain('Posted the recap');
    expect(recapPosts(fake).length).toBe(before * 2);
    expect(contentOf(await asModerator('status'))).not.toContain('retrying');
  });

  test('GIVEN the bot is removed from the server THEN its subscription is removed', async () => {
    fake.removeGuild(FAKE_IDS.guild);
    await bot.waitForLog((l) => l.msg === 'removed from a server' && l['guild'] === FAKE_IDS.guild);
    const db = new Database(statePath, { readonly: true });
    try {
      const row = db.prepare('SELECT count(*) AS n FROM subscriptions WHERE guild_id = ?').get(FAKE_IDS.guild) as { n: number };
      expect(row.n).toBe(0);
    } finally {
      db.close();
    }
    expect(fake.violations).toEqual([]);
  });
});
