import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../src/charts/chartRenderer';
import { weekMovesChart } from '../../src/charts/figureCharts';
import { composeRecap } from '../../src/recaps/composeRecap';
import { createRecapPoster, type RecapCharts } from '../../src/recaps/createRecapPoster';
import { fitReply } from '../../src/render/fitReply';
import type { Snapshot } from '../../src/facts/snapshot';
import type { Reply, ReplyChart } from '../../src/reply';
import { pngSize } from '../charts/png';
import { loadShippedStore, STALE_AFTER_DAYS, STALE_NOW } from '../commands/fixtures/shippedStore';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';

describe('GIVEN the weekly recap card posted to a channel', () => {
  let snapshot: Snapshot;
  let chart: ReplyChart;
  let fake: FakeDiscord;
  let rest: REST;
  let renderer: ChartRenderer;
  let card: Reply;
  const failures: unknown[] = [];
  const drawn = (): RecapCharts => ({ draw: (charts) => renderer.pngs(charts), failed: (error) => failures.push(error) });

  beforeAll(async () => {
    snapshot = (await loadShippedStore()).latest();
    chart = weekMovesChart(snapshot)!;
    fake = await FakeDiscord.start();
    rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    renderer = createChartRenderer();
    [card] = fitReply(composeRecap(snapshot, STALE_NOW, STALE_AFTER_DAYS)) as [Reply];
  });

  afterAll(async () => {
    await renderer.close();
    await fake.close();
  });

  test('THEN the card carries its chart of the week: a PNG of its stated size, with the values as alt text, shown in the embed', async () => {
    const result = await createRecapPoster(rest, drawn())(FAKE_IDS.briefs, card, 'nonce-chart');
    expect(result.ok).toBe(true);
    const { message } = fake.message(result.ok ? result.messageId : '')!;
    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: chart.name, content_type: 'image/png', description: chart.description }),
    ]);
    expect(message.embeds[0]?.image?.url).toBe(message.attachments[0]?.url);
    expect(pngSize(fake.fileBytes(message, chart.name))).toEqual({ width: chart.width, height: chart.height });
    expect(failures).toEqual([]);
  }, 20_000);

  test('WHEN the bot may not attach files in the channel THEN the card is posted once, without the chart', async () => {
    fake.denyChannel(FAKE_IDS.briefs, 'attach');
    const before = fake.messages(FAKE_IDS.briefs).length;
    const result = await createRecapPoster(rest, drawn())(FAKE_IDS.briefs, card, 'nonce-no-attach');
    expect(result.ok).toBe(true);
    const posted = fake.messages(FAKE_IDS.briefs).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.message.attachments).toEqual([]);
    expect(posted[0]!.message.embeds[0]?.image).toBeUndefined();
    expect(posted[0]!.message.embeds[0]?.title).toBe(card.embeds![0]!.title);
  }, 20_000);

  test('WHEN the chart cannot be drawn THEN the card is posted without it and the failure is reported', async () => {
    const result = await createRecapPoster(rest, {
      draw: () => Promise.reject(new Error('render process exited')),
      failed: (error) => failures.push(error),
    })(FAKE_IDS.briefs, card, 'nonce-no-chart');
    expect(result.ok).toBe(true);
    expect(fake.message(result.ok ? result.messageId : '')!.message.attachments).toEqual([]);
    expect(failures).toEqual([new Error('render process exited')]);
  });
});
