import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import { sampleValue } from '../operations/sampleValue';
import { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { textOf } from './messageText';
import { startBot } from './startBot';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The health server's address, from the line the bot logs once it listens (HEALTH_PORT=0 takes any free port). */
async function healthOf(bot: BotProcess): Promise<(path: string) => Promise<Answer>> {
  const line = await bot.waitForLog((l) => l.msg === 'health server listening');
  expect(line['host']).toBe('127.0.0.1');
  return async (where) => {
    const response = await fetch(`http://127.0.0.1:${String(line['port'])}${where}`);
    return { status: response.status, body: await response.text() };
  };
}

/** A TCP port that accepts connections and never answers: Discord unreachable, without a quick refusal to give up on. */
async function blackHole(): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('GIVEN the bot with a health server against the fake Discord', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let bot: BotProcess;
  let get: (path: string) => Promise<Answer>;

  beforeAll(async () => {
    // Heartbeats every half second, so the heartbeat gauge has a value within the test.
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 500 });
    data = new DataCopy();
    bot = await startBot(fake, data, path.join(data.root, 'state.sqlite'), { HEALTH_PORT: '0', SHUTDOWN_TIMEOUT_MS: '3000' });
    get = await healthOf(bot);
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  const metrics = async () => (await get('/metrics')).body;
  /** Polls /metrics until `series` exceeds `above`: the router counts after the member already has the answer. */
  const countAbove = async (series: string, above: number) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const value = sampleValue(await metrics(), series) ?? 0;
      if (value > above || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  test('WHEN connected with the data loaded THEN /livez and /readyz answer 200', async () => {
    expect(await get('/livez')).toEqual({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
  });

  test('WHEN the shard has heartbeated THEN its round trip is there in seconds, and it is counted ready', async () => {
    const heartbeat = 'briefing_desk_shard_heartbeat_seconds{shard="0"}';
    const deadline = Date.now() + 5_000;
    let text = await metrics();
    while (sampleValue(text, heartbeat) === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await metrics();
    }
    expect(sampleValue(text, heartbeat)).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, heartbeat)).toBeLessThan(1);
    expect(sampleValue(text, 'briefing_desk_shard_ready{shard="0"}')).toBe(1);
  });

  test('WHEN a member runs /levels THEN its answered count goes up by one, with one more latency observation', async () => {
    const answered = 'briefing_desk_interactions_total{command="levels",outcome="answered"}';
    const observed = 'briefing_desk_interaction_duration_seconds_count{command="levels"}';
    const before = await metrics();
    await fake.interact({ kind: 'command', name: 'levels' }).finalMessage();
    expect(await countAbove(answered, sampleValue(before, answered) ?? 0)).toBe((sampleValue(before, answered) ?? 0) + 1);
    const after = await metrics();
    expect(sampleValue(after, observed)).toBe((sampleValue(before, observed) ?? 0) + 1);
    expect(sampleValue(after, 'briefing_desk_shard_ready{shard="0"}')).toBe(1);
    expect(sampleValue(after, 'briefing_desk_snapshot_age_seconds')).toBeGreaterThan(0);
    expect(after).toContain('process_resident_memory_bytes');
  });

  test('WHEN members send hostile option values THEN none reaches /metrics, and every command label is a command name', async () => {
    const marker = `x7f3a${Date.now()}`;
    const hostile = `"} 1\nbriefing_desk_${marker}{a="<script>${marker}`;
    const observed = 'briefing_desk_autocomplete_duration_seconds_count{command="levels"}';
    const before = sampleValue(await metrics(), observed) ?? 0;
    await fake.interact({ kind: 'command', name: 'levels', options: { index: hostile } }).finalMessage();
    await fake.interact({ kind: 'autocomplete', name: 'levels', focused: 'index', options: { index: hostile } }).response();
    expect(await countAbove(observed, before)).toBe(before + 1);
    const text = await metrics();
    expect(text).not.toContain(marker);
    const labels = new Set([...text.matchAll(/command="([^"]*)"/g)].map((m) => m[1]));
    const names = new Set([...fake.commands().map((c) => c.name), 'unknown']);
    expect([...labels].filter((label) => !names.has(label!))).toEqual([]);
  });

  test('WHEN a moderator posts a recap into a channel the bot cannot write to, then one it can THEN one failed and one posted are counted', async () => {
    const asModerator = (subcommand: string, options: Record<string, string> = {}) =>
      fake.interact({ kind: 'command', name: 'recaps', subcommand, options, userId: FAKE_IDS.moderator }).finalMessage();
    const failed = 'briefing_desk_recap_posts_total{outcome="failed"}';
    const posted = 'briefing_desk_recap_posts_total{outcome="posted"}';
    await asModerator('set', { channel: FAKE_IDS.briefs });
    fake.denyChannel(FAKE_IDS.briefs, 'send');
    expect(textOf(await asModerator('post-now'))).toContain('The recap was not posted');
    fake.setChannelAccess(FAKE_IDS.briefs, { view: true, send: true, embed: true });
    expect(textOf(await asModerator('post-now'))).toContain('Posted the recap');
    const text = await metrics();
    expect([sampleValue(text, failed), sampleValue(text, posted)]).toEqual([1, 1]);
    expect(bot.logs.filter((l) => l.msg === 'recap posted' && l.level === 30)).toHaveLength(1);
  });

  test('WHEN Discord answers a recap post with a 500 and then rate limits THEN the retry and the 429s are counted, and the recap still posts', async () => {
    const before = await metrics();
    fake.failNext(new RegExp(`/channels/${FAKE_IDS.briefs}/messages`), 500, 1);
    fake.setRateLimit(1);
    try {
      const answer = await fake
        .interact({ kind: 'command', name: 'recaps', subcommand: 'post-now', userId: FAKE_IDS.moderator })
        .finalMessage(20_000);
      expect(textOf(answer)).toContain('Posted the recap');
    } finally {
      fake.setRateLimit(null);
    }
    const after = await metrics();
    const grew = (series: string) => (sampleValue(after, series) ?? 0) - (sampleValue(before, series) ?? 0);
    expect(grew('briefing_desk_discord_rest_retries_total')).toBeGreaterThanOrEqual(1);
    expect(grew('briefing_desk_discord_rest_429_total')).toBeGreaterThanOrEqual(1);
    expect(grew('briefing_desk_recap_posts_total{outcome="posted"}')).toBe(1);
  });

  test('WHEN the gateway drops and the session cannot resume THEN /readyz answers 503 naming the shard until it is back, then 200', async () => {
    fake.dropConnection(4000, { resumable: false });
    const seen: Answer[] = [];
    const deadline = Date.now() + 20_000;
    for (;;) {
      const answer = await get('/readyz');
      seen.push(answer);
      if (answer.status === 200 && seen.some((a) => a.status === 503)) break;
      if (Date.now() > deadline) throw new Error(`readiness never went down and back: ${JSON.stringify(seen.slice(-5))}`);
    }
    expect(seen.find((a) => a.status === 503)?.body).toMatch(/^not ready: shard 0 is \w+\n$/);
    expect((await get('/livez')).status).toBe(200);
    expect(textOf(await fake.interact({ kind: 'command', name: 'about' }).finalMessage())).toContain('About Briefing Desk');
  });

  test('WHEN SIGTERM arrives with an interaction in flight THEN /readyz answers 503 at once while /livez still answers, and the bot exits 0', async () => {
    const stalled = fake.upload('figures.json', readFileSync(data.figuresPath, 'utf8'), { fault: { kind: 'stall' } });
    void fake.interact({ kind: 'command', name: 'data', subcommand: 'import', options: { file: stalled }, userId: FAKE_IDS.owner });
    await fake.waitFor(() => (fake.cdnFetches.length > 0 ? true : undefined), 10_000, 'the download to start');
    bot.signal('SIGTERM');
    await bot.waitForLog((l) => l.msg === 'shutting down');
    expect(await get('/readyz')).toEqual({ status: 503, body: 'not ready: shutting down\n' });
    expect((await get('/livez')).status).toBe(200);
    expect((await bot.exited).code).toBe(0);
    expect(bot.logs.filter((l) => l.level === 30 && l.msg === 'interaction')).toEqual([]);
  });
});

describe('GIVEN Discord does not answer at all', () => {
  test('THEN /livez answers 200 while /readyz says it is not connected yet', async () => {
    const discord = await blackHole();
    const data = new DataCopy();
    const bot = BotProcess.start({
      DISCORD_TOKEN: 'x'.repeat(70),
      DISCORD_API_URL: `http://127.0.0.1:${discord.port}/api`,
      DATA_DIR: data.dataDir,
      STATE_PATH: path.join(data.root, 'state.sqlite'),
      HEALTH_PORT: '0',
    });
    try {
      const get = await healthOf(bot);
      expect(await get('/livez')).toEqual({ status: 200, body: 'ok\n' });
      // Opening the state database and loading the data come first; then the login waits on Discord, and readiness says so.
      const seen: Answer[] = [];
      while (seen.at(-1)?.body !== 'not ready: not connected to Discord yet\n' && seen.length < 200) {
        seen.push(await get('/readyz'));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(seen.map((a) => a.status)).toEqual(seen.map(() => 503));
      expect(seen.at(-1)?.body).toBe('not ready: not connected to Discord yet\n');
      expect(await get('/livez')).toEqual({ status: 200, body: 'ok\n' });
    } finally {
      await bot.kill();
      discord.close();
      data.remove();
    }
  });
});

describe('GIVEN HEALTH_PORT is already taken', () => {
  test('THEN the bot exits 1 with one line naming HEALTH_PORT, the address and what to do', async () => {
    const other = await blackHole();
    const data = new DataCopy();
    try {
      const bot = BotProcess.start({
        DISCORD_TOKEN: 'x'.repeat(70),
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
        DATA_DIR: data.dataDir,
        STATE_PATH: path.join(data.root, 'state.sqlite'),
        HEALTH_PORT: String(other.port),
      });
      const exit = await bot.exited;
      expect(exit.code).toBe(1);
      expect(bot.output.split('\n').filter((line) => line.length > 0 && !line.startsWith('{'))).toEqual([
        `HEALTH_PORT ${other.port}: 127.0.0.1:${other.port} is already in use by another process; choose another HEALTH_PORT or stop that process`,
      ]);
    } finally {
      other.close();
      data.remove();
    }
  });
});
