import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  type Interaction,
  type RESTPutAPIApplicationCommandsJSONBody,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from './fakeDiscord/FakeDiscord';
import { FAKE_IDS } from './fakeDiscord/fakeDiscordOptions';

const WINDOW_MS = 1500;

const COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'levels',
    description: 'Index levels from the latest snapshot',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'index', description: 'Which index', autocomplete: true },
      { type: ApplicationCommandOptionType.Integer, name: 'days', description: 'How far back', min_value: 1, max_value: 30 },
    ],
  },
  {
    name: 'recaps',
    description: 'Weekly recap subscriptions',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'set',
        description: 'Post recaps in a channel',
        options: [{ type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where', required: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'Stop recaps' },
    ],
  },
];

/** Runs `handler` on the next interaction the client receives and settles with its outcome. */
function nextInteraction<T>(client: Client, handler: (interaction: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
}

function countReceived(fake: FakeDiscord, op: GatewayOpcodes): number {
  return fake.gatewayLog.filter((e) => e.kind === 'receive' && e.op === op).length;
}

describe('fake Discord driven by a real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ interactionWindowMs: WINDOW_MS, heartbeatIntervalMs: 1000 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiUrl },
      allowedMentions: { parse: [] },
    });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    await client.application?.commands.set(COMMANDS);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  test('GIVEN the default world WHEN the client logs in THEN it is ready with both guilds and reads channel permissions as configured', async () => {
    expect(await fake.waitForReady()).toHaveLength(1);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect([...client.guilds.cache.keys()].sort()).toEqual([FAKE_IDS.guild, FAKE_IDS.secondGuild].sort());
    const guild = client.guilds.cache.get(FAKE_IDS.guild);
    const me = guild?.members.me;
    expect(me).toBeTruthy();
    const permissionsIn = (id: string) => (guild?.channels.cache.get(id) as TextChannel).permissionsFor(me!);
    expect(permissionsIn(FAKE_IDS.general).has([PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])).toBe(true);
    expect(permissionsIn(FAKE_IDS.readOnly).has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(permissionsIn(FAKE_IDS.hidden).has(PermissionFlagsBits.ViewChannel)).toBe(false);
    expect(permissionsIn(FAKE_IDS.noEmbeds).has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    expect(fake.sessions()).toMatchObject([{ intents: GatewayIntentBits.Guilds, live: true }]);
    expect(countReceived(fake, GatewayOpcodes.Identify)).toBe(1);
    const application = await client.application!.fetch();
    expect(application.owner?.id).toBe(FAKE_IDS.owner);
  });

  test('GIVEN commands set through discord.js THEN the fake stores them, and a bulk overwrite with a bad name is refused with 50035 and changes nothing', async () => {
    expect(fake.commands().map((c) => c.name)).toEqual(['levels', 'recaps']);
    const before = fake.commands().map((c) => c.id);
    const refused = client.application!.commands.set([{ name: 'Levels', description: 'Upper case is not allowed' }]);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } },
    });
    const tooLong = client.application!.commands.set([{ name: 'ok', description: 'd'.repeat(101) }]);
    await expect(tooLong).rejects.toMatchObject({
      rawError: { errors: { 0: { description: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } },
    });
    expect(fake.commands().map((c) => c.id)).toEqual(before);
  });

  test('GIVEN /levels registered WHEN the fake dispatches it THEN the client gets a typed interaction and its reply lands with the recorded payload', async () => {
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected ${interaction.type}`);
      const reply = await interaction.reply({ content: 'Russell 2000 closed at 2,521.48 <@1300000000000000002>', withResponse: true });
      return {
        replyId: reply.resource?.message?.id,
        command: interaction.commandName,
        index: interaction.options.getString('index'),
        days: interaction.options.getInteger('days'),
        canSend: interaction.appPermissions.has(PermissionFlagsBits.SendMessages),
        user: interaction.user.id,
        channel: interaction.channelId,
      };
    });
    const handle = fake.interact({ kind: 'command', name: 'levels', options: { index: 'rut', days: 5 } });
    const { replyId, ...seen } = await received;
    expect(seen).toEqual({
      command: 'levels',
      index: 'rut',
      days: 5,
      canSend: true,
      user: FAKE_IDS.member,
      channel: FAKE_IDS.general,
    });
    const response = await handle.response();
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const final = await handle.finalMessage();
    expect(final.message.content).toBe('Russell 2000 closed at 2,521.48 <@1300000000000000002>');
    expect(final.allowedMentions).toEqual({ parse: [] });
    expect(final.message.mentions).toEqual([]);
    expect(fake.messages(FAKE_IDS.general).map((m) => m.id)).toContain(final.id);
    expect(replyId).toBe(final.id);
  });

  test('GIVEN a slow handler WHEN it replies after the window THEN Discord says 10062 and the handle reports the missed window', async () => {
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      // The handler is deliberately slower than the interaction window.
      await delay(WINDOW_MS + 150);
      return interaction.reply({ content: 'too late' }).then(
        () => null,
        (error: unknown) => error,
      );
    });
    const handle = fake.interact({ kind: 'command', name: 'levels' });
    const error = await received;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 404, code: 10062, message: 'Unknown interaction' });
    await expect(handle.response()).rejects.toThrow(/not acknowledged within 1500 ms.*404/);
  });

  test('GIVEN an acknowledged interaction WHEN a second callback arrives THEN it gets 400 code 40060', async () => {
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.reply({ content: 'first answer' });
      // A second process answering the same interaction: raw REST, since discord.js guards its own objects.
      return client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'second', allowed_mentions: { parse: [] } } },
          auth: false,
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
    });
    const handle = fake.interact({ kind: 'command', name: 'levels' });
    expect(await received).toMatchObject({ status: 400, code: 40060 });
    expect(handle.attempts().map((a) => a.status)).toEqual([204, 400]);
    expect((await handle.finalMessage()).message.content).toBe('first answer');
  });

  test('GIVEN an embed over Discord limits WHEN replying THEN 400/50035 names the field, and a valid retry still answers', async () => {
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      const errors: unknown[] = [];
      for (const embeds of [
        [{ title: 'Levels', description: 'x'.repeat(4097) }],
        [{ description: 'y'.repeat(3500) }, { description: 'z'.repeat(3500) }],
      ]) {
        await interaction.reply({ embeds }).catch((error: unknown) => errors.push(error));
      }
      await interaction.reply({ embeds: [{ title: 'Levels', description: 'Russell 2000: 2,521.48' }] });
      return errors;
    });
    const handle = fake.interact({ kind: 'command', name: 'levels' });
    const [tooLong, tooBig] = await received;
    expect(tooLong).toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { data: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } },
    });
    expect(tooBig).toMatchObject({
      rawError: { errors: { data: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } } },
    });
    const final = await handle.finalMessage();
    expect(final.message.embeds).toEqual([{ type: 'rich', title: 'Levels', description: 'Russell 2000: 2,521.48' }]);
  });

  test('GIVEN a deferred reply WHEN the handler edits it later THEN finalMessage is the edit and follow-ups are separate messages', async () => {
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'Recaps post in #market-briefs' });
      await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
    });
    const handle = fake.interact({
      kind: 'command',
      name: 'recaps',
      subcommand: 'set',
      options: { channel: FAKE_IDS.briefs },
      userId: FAKE_IDS.moderator,
    });
    await received;
    const final = await handle.finalMessage();
    expect(final.message.content).toBe('Recaps post in #market-briefs');
    expect(final.ephemeral).toBe(true);
    expect(final.allowedMentions).toEqual({ parse: [] });
    expect(handle.followups().map((m) => m.message.content)).toEqual(['One more thing']);
  });

  test('GIVEN a moderator command WHEN a plain member tries it THEN the fake refuses like Discord hides it, unless permissions were overridden', async () => {
    expect(() => fake.interact({ kind: 'command', name: 'recaps', subcommand: 'off' })).toThrow(/hidden from mia.member/);
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      const allowed = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
      await interaction.reply({ content: allowed ? 'ok' : 'You need Manage Server', flags: MessageFlags.Ephemeral });
      return allowed;
    });
    const handle = fake.interact({ kind: 'command', name: 'recaps', subcommand: 'off', overridePermissions: true });
    expect(await received).toBe(false);
    expect((await handle.finalMessage()).message.content).toBe('You need Manage Server');
  });

  test('GIVEN autocomplete and a button WHEN the fake drives them THEN choices and the component update are recorded', async () => {
    const choices = nextInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('unexpected interaction');
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `Russell 2000 (${typed})`, value: 'russell-2000' }]);
    });
    const asked = fake.interact({ kind: 'autocomplete', name: 'levels', focused: 'index', options: { index: 'ru' } });
    await choices;
    expect(await asked.response()).toMatchObject({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'Russell 2000 (ru)', value: 'russell-2000' }] },
    });

    const offered = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      const button = (custom_id: string, label: string) => ({
        type: ComponentType.Button as const,
        style: ButtonStyle.Primary as const,
        custom_id,
        label,
      });
      await interaction.reply({
        content: 'Post the recap now?',
        components: [{ type: ComponentType.ActionRow, components: [button('recaps:confirm', 'Post'), button('recaps:later', 'Later')] }],
      });
    });
    fake.interact({ kind: 'command', name: 'levels' });
    await offered;

    const postponed = nextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error('unexpected interaction');
      await interaction.deferUpdate();
      await interaction.editReply({ content: 'Maybe later.' });
    });
    const later = fake.interact({ kind: 'component', customId: 'recaps:later' });
    await postponed;
    expect((await later.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    expect((await later.finalMessage()).message.content).toBe('Maybe later.');

    const clicked = nextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error('unexpected interaction');
      await interaction.update({ content: 'Posted.', components: [] });
      return interaction.customId;
    });
    const click = fake.interact({ kind: 'component', customId: 'recaps:confirm' });
    expect(await clicked).toBe('recaps:confirm');
    const final = await click.finalMessage();
    expect(final.message.content).toBe('Posted.');
    expect(final.message.components).toEqual([]);
    expect(() => fake.interact({ kind: 'component', customId: 'recaps:confirm' })).toThrow(
      /no message .* carries a component recaps:confirm/,
    );
  });

  test('GIVEN messages sent without allowed_mentions or allowing pings THEN each is flagged, and a safe one is not', async () => {
    const before = fake.violations.length;
    const post = (body: object) => client.rest.post(Routes.channelMessages(FAKE_IDS.briefs), { body });
    await post({ content: 'no allowed_mentions at all' });
    await post({ content: 'pings <@1300000000000000003>', allowed_mentions: { parse: ['users'] } });
    await post({ content: 'safe <@1300000000000000003>', allowed_mentions: { parse: [] } });
    const flagged = fake.violations.slice(before);
    expect(flagged.map((v) => [v.kind, v.allowedMentions])).toEqual([
      ['message', undefined],
      ['message', { parse: ['users'] }],
    ]);
    const [, pinging, safe] = fake.messages(FAKE_IDS.briefs).slice(-3);
    expect(pinging?.message.mentions.map((u) => u.id)).toEqual([FAKE_IDS.member]);
    expect(safe?.message.mentions).toEqual([]);
  });

  test('GIVEN a dropped connection WHEN the client comes back THEN it resumes without a new IDENTIFY, gets what it missed, and still answers', async () => {
    const identifies = countReceived(fake, GatewayOpcodes.Identify);
    const resumedBefore = fake.gatewayLog.filter((e) => e.t === 'RESUMED').length;
    const missed = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.reply({ content: 'answered after resume' });
    });
    fake.dropConnection(4000);
    const handle = fake.interact({ kind: 'command', name: 'levels' });
    await fake.waitFor(() => fake.gatewayLog.filter((e) => e.t === 'RESUMED').length > resumedBefore, 5000, 'RESUMED');
    await missed;
    expect((await handle.finalMessage()).message.content).toBe('answered after resume');

    fake.dropConnection(1006);
    await fake.waitFor(() => fake.gatewayLog.filter((e) => e.t === 'RESUMED').length > resumedBefore + 1, 5000, 'second RESUMED');
    const after = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.reply({ content: 'still here' });
    });
    const again = fake.interact({ kind: 'command', name: 'levels' });
    await after;
    expect((await again.finalMessage()).message.content).toBe('still here');
    expect(countReceived(fake, GatewayOpcodes.Identify)).toBe(identifies);
    const reconnects = fake.gatewayLog.filter((e) => e.kind === 'connect').slice(-2);
    expect(reconnects.map((e) => e.url?.split('?')[0])).toEqual(['/gateway-resume', '/gateway-resume']);
  });

  test('GIVEN a global limit of 50/s and a client that ignores it THEN 429s slow the burst but every message lands exactly once', async () => {
    const eager = new REST({ api: fake.apiUrl, globalRequestsPerSecond: 1000 }).setToken(fake.token);
    fake.setRateLimit(50);
    const channels = [FAKE_IDS.general, FAKE_IDS.briefs, FAKE_IDS.noEmbeds];
    const before = new Map(channels.map((id) => [id, fake.messages(id).length]));
    const started = Date.now();
    const firstRequest = fake.requests.length;
    try {
      await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          eager.post(Routes.channelMessages(channels[i % 3]!), {
            body: { content: `storm ${i}`, allowed_mentions: { parse: [] } },
          }),
        ),
      );
    } finally {
      fake.setRateLimit(null);
    }
    const elapsed = Date.now() - started;
    const limited = fake.requests.slice(firstRequest).filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.response).toMatchObject({ message: 'You are being rate limited.', global: true });
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    const stormed = channels.flatMap((id) =>
      fake
        .messages(id)
        .slice(before.get(id))
        .map((m) => m.message.content),
    );
    expect(stormed.sort()).toEqual(Array.from({ length: 120 }, (_, i) => `storm ${i}`).sort());
  });

  test('GIVEN a file WHEN discord.js sends multipart with payload_json THEN the message carries the text and the attachment', async () => {
    const channel = client.channels.cache.get(FAKE_IDS.briefs) as TextChannel;
    const csv = Buffer.from('index,level\nRUT,2521.48\n');
    const sent = await channel.send({ content: 'Levels attached', files: [{ attachment: csv, name: 'levels.csv' }] });
    const recorded = fake.message(sent.id);
    expect(recorded?.message.content).toBe('Levels attached');
    expect(recorded?.message.attachments.map((a) => [a.filename, a.size])).toEqual([['levels.csv', csv.length]]);
    expect(recorded?.allowedMentions).toEqual({ parse: [] });
    expect(fake.requests.at(-1)?.files).toEqual(['levels.csv']);
  });

  test('GIVEN enforce_nonce WHEN the same nonce is posted twice THEN the first message comes back and nothing new is created', async () => {
    const body = { content: 'Weekly recap', nonce: 'recap:2025-12-05', enforce_nonce: true, allowed_mentions: { parse: [] } };
    const count = fake.messages(FAKE_IDS.briefs).length;
    const first = (await client.rest.post(Routes.channelMessages(FAKE_IDS.briefs), { body })) as { id: string };
    const second = (await client.rest.post(Routes.channelMessages(FAKE_IDS.briefs), { body })) as { id: string };
    expect(second.id).toBe(first.id);
    expect(fake.messages(FAKE_IDS.briefs).length).toBe(count + 1);
  });

  test('GIVEN faults WHEN a channel is denied, deleted, or the server errors THEN the client sees Discord codes and retries 5xx', async () => {
    const channel = (id: string) => client.channels.cache.get(id) as TextChannel;
    fake.failNext(/\/channels\/\d+\/messages$/, 502, 2);
    const sent = await channel(FAKE_IDS.general).send({ content: 'after two 502s' });
    expect(fake.message(sent.id)?.message.content).toBe('after two 502s');

    await expect(channel(FAKE_IDS.readOnly).send({ content: 'nope' })).rejects.toMatchObject({ status: 403, code: 50013 });
    await expect(channel(FAKE_IDS.noEmbeds).send({ embeds: [{ title: 'chart' }] })).rejects.toMatchObject({ code: 50013 });

    const denied = once(client, Events.ChannelUpdate);
    fake.denyChannel(FAKE_IDS.briefs, 'view');
    await denied;
    expect(channel(FAKE_IDS.briefs).permissionsFor(client.user!)?.has(PermissionFlagsBits.ViewChannel)).toBe(false);
    await expect(channel(FAKE_IDS.briefs).send({ content: 'hidden' })).rejects.toMatchObject({ status: 403, code: 50001 });
    fake.setChannelAccess(FAKE_IDS.briefs, { view: true });

    const general = channel(FAKE_IDS.general);
    const deleted = once(client, Events.ChannelDelete);
    fake.deleteChannel(FAKE_IDS.general);
    await deleted;
    await expect(general.send({ content: 'gone' })).rejects.toMatchObject({ status: 404, code: 10003 });

    const left = once(client, Events.GuildDelete);
    fake.removeGuild(FAKE_IDS.secondGuild);
    await left;
    expect(client.guilds.cache.has(FAKE_IDS.secondGuild)).toBe(false);
    expect(fake.internalErrors).toEqual([]);
  });

  test('GIVEN a 1 s heartbeat interval THEN the client heartbeats and the fake acknowledges each beat on that connection', async () => {
    const since = fake.gatewayLog.length;
    const beat = await fake.waitFor(
      () => fake.gatewayLog.slice(since).find((e) => e.kind === 'receive' && e.op === GatewayOpcodes.Heartbeat),
      3000,
      'a heartbeat',
    );
    const reply = fake.gatewayLog.slice(fake.gatewayLog.indexOf(beat) + 1).find((e) => e.connection === beat.connection);
    expect(reply).toMatchObject({ kind: 'send', op: GatewayOpcodes.HeartbeatAck });
  });

  test('GIVEN everything the client sent THEN no message or callback could have pinged anyone, except the deliberate ones', () => {
    expect(fake.violations.filter((v) => v.kind !== 'message' || !v.path.endsWith(`/${FAKE_IDS.briefs}/messages`))).toEqual([]);
  });
});

describe('fake Discord at the protocol level', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });

  afterAll(async () => {
    await fake?.close();
  });

  /** A raw gateway client that keeps every frame from the first, so none is missed between awaits. */
  const connect = async (query: string) => {
    const socket = new WebSocket(`${fake.gatewayUrl}?${query}`);
    const frames: Buffer[] = [];
    socket.on('message', (data: Buffer) => frames.push(data));
    await once(socket, 'open');
    const frame = async (index: number): Promise<Buffer> => {
      while (frames.length <= index) await once(socket, 'message');
      return frames[index]!;
    };
    const payload = async (index: number) => JSON.parse(String(await frame(index))) as { op: number; d: unknown };
    return { socket, frame, payload };
  };

  test('GIVEN no or a wrong token THEN REST answers 401 with code 0, and gateway discovery points at the fake', async () => {
    const missing = await fetch(`${fake.apiUrl}/v10/users/@me`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const wrong = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot nope' } });
    expect(wrong.status).toBe(401);
    const gateway = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(await gateway.json()).toMatchObject({ url: fake.gatewayUrl, shards: 1, session_start_limit: { max_concurrency: 1 } });
  });

  test('GIVEN a limit of 1 request per second WHEN two arrive together THEN the second is a global 429 with Discord headers', async () => {
    fake.setRateLimit(1);
    const headers = { authorization: `Bot ${fake.token}` };
    await fetch(`${fake.apiUrl}/v10/users/@me`, { headers });
    const limited = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers });
    fake.setRateLimit(null);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { retry_after: number; global: boolean; message: string };
    expect(body).toMatchObject({ message: 'You are being rate limited.', global: true });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(1);
  });

  test('GIVEN an application owned by a team THEN GET /applications/@me names the team and its members', async () => {
    const teamOwned = await FakeDiscord.start({
      owner: {
        team: {
          id: '1400000000000000001',
          name: 'Briefing Desk Team',
          ownerUserId: FAKE_IDS.owner,
          members: [
            { user: { id: FAKE_IDS.owner, username: 'olive.owner' } },
            { user: { id: FAKE_IDS.moderator, username: 'max.moderator' }, role: 'developer' },
          ],
        },
      },
    });
    try {
      const response = await fetch(`${teamOwned.apiUrl}/v10/oauth2/applications/@me`, {
        headers: { authorization: `Bot ${teamOwned.token}` },
      });
      expect(await response.json()).toMatchObject({
        id: teamOwned.applicationId,
        team: {
          owner_user_id: FAKE_IDS.owner,
          members: [
            { user: { id: FAKE_IDS.owner }, role: 'admin' },
            { user: { id: FAKE_IDS.moderator }, role: 'developer' },
          ],
        },
      });
    } finally {
      await teamOwned.close();
    }
  });

  test('GIVEN a RESUME for an unknown session THEN the fake answers INVALID_SESSION (false)', async () => {
    const gateway = await connect('v=10&encoding=json');
    expect((await gateway.payload(0)).op).toBe(GatewayOpcodes.Hello);
    gateway.socket.send(JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: 'nope', seq: 3 } }));
    expect(await gateway.payload(1)).toMatchObject({ op: GatewayOpcodes.InvalidSession, d: false });
    gateway.socket.close();
  });

  test('GIVEN a wrong token or privileged intents not enabled THEN IDENTIFY is closed with 4004 or 4014', async () => {
    const closeCode = async (d: object) => {
      const gateway = await connect('v=10&encoding=json');
      await gateway.payload(0);
      const closed = once(gateway.socket, 'close') as Promise<[number]>;
      gateway.socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d }));
      return (await closed)[0];
    };
    const properties = { os: 'linux', browser: 'test', device: 'test' };
    expect(await closeCode({ token: 'wrong', properties, intents: 1 })).toBe(4004);
    expect(await closeCode({ token: fake.token, properties, intents: GatewayIntentBits.MessageContent })).toBe(4014);
  });

  test('GIVEN two shards THEN each READY lists only the guilds Discord routes to that shard', async () => {
    const sharded = await FakeDiscord.start({
      shardCount: 2,
      guilds: [
        { id: String(1n << 22n), name: 'Shard one', channels: [{ id: '5000000000000000001', name: 'general' }] },
        { id: String(2n << 22n), name: 'Shard zero', channels: [{ id: '5000000000000000002', name: 'general' }] },
      ],
    });
    try {
      const ready = async (shard: [number, number]) => {
        const socket = new WebSocket(`${sharded.gatewayUrl}?v=10&encoding=json`);
        const frames: string[] = [];
        socket.on('message', (data) => frames.push(String(data)));
        await once(socket, 'open');
        socket.send(
          JSON.stringify({
            op: GatewayOpcodes.Identify,
            d: {
              token: sharded.token,
              properties: { os: 'linux', browser: 'test', device: 'test' },
              intents: GatewayIntentBits.Guilds,
              shard,
            },
          }),
        );
        await sharded.waitFor(() => frames.some((f) => f.includes('"READY"')), 2000, `READY for shard ${shard[0]}`);
        socket.close();
        const payload = JSON.parse(frames.find((f) => f.includes('"READY"'))!) as { d: { guilds: { id: string }[]; shard: number[] } };
        return payload.d;
      };
      expect(await ready([0, 2])).toMatchObject({ guilds: [{ id: String(2n << 22n) }], shard: [0, 2] });
      expect(await ready([1, 2])).toMatchObject({ guilds: [{ id: String(1n << 22n) }], shard: [1, 2] });
    } finally {
      await sharded.close();
    }
  });

  test('GIVEN compress=zlib-stream THEN every frame inflates, as one stream, to the payloads in order', async () => {
    const gateway = await connect('v=10&encoding=json&compress=zlib-stream');
    await gateway.frame(0);
    gateway.socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null }));
    const frames = [await gateway.frame(0), await gateway.frame(1)];
    gateway.socket.close();
    for (const frame of frames) expect([...frame.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
    const text = inflateSync(Buffer.concat(frames), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    const payloads = text.split(/(?<=\})(?=\{)/).map((part) => JSON.parse(part) as { op: number });
    expect(payloads.map((p) => p.op)).toEqual([GatewayOpcodes.Hello, GatewayOpcodes.HeartbeatAck]);
  });
});
