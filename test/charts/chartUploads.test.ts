import { Client, Events, GatewayIntentBits, SlashCommandBuilder } from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../src/charts/chartRenderer';
import { shortInterestChart, withChart } from '../../src/charts/figureCharts';
import { defineCommand, type Caller, type Command, type CommandContext } from '../../src/command';
import { routeInteraction } from '../../src/discord/routeInteraction';
import { syncCommands } from '../../src/discord/syncCommands';
import type { FactStore } from '../../src/facts/factStore';
import type { ReplyChart } from '../../src/reply';
import { COMMANDS, NO_EFFECTS } from '../commands/fixtures/commandContext';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../fakeDiscord/fakeDiscordOptions';
import { pngSize } from './png';

/** A renderer that answers after `delayMs`, or fails: the router's side of drawing, without the real libraries. */
function scriptedRenderer(real: ChartRenderer, delayMs: number, fails = false): ChartRenderer {
  return {
    ...real,
    async pngs(charts: readonly ReplyChart[]) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (fails) throw new Error('resvg fell over');
      return real.pngs(charts);
    },
  };
}

describe('GIVEN answers with charts posted through the fake Discord', () => {
  let fake: FakeDiscord;
  let client: Client;
  let store: FactStore;
  let renderer: ChartRenderer;
  const logged: { msg: string }[] = [];
  const chartAnswer = (name: string) =>
    defineCommand({
      definition: new SlashCommandBuilder().setName(name).setDescription('Short interest with its chart'),
      options: z.strictObject({}),
      handle: () => withChart({ embeds: [{ title: 'Short interest' }] }, shortInterestChart(store.latest())),
    });

  beforeAll(async () => {
    fake = await FakeDiscord.start({ interactionWindowMs: 3000 });
    store = await loadShippedStore();
    renderer = createChartRenderer({ idleMs: 10_000 });
    const slow = scriptedRenderer(renderer, 2600);
    const failing = scriptedRenderer(renderer, 0, true);
    const shortInterest = COMMANDS.get('short-interest') as Command;
    const commands = new Map<string, Command>([
      ['short-interest', shortInterest],
      ['slow-chart', chartAnswer('slow-chart')],
      ['failed-chart', chartAnswer('failed-chart')],
    ]);
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const context = (caller: Caller): CommandContext => ({
      store,
      now: new Date('2026-11-25T12:00:00Z'),
      staleAfterDays: 7,
      caller,
      services: NO_EFFECTS,
    });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (interaction) => {
      const name = interaction.isChatInputCommand() ? interaction.commandName : '';
      const charts = name === 'slow-chart' ? slow : name === 'failed-chart' ? failing : renderer;
      void routeInteraction(interaction, { commands, context, logger, charts });
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;
    await syncCommands(
      client.rest,
      fake.applicationId,
      [...commands.values()].map((c) => c.definition),
    );
  }, 30_000);

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
    await renderer?.close();
  });

  test('WHEN /short-interest is asked THEN its chart arrives as a real multipart upload: a PNG of its stated size with the values as alt text, shown as the embed’s image', async () => {
    const chart = shortInterestChart(store.latest());
    const handle = fake.interact({ kind: 'command', name: 'short-interest' });
    const { message } = await handle.finalMessage(15_000);
    const upload = fake.requests.find((r) => r.files.includes('short-interest.png'));
    expect(upload?.status).toBeLessThan(300);
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ filename: 'short-interest.png', content_type: 'image/png', description: chart?.description });
    expect(attachment?.size).toBeLessThan(DEFAULT_UPLOAD_LIMIT_BYTES);
    expect(message.embeds[0]?.image?.url).toBe(attachment?.url);
    const png = fake.fileBytes(message, 'short-interest.png');
    expect(pngSize(png)).toEqual({ width: chart?.width, height: chart?.height });
    expect(message.embeds[0]?.title).toBe('Short interest by index');
    expect(fake.violations).toEqual([]);
  }, 20_000);

  test('WHEN a chart takes longer to draw than Discord waits THEN the answer is deferred inside the window and the edit carries the chart', async () => {
    const handle = fake.interact({ kind: 'command', name: 'slow-chart' });
    const { message } = await handle.finalMessage(15_000);
    const response = await handle.response();
    expect(response.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(message.attachments.map((a) => a.filename)).toEqual(['short-interest.png']);
    expect(message.embeds[0]?.image?.url).toBe(message.attachments[0]?.url);
  }, 20_000);

  test('WHEN a chart cannot be drawn THEN the answer still comes, without it, and the failure is logged', async () => {
    const { message } = await fake.interact({ kind: 'command', name: 'failed-chart' }).finalMessage(15_000);
    expect(message.embeds[0]?.title).toBe('Short interest');
    expect(message.attachments).toEqual([]);
    expect(message.embeds[0]?.image).toBeUndefined();
    expect(logged.some((l) => l.msg === 'chart not drawn; answered without it')).toBe(true);
  }, 20_000);
});
