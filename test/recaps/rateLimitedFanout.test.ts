import { REST } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FactStore } from '../../src/facts/factStore';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { composeRecap } from '../../src/recaps/composeRecap';
import { createRecapPoster } from '../../src/recaps/createRecapPoster';
import { fitReply } from '../../src/render/fitReply';
import type { Reply } from '../../src/reply';
import { openSqliteStateStore } from '../../src/state/sqliteStateStore';
import type { StateStore } from '../../src/state/stateStore';
import { runDueRecaps } from '../../src/schedule/runDueRecaps';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import type { FakeGuild } from '../fakeDiscord/fakeDiscordOptions';

const GUILDS = 12;
const guildId = (i: number) => `19000000000000${String(1000 + i)}`;
const channelId = (i: number) => `19100000000000${String(1000 + i)}`;

describe('GIVEN a recap fan-out while Discord answers with a storm of 429s', () => {
  let fake: FakeDiscord;
  let state: StateStore;
  let parts: readonly Reply[];

  beforeAll(async () => {
    const guilds: FakeGuild[] = Array.from({ length: GUILDS }, (_, i) => ({
      id: guildId(i),
      name: `Server ${i}`,
      channels: [{ id: channelId(i), name: 'recaps' }],
      members: [{ user: { id: `1930000000000${String(10000 + i)}`, username: `owner${i}` } }],
    }));
    // Far below the fan-out's demand, so most of it has to wait out 429s.
    fake = await FakeDiscord.start({ guilds, requestsPerSecond: 10 });
    const loaded = await loadDataDir('data');
    if (!loaded.ok) throw new Error('shipped data must load');
    parts = fitReply(composeRecap(new FactStore(loaded.value).latest(), new Date('2025-12-13T14:00:00Z'), 7));
    state = openSqliteStateStore(':memory:', { clock: () => new Date('2025-12-13T14:05:00Z') });
    for (let i = 0; i < GUILDS; i++) {
      await state.subscriptions.save(
        {
          guildId: guildId(i),
          channelId: channelId(i),
          schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
          setBy: 'test',
        },
        new Date('2025-12-12T00:00:00Z'),
      );
    }
  });

  afterAll(async () => {
    await state?.close();
    await fake?.close();
  });

  test('THEN every channel gets every part exactly once, in order, only later', async () => {
    const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: 1000 }).setToken(fake.token);
    const summary = await runDueRecaps(
      {
        state,
        owner: 'test',
        composeRecap: () => parts,
        postMessage: createRecapPoster(rest),
        logger: pino({ level: 'silent' }),
        clock: () => new Date('2025-12-13T14:05:00Z'),
        concurrency: GUILDS,
      },
      new Date('2025-12-13T14:05:00Z'),
    );
    expect(summary).toMatchObject({ posted: GUILDS, failed: 0, skipped: 0, errors: 0 });
    expect(fake.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    for (let i = 0; i < GUILDS; i++) {
      const titles = fake.messages(channelId(i)).map((m) => m.message.embeds[0]?.title);
      expect(titles).toEqual(parts.map((p) => p.embeds?.[0]?.title));
    }
  }, 60_000);
});
