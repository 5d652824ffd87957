import { PermissionFlagsBits } from 'discord-api-types/v10';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { composeRecap } from '../../src/recaps/composeRecap';
import { createPostedMessageFinder } from '../../src/recaps/createPostedMessageFinder';
import { createRecapPoster } from '../../src/recaps/createRecapPoster';
import { fitReply } from '../../src/render/fitReply';
import type { Reply } from '../../src/reply';
import { loadShippedStore, STALE_AFTER_DAYS, STALE_NOW } from '../commands/fixtures/shippedStore';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';

const NO_HISTORY_GUILD = '1290000000000000001';
const NO_HISTORY_CHANNEL = '1291000000000000001';
const BUSY_CHANNEL = '1292000000000000001';
const MINUTE = 60_000;

const part = (title: string): Reply => ({
  embeds: [
    {
      title,
      description: 'Russell 2000 closed at 2,521.48 [3]',
      fields: [{ name: 'Close', value: '2,521.48' }],
      footer: 'Not investment advice',
    },
  ],
});

describe('GIVEN a recap part posted to the fake Discord, which forgets nonces after 50 ms', () => {
  let fake: FakeDiscord;
  let rest: REST;
  let find: ReturnType<typeof createPostedMessageFinder>;
  let firstPartId: string;
  let postedId: string;
  let duplicateId: string;
  let postedAt: Date;
  let behindChatterId: string;

  beforeAll(async () => {
    const sendOnly = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;
    fake = await FakeDiscord.start({
      nonceWindowMs: 50,
      guilds: [
        {
          id: FAKE_IDS.guild,
          name: 'Small Caps Trading Floor',
          channels: [
            { id: FAKE_IDS.briefs, name: 'market-briefs' },
            { id: BUSY_CHANNEL, name: 'trading-floor' },
          ],
          members: [{ user: { id: FAKE_IDS.owner, username: 'olive.owner' } }],
        },
        {
          id: NO_HISTORY_GUILD,
          name: 'No History',
          everyonePermissions: sendOnly,
          botPermissions: sendOnly,
          channels: [{ id: NO_HISTORY_CHANNEL, name: 'recaps' }],
          members: [{ user: { id: FAKE_IDS.owner, username: 'olive.owner' } }],
        },
      ],
    });
    rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    find = createPostedMessageFinder(rest, fake.botUser.id);
    const post = createRecapPoster(rest);
    postedAt = new Date();
    const posted = [
      await post(FAKE_IDS.briefs, part('Weekly recap (1/2)'), 'nonce-a'),
      await post(FAKE_IDS.briefs, part('Weekly recap (2/2)'), 'nonce-b'),
    ];
    // A retry after Discord forgot the nonce: the duplicate the finder exists to prevent, here on purpose.
    await new Promise((resolve) => setTimeout(resolve, 60));
    posted.push(await post(FAKE_IDS.briefs, part('Weekly recap (2/2)'), 'nonce-b'));
    [firstPartId, postedId, duplicateId] = posted.map((result) => {
      if (!result.ok) throw new Error(result.error);
      return result.messageId;
    }) as [string, string, string];
    await post(NO_HISTORY_CHANNEL, part('Weekly recap (2/2)'), 'nonce-c');
    for (let i = 0; i < 150; i++) await post(BUSY_CHANNEL, { content: `chatter ${i}` }, `chatter-${i}`);
    const behindChatter = await post(BUSY_CHANNEL, part('Weekly recap (1/1)'), 'nonce-d');
    if (!behindChatter.ok) throw new Error(behindChatter.error);
    behindChatterId = behindChatter.messageId;
  });

  afterAll(async () => {
    await fake?.close();
  });

  test('THEN the finder lists the messages that read like the part since the period was due, oldest first', async () => {
    expect(fake.messages(FAKE_IDS.briefs).map((m) => m.message.embeds[0]?.title)).toEqual([
      'Weekly recap (1/2)',
      'Weekly recap (2/2)',
      'Weekly recap (2/2)',
    ]);
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (2/2)'), { time: postedAt })).toEqual([postedId, duplicateId]);
  });

  test('THEN after the last recorded part, only later messages count', async () => {
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (1/2)'), { messageId: firstPartId, time: postedAt })).toEqual([]);
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (2/2)'), { messageId: postedId, time: postedAt })).toEqual([duplicateId]);
  });

  test('THEN a part with other text is not taken for it', async () => {
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (3/3)'), { time: postedAt })).toEqual([]);
  });

  test('THEN a message from before the period was due (allowing a minute of clock skew) is not taken for it', async () => {
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (2/2)'), { time: new Date(postedAt.getTime() + 2 * MINUTE) })).toEqual([]);
  });

  test('THEN a message within the minute of clock skew allowed before the due time is still found', async () => {
    expect(await find(FAKE_IDS.briefs, part('Weekly recap (2/2)'), { time: new Date(postedAt.getTime() + 30_000) })).toEqual([
      postedId,
      duplicateId,
    ]);
  });

  test('THEN a message behind more than a page of chatter is found on a later page', async () => {
    expect(fake.messages(BUSY_CHANNEL)).toHaveLength(151);
    expect(await find(BUSY_CHANNEL, part('Weekly recap (1/1)'), { time: postedAt })).toEqual([behindChatterId]);
  });

  test('THEN without Read Message History Discord lists nothing, so nothing is found', async () => {
    expect(fake.messages(NO_HISTORY_CHANNEL)).toHaveLength(1);
    expect(await find(NO_HISTORY_CHANNEL, part('Weekly recap (2/2)'), { time: postedAt })).toEqual([]);
  });

  test('THEN another account posting the same text is not taken for the bot', async () => {
    const someoneElse = createPostedMessageFinder(rest, FAKE_IDS.owner);
    expect(await someoneElse(FAKE_IDS.briefs, part('Weekly recap (2/2)'), { time: postedAt })).toEqual([]);
  });
});

describe('GIVEN the real recap card, posted once and then asked about after Discord forgot its nonce', () => {
  test('THEN the finder knows it by its text as Discord returns it (fields, emoji, button), so a resumed post records it instead of posting again', async () => {
    const fake = await FakeDiscord.start({ nonceWindowMs: 50 });
    try {
      const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
      const store = await loadShippedStore();
      const [card] = fitReply(composeRecap(store.latest(), STALE_NOW, STALE_AFTER_DAYS));
      const postedAt = new Date();
      const posted = await createRecapPoster(rest)(FAKE_IDS.briefs, card!, 'card-nonce');
      if (!posted.ok) throw new Error(posted.error);
      await new Promise((resolve) => setTimeout(resolve, 60));
      const found = await createPostedMessageFinder(rest, fake.botUser.id)(FAKE_IDS.briefs, card!, { time: postedAt });
      expect(found).toEqual([posted.messageId]);
    } finally {
      await fake.close();
    }
  });
});
