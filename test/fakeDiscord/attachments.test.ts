import { once } from 'node:events';
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  Routes,
  type Interaction,
  type RESTPutAPIApplicationCommandsJSONBody,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from './FakeDiscord';
import { DEFAULT_UPLOAD_LIMIT_BYTES, FAKE_IDS } from './fakeDiscordOptions';

const LIMIT = 256 * 1024;

const COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'data',
    description: 'Data moderation',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        description: 'Import an article or a figures.json',
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The file', required: true },
          { type: ApplicationCommandOptionType.Attachment, name: 'narrative', description: 'Its narrative.md' },
          { type: ApplicationCommandOptionType.String, name: 'as-of', description: 'As-of date' },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'export', description: 'Export a snapshot' },
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

const SIGNED_URL = (folder: string, id: string, filename: string) =>
  new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${folder}/${id}/${filename.replace('.', '\\.')}\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&$`);

describe('fake Discord: files the bot uploads, kept on its CDN', () => {
  let fake: FakeDiscord;
  let client: Client;
  let rest: REST;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ uploadLimitBytes: LIMIT });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, allowedMentions: { parse: [] } });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    await client.application?.commands.set(COMMANDS);
    rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  const briefs = () => client.channels.cache.get(FAKE_IDS.briefs) as TextChannel;

  test('GIVEN discord.js posting files with descriptions THEN the fake keeps their bytes, serves them at signed URLs, and a test reads them back', async () => {
    const figures = JSON.stringify({ asOf: '2025-12-05', figures: [] });
    const sent = await briefs().send({
      content: 'Export of 2025-12-05',
      files: [
        { attachment: Buffer.from(figures), name: 'figures.json', description: 'Figures as published' },
        { attachment: Buffer.from('# Narrative\n'), name: 'narrative.md' },
      ],
    });
    const recorded = fake.message(sent.id)!;
    const [first, second] = recorded.message.attachments;
    expect(recorded.message.attachments).toEqual([
      {
        id: first!.id,
        filename: 'figures.json',
        size: Buffer.byteLength(figures),
        url: expect.stringMatching(SIGNED_URL(`attachments/${FAKE_IDS.briefs}`, first!.id, 'figures.json')),
        proxy_url: first!.url,
        content_type: 'application/json; charset=utf-8',
        description: 'Figures as published',
      },
      expect.objectContaining({ id: second!.id, filename: 'narrative.md', content_type: 'text/markdown; charset=utf-8' }),
    ]);
    expect(fake.fileText(recorded, 'figures.json')).toBe(figures);
    expect(fake.fileText(recorded.message, 'narrative.md')).toBe('# Narrative\n');
    expect(await (await fetch(first!.url)).text()).toBe(figures);
    expect(() => fake.fileText(recorded, 'draft.json')).toThrow(/no file draft.json; it has: figures.json, narrative.md/);
  });

  test('GIVEN files on a reply, a deferred edit, a follow-up, a button update and later edits THEN each keeps or drops files as Discord does', async () => {
    const file = (name: string, text: string) => ({ attachment: Buffer.from(text), name });
    const replied = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.reply({
        content: 'Draft ready',
        files: [file('figures.json', '{"v":1}')],
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'data:download', label: 'Download draft' }],
          },
        ],
        flags: MessageFlags.Ephemeral,
      });
    });
    const command = fake.interact({ kind: 'command', name: 'data', subcommand: 'export', userId: FAKE_IDS.moderator });
    await replied;
    expect(fake.fileText(await command.finalMessage(), 'figures.json')).toBe('{"v":1}');

    const clicked = nextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error('unexpected interaction');
      await interaction.update({ content: 'Draft files', files: [file('figures.json', '{"v":2}'), file('narrative.md', 'two')] });
    });
    const click = fake.interact({ kind: 'component', customId: 'data:download' });
    await clicked;
    const updated = await click.finalMessage();
    expect(updated.message.attachments.map((a) => a.filename)).toEqual(['figures.json', 'narrative.md']);
    expect(fake.fileText(updated, 'figures.json')).toBe('{"v":2}');

    const flow = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected interaction');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'Export', files: [file('figures.json', 'a'), file('narrative.md', 'b')] });
      const followup = await interaction.followUp({
        content: 'Problems',
        files: [file('problems.txt', 'none')],
        flags: MessageFlags.Ephemeral,
      });
      await interaction.editReply({ message: followup.id, files: [file('problems.txt', 'one')] });
      await interaction.editReply({ content: 'Export (renamed)' });
      const kept = (await interaction.fetchReply()).attachments.map((a) => a.name);
      await interaction.editReply({ files: [file('figures.json', 'c')] });
      await interaction.editReply({ content: 'Nothing attached', attachments: [] });
      return kept;
    });
    const handle = fake.interact({ kind: 'command', name: 'data', subcommand: 'export', userId: FAKE_IDS.moderator });
    expect(await flow).toEqual(['figures.json', 'narrative.md']);
    const original = handle.original()!;
    const attachmentsPerWrite = original.writes.map((w) => w.message.attachments.map((a) => a.filename));
    expect(attachmentsPerWrite).toEqual([[], ['figures.json', 'narrative.md'], ['figures.json', 'narrative.md'], ['figures.json'], []]);
    expect(fake.fileText(original.writes[3]!.message, 'figures.json')).toBe('c');
    const [followup] = handle.followups();
    expect(fake.fileText(followup!, 'problems.txt')).toBe('one');
    expect(fake.violations).toEqual([]);
  });

  test('GIVEN uploads past Discord limits THEN 30015, 413 40005, 50035 at the field and ATTACHMENT_NOT_FOUND, and nothing is posted', async () => {
    const count = fake.messages(FAKE_IDS.briefs).length;
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ attachment: Buffer.from(`file ${i}`), name: `f${i}.txt` }));
    await expect(briefs().send({ files: files(11) })).rejects.toMatchObject({
      status: 400,
      code: 30015,
      message: 'Maximum number of attachments in a message reached (10)',
    });
    await expect(briefs().send({ files: [{ attachment: Buffer.alloc(LIMIT + 1), name: 'big.txt' }] })).rejects.toMatchObject({
      status: 413,
      code: 40005,
      message: 'Request entity too large',
    });
    const atLimit = await briefs().send({ files: [{ attachment: Buffer.alloc(LIMIT), name: 'edge.txt' }] });
    expect(fake.message(atLimit.id)?.message.attachments[0]?.size).toBe(LIMIT);
    await expect(
      briefs().send({ files: [{ attachment: Buffer.from('x'), name: 'a.txt', description: 'd'.repeat(1025) }] }),
    ).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { attachments: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    const orphan = rest.post(Routes.channelMessages(FAKE_IDS.briefs), {
      body: { content: 'two listed, one sent', attachments: [{ id: '0' }, { id: '1' }], allowed_mentions: { parse: [] } },
      files: [{ name: 'a.txt', data: Buffer.from('a') }],
    });
    await expect(orphan).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { errors: { attachments: { 1: { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: 'Attachment data not found' }] } } } },
    });
    expect(fake.messages(FAKE_IDS.briefs).length).toBe(count + 1);

    const nine = await briefs().send({ files: files(9) });
    await expect(nine.edit({ files: files(2), attachments: [...nine.attachments.values()] })).rejects.toMatchObject({ code: 30015 });
    await expect(
      rest.patch(Routes.channelMessage(FAKE_IDS.briefs, nine.id), {
        body: { attachments: [{ id: '999' }], allowed_mentions: { parse: [] } },
      }),
    ).rejects.toMatchObject({ code: 50035 });
    const trimmed = await nine.edit({ attachments: [...nine.attachments.values()].slice(0, 2) });
    expect([...trimmed.attachments.values()].map((a) => a.name)).toEqual(['f0.txt', 'f1.txt']);
    expect(fake.fileText(fake.message(nine.id)!, 'f1.txt')).toBe('file 1');

    fake.denyChannel(FAKE_IDS.briefs, 'attach');
    await expect(briefs().send({ files: files(1) })).rejects.toMatchObject({ status: 403, code: 50013 });
    expect((await briefs().send({ content: 'text still goes' })).content).toBe('text still goes');
    fake.setChannelAccess(FAKE_IDS.briefs, { attach: true });
    expect(fake.internalErrors).toEqual([]);
  });
});

describe('fake Discord uploads at the protocol level, default limits', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });

  afterAll(async () => {
    await fake?.close();
  });

  const post = (bytes: number) => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ attachments: [{ id: 0, description: 'report' }], allowed_mentions: { parse: [] } }));
    form.append('files[0]', new Blob([Buffer.alloc(bytes, 'r')]), 'report.txt');
    return fetch(`${fake.apiUrl}/v10/channels/${FAKE_IDS.general}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}` },
      body: form,
    });
  };

  test('GIVEN raw multipart bodies THEN a file of exactly 20 MiB is kept with its description and one byte more is 413 40005', async () => {
    expect(DEFAULT_UPLOAD_LIMIT_BYTES).toBe(20 * 1024 * 1024);
    const over = await post(DEFAULT_UPLOAD_LIMIT_BYTES + 1);
    expect([over.status, await over.json()]).toEqual([413, { code: 40005, message: 'Request entity too large' }]);
    const atLimit = await post(DEFAULT_UPLOAD_LIMIT_BYTES);
    expect(atLimit.status).toBe(200);
    const message = (await atLimit.json()) as { attachments: { filename: string; size: number; description: string }[] };
    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: 'report.txt', size: DEFAULT_UPLOAD_LIMIT_BYTES, description: 'report' }),
    ]);
    expect(fake.requests.at(-1)?.files).toEqual(['report.txt']);
  });
});
