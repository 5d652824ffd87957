import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  InteractionType,
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
const UNAVAILABLE = 'This content is no longer available.';

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

describe('fake Discord: files on slash commands, the CDN, and files the bot uploads', () => {
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
  const fetchesOf = (id: string) => fake.cdnFetches.filter((f) => f.attachmentId === id);

  test('GIVEN /data import with an attached article THEN the bot gets the file as Discord sends it and downloads it once, inside the interaction', async () => {
    const article = 'Russell 2000 closed at 2,521.48, up 1.2% [1]\n';
    const upload = fake.upload('article.txt', article);
    const narrative = fake.upload('narrative.bin', Buffer.from([0xff, 0xfe, 0x00]));
    const received = nextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected ${interaction.type}`);
      const file = interaction.options.getAttachment('file', true);
      const text = await (await fetch(file.url)).text();
      await interaction.reply({ content: `Read ${text.length} characters`, flags: MessageFlags.Ephemeral });
      const second = interaction.options.getAttachment('narrative', true);
      return {
        file: { name: file.name, size: file.size, contentType: file.contentType, ephemeral: file.ephemeral, text },
        narrative: { name: second.name, size: second.size, contentType: second.contentType },
      };
    });
    const sentAt = Date.now();
    const handle = fake.interact({ kind: 'command', name: 'data', subcommand: 'import', options: { file: upload, narrative } });
    expect(await received).toEqual({
      file: {
        name: 'article.txt',
        size: Buffer.byteLength(article),
        contentType: 'text/plain; charset=utf-8',
        ephemeral: true,
        text: article,
      },
      narrative: { name: 'narrative.bin', size: 3, contentType: null },
    });

    const { payload } = handle;
    if (payload.type !== InteractionType.ApplicationCommand || payload.data.type !== ApplicationCommandType.ChatInput) {
      throw new Error('not a slash command');
    }
    expect(payload.attachment_size_limit).toBe(LIMIT);
    expect(Object.keys(payload.data.resolved?.attachments ?? {}).sort()).toEqual([upload.id, narrative.id].sort());
    expect(payload.data).toMatchObject({
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'import',
          options: [
            { type: 11, name: 'file', value: upload.id },
            { type: 11, name: 'narrative', value: narrative.id },
          ],
        },
      ],
      resolved: {
        attachments: {
          [upload.id]: {
            id: upload.id,
            filename: 'article.txt',
            size: Buffer.byteLength(article),
            url: expect.stringMatching(SIGNED_URL(`ephemeral-attachments/${fake.applicationId}`, upload.id, 'article.txt')),
            proxy_url: upload.url,
            content_type: 'text/plain; charset=utf-8',
            ephemeral: true,
          },
        },
      },
    });
    const accepted = await handle.response();
    expect(fetchesOf(upload.id)).toEqual([expect.objectContaining({ method: 'GET', status: 200, outcome: 'served' })]);
    expect(fetchesOf(narrative.id)).toEqual([]);
    const [download] = fetchesOf(upload.id);
    expect(download!.at).toBeGreaterThanOrEqual(sentAt);
    expect(download!.at).toBeLessThanOrEqual(accepted.at);
  });

  test('GIVEN an attachment option WHEN a test passes anything but an upload, or a file over the limit THEN the fake refuses as the client would', () => {
    expect(() => fake.interact({ kind: 'command', name: 'data', subcommand: 'import', options: { file: 'article.txt' } })).toThrow(
      /option file takes a file from fake.upload/,
    );
    expect(() => fake.interact({ kind: 'command', name: 'data', subcommand: 'import', options: { 'as-of': '2025-12-05' } })).toThrow(
      /required option\(s\) file missing/,
    );
    expect(() => fake.upload('huge.txt', Buffer.alloc(LIMIT + 1))).toThrow(/refuses files over 262144/);
  });

  test('GIVEN a signed URL THEN it works until its expiry, at once after expire(), and never with its signature altered or stripped', async () => {
    const before = Date.now();
    const lasting = fake.upload('figures.json', '{"asOf":"2025-12-05"}');
    const ex = Number.parseInt(new URL(lasting.url).searchParams.get('ex') ?? '', 16) * 1000;
    expect(ex - before).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
    expect(ex - before).toBeLessThanOrEqual(5 * 60_000 + 2000);
    expect(lasting.attachment.content_type).toBe('application/json; charset=utf-8');

    const short = fake.upload('narrative.md', '# Week in review', { lifetimeMs: 300 });
    const fresh = await fetch(short.url);
    expect([fresh.status, await fresh.text(), fresh.headers.get('content-type')]).toEqual([
      200,
      '# Week in review',
      'text/markdown; charset=utf-8',
    ]);
    await delay(350);
    const late = await fetch(short.url);
    expect([late.status, await late.text()]).toEqual([404, UNAVAILABLE]);

    expect((await fetch(lasting.url)).status).toBe(200);
    const laterEx = (Math.floor(Date.now() / 1000) + 86_400).toString(16);
    const tampered = lasting.url.replace(/ex=[0-9a-f]+/, `ex=${laterEx}`);
    expect((await fetch(tampered)).status).toBe(404);
    expect((await fetch(lasting.url.split('?')[0]!)).status).toBe(404);
    lasting.expire();
    const expired = await fetch(lasting.url);
    expect([expired.status, await expired.text()]).toEqual([404, UNAVAILABLE]);

    expect(fetchesOf(short.id).map((f) => f.outcome)).toEqual(['served', 'expired']);
    expect(fetchesOf(lasting.id).map((f) => f.outcome)).toEqual(['served', 'bad-signature', 'bad-signature', 'expired']);
  });

  test('GIVEN faults on uploads THEN one stalls after part of its body, one runs past its declared size, one is gone', async () => {
    const stalled = fake.upload('slow.txt', 'x'.repeat(10_000), { fault: { kind: 'stall', afterBytes: 1000 } });
    const slow = await fetch(stalled.url, { signal: AbortSignal.timeout(400) });
    expect(slow.headers.get('content-length')).toBe('10000');
    const reader = slow.body!.getReader();
    let received = 0;
    const started = Date.now();
    await expect(
      (async () => {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) return;
          received += chunk.value.length;
        }
      })(),
    ).rejects.toThrow(/abort|timeout/i);
    expect(received).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);

    const long = fake.upload('article.txt', Buffer.alloc(LIMIT * 2, 'a'), { fault: { kind: 'longerThanDeclared', declaredSize: 100 } });
    expect(long.attachment.size).toBe(100);
    const body = await fetch(long.url);
    expect(body.headers.get('content-length')).toBeNull();
    expect((await body.arrayBuffer()).byteLength).toBe(LIMIT * 2);
    expect((await fetch(long.url, { method: 'HEAD' })).headers.get('content-length')).toBeNull();

    const gone = fake.upload('article.txt', 'text', { fault: { kind: 'notFound' } });
    const missing = await fetch(gone.url);
    expect([missing.status, await missing.text()]).toEqual([404, UNAVAILABLE]);
    expect([stalled, long, gone].map((u) => fetchesOf(u.id).map((f) => f.outcome))).toEqual([
      ['stalled'],
      ['longer-than-declared', 'served'],
      ['not-found-fault'],
    ]);
  });

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

describe('fake Discord CDN and uploads at the protocol level, default limits', () => {
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

  test('GIVEN requests to the CDN for no kept file, or with another method THEN 404 and 405, each recorded', async () => {
    const unknown = await fetch(`${fake.cdnUrl}/attachments/1/2/nothing.txt?ex=0&is=0&hm=${'0'.repeat(64)}`);
    expect([unknown.status, await unknown.text()]).toEqual([404, UNAVAILABLE]);
    const upload = fake.upload('article.txt', 'text');
    expect((await fetch(upload.url, { method: 'DELETE' })).status).toBe(405);
    const head = await fetch(upload.url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '4']);
    expect(fake.cdnFetches.map((f) => [f.method, f.status, f.outcome])).toEqual([
      ['GET', 404, 'unknown'],
      ['DELETE', 405, 'unknown'],
      ['HEAD', 200, 'served'],
    ]);
  });
});
