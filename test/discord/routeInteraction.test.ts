import { Client, GatewayIntentBits, SlashCommandBuilder, Events } from 'discord.js';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { pino } from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineCommand, type Caller, type Command, type CommandContext } from '../../src/command';
import { NO_EFFECTS } from '../commands/fixtures/commandContext';
import { FactStore } from '../../src/facts/factStore';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { routeInteraction } from '../../src/discord/routeInteraction';
import type { InteractionMetrics, InteractionOutcome } from '../../src/operations/metrics';
import { syncCommands } from '../../src/discord/syncCommands';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';

/** Commands whose behaviour the router must survive: a throw, a slow answer, a long answer. */
const broken = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('broken')
    .setDescription('Always throws')
    .addStringOption((o) => o.setName('pick').setDescription('Suggestions that throw').setAutocomplete(true)),
  options: z.strictObject({ pick: z.string().optional() }),
  handle: () => {
    throw new Error('disk on fire');
  },
  autocomplete: () => {
    throw new Error('index on fire');
  },
});
/** Suggestions named as a long data name can be: an emoji straddling Discord's 100-character cut. */
const emoji = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('emoji')
    .setDescription('Suggests a long name')
    .addStringOption((o) => o.setName('pick').setDescription('Long suggestions').setAutocomplete(true)),
  options: z.strictObject({ pick: z.string().optional() }),
  handle: () => ({ content: 'ok' }),
  autocomplete: () => [{ name: `${'a'.repeat(99)}😀😀 tail`, value: 'a' }],
});
const slow = defineCommand({
  definition: new SlashCommandBuilder().setName('slow').setDescription('Answers after 2.5 s'),
  options: z.strictObject({}),
  handle: async () => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    return { content: 'finally, @everyone' };
  },
});
const long = defineCommand({
  definition: new SlashCommandBuilder().setName('long').setDescription('Answers with more than one message holds'),
  options: z.strictObject({}),
  handle: () => ({ embeds: Array.from({ length: 14 }, (_, i) => ({ title: `Part ${i + 1}`, description: 'x '.repeat(400) })) }),
});
const ghost = new SlashCommandBuilder().setName('ghost').setDescription('Registered with Discord but retired from the bot').toJSON();

