import { once } from 'node:events';
import {
  ApplicationCommandOptionType,
  Client,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  REST,
  Routes,
  type Interaction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from './FakeDiscord';
import { FAKE_IDS, TWO_SHARD_GUILDS } from './fakeDiscordOptions';

interface GatewayFrame {
  readonly op: number;
  readonly t: string | null;
  readonly d: unknown;
}

/** One raw IDENTIFY on a new socket: the dispatches until `settleMs` of quiet, or the close code. */
async function identify(fake: FakeDiscord, shard: readonly [number, number] | undefined, settleMs = 300) {
  const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const frames: GatewayFrame[] = [];
  let closeCode: number | undefined;
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as GatewayFrame));
  const closed = once(socket, 'close').then(([code]) => {
    closeCode = code as number;
  });
  await once(socket, 'open');
  socket.send(
    JSON.stringify({
      op: GatewayOpcodes.Identify,
      d: {
        token: fake.token,
        properties: { os: 'linux', browser: 'test', device: 'test' },
        intents: GatewayIntentBits.Guilds,
        ...(shard === undefined ? {} : { shard }),
      },
    }),
  );
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, settleMs))]);
  socket.close();
  await closed;
  const guildCreates = frames.filter((f) => f.t === 'GUILD_CREATE').map((f) => (f.d as { id: string }).id);
  return { closeCode: frames.some((f) => f.t === 'READY') ? undefined : closeCode, guildCreates };
}

describe('GIVEN a fake Discord that recommends two shards', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });
  });
  afterAll(() => fake.close());

  test('THEN GET /gateway/bot answers two shards', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(await response.json()).toMatchObject({ shards: 2, session_start_limit: { max_concurrency: 2 } });
  });

  test('THEN each IDENTIFY gets GUILD_CREATE only for the guilds of its shard', async () => {
    expect((await identify(fake, [0, 2])).guildCreates).toEqual([FAKE_IDS.shardZeroGuild]);
    expect((await identify(fake, [1, 2])).guildCreates).toEqual([FAKE_IDS.guild, FAKE_IDS.secondGuild]);
    // More shards than required is allowed, as on Discord: each still gets its own share.
    expect((await identify(fake, [2, 3])).guildCreates).toEqual([FAKE_IDS.shardZeroGuild]);
    expect((await identify(fake, [0, 3])).guildCreates).toEqual([]);
  });

  test('THEN an IDENTIFY with fewer shards than required is closed with 4011, and a shard id past the count with 4010', async () => {
    expect((await identify(fake, undefined)).closeCode).toBe(4011);
    expect((await identify(fake, [0, 1])).closeCode).toBe(4011);
    expect((await identify(fake, [2, 2])).closeCode).toBe(4010);
  });
});

describe('GIVEN two discord.js clients holding one shard each of a two-shard bot', () => {
  let fake: FakeDiscord;
  const clients: Client[] = [];
  const seen: { shard: number; guildId: string | null }[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    await rest.put(Routes.applicationCommands(fake.applicationId), {
      body: [
        {
          name: 'levels',
          description: 'Index levels',
          options: [{ type: ApplicationCommandOptionType.String, name: 'index', description: 'Which index' }],
        },
      ],
    });
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: [shard], shardCount: 2 });
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        seen.push({ shard, guildId: interaction.guildId });
        if (interaction.isRepliable()) void interaction.reply({ content: `shard ${shard}`, allowedMentions: { parse: [] } });
      });
      const ready = once(client, Events.ClientReady);
      await client.login(fake.token);
      await ready;
      clients.push(client);
    }
  });
  afterAll(async () => {
    for (const client of clients) await client.destroy();
    await fake.close();
  });

  test('THEN each client sees only the guilds of its shard', () => {
    expect([...clients[0]!.guilds.cache.keys()]).toEqual([FAKE_IDS.shardZeroGuild]);
    expect([...clients[1]!.guilds.cache.keys()].sort()).toEqual([FAKE_IDS.guild, FAKE_IDS.secondGuild]);
  });

  test('THEN an interaction arrives on the session holding its guild, and only there', async () => {
    const zero = await fake.interact({ kind: 'command', name: 'levels', guildId: FAKE_IDS.shardZeroGuild }).finalMessage();
    const one = await fake.interact({ kind: 'command', name: 'levels', guildId: FAKE_IDS.secondGuild }).finalMessage();
    expect([zero.message.content, one.message.content]).toEqual(['shard 0', 'shard 1']);
    expect(seen).toEqual([
      { shard: 0, guildId: FAKE_IDS.shardZeroGuild },
      { shard: 1, guildId: FAKE_IDS.secondGuild },
    ]);
  });
});