describe('GIVEN the interaction router on a real discord.js client against the fake Discord', () => {
  let fake: FakeDiscord;
  let client: Client;
  const logged: { level: number; msg: string; ref?: string; command?: string; outcome?: string; ms?: number }[] = [];
  const counted: { command: string; outcome: InteractionOutcome | 'autocomplete'; seconds: number; deferred?: boolean }[] = [];
  const metrics: InteractionMetrics = {
    interaction: (command, outcome, seconds, deferred) => void counted.push({ command, outcome, seconds, deferred }),
    autocomplete: (command, seconds) => void counted.push({ command, outcome: 'autocomplete', seconds }),
  };
  const countedFor = (command: string, autocomplete = false) =>
    counted.filter((c) => c.command === command && (c.outcome === 'autocomplete') === autocomplete);
  /** What was counted for `command`, once the router has finished with it (after the member already has the answer). */
  const settled = async (command: string, autocomplete = false) => {
    await fake.waitFor(() => (countedFor(command, autocomplete).length > 0 ? true : undefined), 5000, `metrics for /${command}`);
    return countedFor(command, autocomplete);
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start({ interactionWindowMs: 3000 });
    const loaded = await loadDataDir('data');
    if (!loaded.ok) throw new Error('shipped data must load');
    const store = new FactStore(loaded.value);
    const commands = new Map<string, Command>([
      ['broken', broken],
      ['emoji', emoji],
      ['slow', slow],
      ['long', long],
    ]);
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const context = (caller: Caller): CommandContext => ({
      store,
      now: new Date('2026-11-25T12:00:00Z'),
      staleAfterDays: 7,
      caller,
      services: NO_EFFECTS,
    });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (interaction) => void routeInteraction(interaction, { commands, context, logger, metrics }));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;
    await syncCommands(client.rest, fake.applicationId, [broken.definition, emoji.definition, slow.definition, long.definition, ghost]);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  test('WHEN a handler throws THEN the member gets an ephemeral reference and the same reference is logged', async () => {
    const message = await fake.interact({ kind: 'command', name: 'broken' }).finalMessage();
    expect((message.message.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const ref = /ref ([0-9A-F]{6})/.exec(message.message.content)?.[1];
    expect(ref).toBeDefined();
    expect(logged.some((l) => l.msg === 'interaction failed' && l.ref === ref)).toBe(true);
    expect(message.message.content).not.toContain('disk on fire');
    expect(await settled('broken')).toEqual([expect.objectContaining({ outcome: 'failed', deferred: false })]);
    expect(logged.find((l) => l.msg === 'interaction' && l.command === 'broken')).toMatchObject({ level: 20, outcome: 'failed', ref });
  });

  test('WHEN suggestions fail THEN Discord still gets an (empty) answer instead of "Loading options failed"', async () => {
    const handle = fake.interact({ kind: 'autocomplete', name: 'broken', focused: 'pick', options: { pick: 'x' } });
    const response = await handle.response();
    expect(response.data).toEqual({ choices: [] });
    expect(logged.some((l) => l.msg === 'autocomplete failed' && l.ref !== undefined)).toBe(true);
    expect(await settled('broken', true)).toHaveLength(1);
  });

  test('WHEN a suggestion is longer than Discord allows THEN it is cut to 100 characters between code points, never halving an emoji', async () => {
    const response = await fake.interact({ kind: 'autocomplete', name: 'emoji', focused: 'pick', options: { pick: '' } }).response();
    const [choice] = (response.data as { choices: { name: string }[] }).choices;
    expect(choice?.name).toBe(`${'a'.repeat(99)}…`);
  });

  test('WHEN a handler takes longer than Discord waits THEN the interaction is deferred in time and edited with the answer, pinging nobody', async () => {
    const handle = fake.interact({ kind: 'command', name: 'slow' });
    const message = await handle.finalMessage(8000);
    expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(message.message.content).toBe('finally, @everyone');
    expect(fake.violations).toEqual([]);
    const [slowCount] = await settled('slow');
    expect(slowCount).toMatchObject({ outcome: 'answered', deferred: true });
    expect(slowCount?.seconds).toBeGreaterThanOrEqual(2.4);
    const line = logged.find((l) => l.msg === 'interaction' && l.command === 'slow');
    expect(line).toMatchObject({ level: 20, outcome: 'answered' });
    expect(line?.ms).toBeGreaterThanOrEqual(2400);
  });

  test('WHEN an answer exceeds one message THEN it arrives as a reply and follow-ups, in order, each within limits', async () => {
    const handle = fake.interact({ kind: 'command', name: 'long' });
    const first = await handle.finalMessage();
    await fake.waitFor(() => (handle.followups().length >= 1 ? true : undefined), 5000, 'follow-ups');
    const titles = [first, ...handle.followups()].flatMap((m) => m.message.embeds.map((e) => e.title));
    expect(titles).toEqual(Array.from({ length: 14 }, (_, i) => `Part ${i + 1}`));
  });

  test('WHEN the commands are synced again unchanged THEN nothing is written to Discord', async () => {
    const writesBefore = fake.requests.filter((r) => r.method === 'PUT').length;
    const result = await syncCommands(client.rest, fake.applicationId, [
      broken.definition,
      emoji.definition,
      slow.definition,
      long.definition,
      ghost,
    ]);
    expect(result.changed).toBe(false);
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBe(writesBefore);
    const changed = await syncCommands(client.rest, fake.applicationId, [broken.definition, slow.definition, ghost]);
    expect(changed.changed).toBe(true);
    expect(
      fake
        .commands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['broken', 'ghost', 'slow']);
    await syncCommands(client.rest, fake.applicationId, [broken.definition, emoji.definition, slow.definition, long.definition, ghost]);
  });

  test("WHEN the commands are synced THEN each one's id is the one Discord registered, written or unchanged, for answers to mention it", async () => {
    const registered = new Map(fake.commands().map((c) => [c.name, c.id]));
    const unchanged = await syncCommands(client.rest, fake.applicationId, [
      broken.definition,
      emoji.definition,
      slow.definition,
      long.definition,
      ghost,
    ]);
    expect(unchanged.changed).toBe(false);
    expect(unchanged.ids).toEqual(registered);
    const written = await syncCommands(client.rest, fake.applicationId, [broken.definition, slow.definition]);
    expect(written.changed).toBe(true);
    expect(written.ids).toEqual(new Map([...registered].filter(([name]) => name === 'broken' || name === 'slow')));
    await syncCommands(client.rest, fake.applicationId, [broken.definition, emoji.definition, slow.definition, long.definition, ghost]);
  });

  test('WHEN a registered command is unknown to the bot THEN the member is told so ephemerally', async () => {
    const message = await fake.interact({ kind: 'command', name: 'ghost' }).finalMessage();
    expect(message.message.content).toContain("I don't know /ghost");
    expect((message.message.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(await settled('ghost')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
  });

  test('GIVEN every interaction so far THEN each left exactly one debug line, and none at info', () => {
    const lines = logged.filter((l) => l.msg === 'interaction');
    expect(lines).toHaveLength(counted.filter((c) => c.outcome !== 'autocomplete').length);
    expect(logged.filter((l) => l.level === 30)).toEqual([]);
  });
});
