import { createServer } from 'node:net';
import { DiscordAPIError, HTTPError, REST, Routes, type APIMessage, type APIUser } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import { ProxyProcess } from './proxyProcess';
import { MAX_BODY_BYTES } from '../../src/proxy/restProxy';

const CHANNEL = FAKE_IDS.general;
const OTHER_TOKEN = 'T3RoZXJCb3RUb2tlbg.other-bot.token-that-is-not-the-proxy-s';

/** One bot process's REST client; each has its own queue and its own idea of the rate limits, as separate processes do. */
function client(api: string, token: string, options: { retries?: number } = {}): REST {
  return new REST({ api, ...options }).setToken(token);
}

function post(rest: REST, content: string): Promise<APIMessage> {
  return rest.post(Routes.channelMessages(CHANNEL), { body: { content, allowed_mentions: { parse: [] } } }) as Promise<APIMessage>;
}

function freeClosedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Fills the fake's global window (2 requests per second) from the first
 * client, leaves its third request held by the resulting 429, and only then
 * sends the second client's request.
 */
async function raceAfterA429(first: REST, second: REST, fake: FakeDiscord) {
  await post(first, 'one');
  await post(first, 'two');
  const third = post(first, 'three');
  const limited = await fake.waitFor(() => fake.requests.find((r) => r.status === 429), 5000, 'the first 429');
  const sentAt = Date.now();
  const fourth = await post(second, 'four');
  const secondWaitedMs = Date.now() - sentAt;
  await third;
  const reached = fake.requests.find((r) => r.method === 'POST' && (r.body as { content?: string }).content === 'four');
  return { limited, secondWaitedMs, fourth, secondReachedAfterMs: reached!.at - limited.at };
}

describe('GIVEN npm run rest-proxy in front of the fake Discord, and two bot processes sending through it', () => {
  let fake: FakeDiscord;
  let proxy: ProxyProcess;
  let proxyUrl: string;
  const clients: REST[] = [];
  const through = (token: string, options?: { retries?: number }) => {
    const rest = client(proxyUrl, token, options);
    clients.push(rest);
    return rest;
  };

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    ({ proxy, url: proxyUrl } = await ProxyProcess.start({ DISCORD_TOKEN: fake.token, REST_PROXY_UPSTREAM_URL: fake.apiUrl }));
  });
  afterEach(() => {
    fake.setRateLimit(null);
    for (const rest of clients.splice(0)) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  });
  afterAll(async () => {
    await proxy?.kill();
    await fake?.close();
  });

  test('THEN it listens on 127.0.0.1, and both processes’ requests reach Discord with their bodies and files and come back with its answers', async () => {
    expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const [first, second] = [through(fake.token), through(fake.token)];
    const me = (await first.get(Routes.user('@me'))) as APIUser;
    const posted = await post(second, 'Russell 2000 closed at 2,521.48');
    await second.post(Routes.channelMessages(CHANNEL), {
      body: { content: 'Problems attached', allowed_mentions: { parse: [] } },
      files: [{ name: 'problems.txt', data: Buffer.from('line 3: "close" is not a number\n') }],
    });

    expect(me.id).toBe(fake.botUser.id);
    expect(posted.content).toBe('Russell 2000 closed at 2,521.48');
    expect(fake.messages(CHANNEL).map((m) => m.message.content)).toContain('Russell 2000 closed at 2,521.48');
    expect(fake.requests.slice(-3).map((r) => `${r.method} ${r.path} ${r.status} [${r.files.join()}]`)).toEqual([
      'GET /users/%40me 200 []',
      `POST /channels/${CHANNEL}/messages 200 []`,
      `POST /channels/${CHANNEL}/messages 200 [problems.txt]`,
    ]);
    expect(fake.requests.at(-1)!.body).toMatchObject({ content: 'Problems attached' });
  });

  test('GIVEN one process’s request is answered 429 THEN the other process’s request waits in the proxy instead of reaching Discord, and every message lands once', async () => {
    fake.setRateLimit(2);
    const before = fake.requests.length;
    const race = await raceAfterA429(through(fake.token), through(fake.token), fake);

    const seen = fake.requests.slice(before);
    expect(seen.filter((r) => r.status === 429)).toHaveLength(1);
    expect(seen.filter((r) => r.status === 200)).toHaveLength(4);
    // The 429 said "retry after 1 s": the second process's request waited for it.
    expect(race.secondReachedAfterMs).toBeGreaterThanOrEqual(900);
    expect(race.secondWaitedMs).toBeGreaterThanOrEqual(500);
    expect(race.fourth.content).toBe('four');
    // The request held by the 429 was sent again with its body, not an empty stream.
    const contents = fake.messages(CHANNEL).map((m) => m.message.content);
    for (const content of ['one', 'two', 'three', 'four']) expect(contents.filter((c) => c === content)).toHaveLength(1);
  });

  test('GIVEN a body past 10 MiB THEN the proxy answers 413 as Discord would, Discord never sees it, and the next request goes through', async () => {
    const before = fake.requests.length;
    const rest = client(proxyUrl, fake.token, { retries: 0 });
    clients.push(rest);
    const error = await rest
      .post(Routes.channelMessages(CHANNEL), {
        body: { content: 'Too big', allowed_mentions: { parse: [] } },
        files: [{ name: 'export.json', data: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20) }],
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(413);
    expect((error as DiscordAPIError).code).toBe(40005);
    expect(fake.requests.length).toBe(before);
    expect(proxy.output).toContain('refused a request body past the limit');
    expect((await post(rest, 'After the refusal')).content).toBe('After the refusal');
  });

  test('GIVEN a request with another bot’s token THEN the proxy refuses it with 401 and Discord never sees it', async () => {
    const before = fake.requests.length;
    const error = await through(OTHER_TOKEN, { retries: 0 })
      .get(Routes.user('@me'))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(401);
    expect(fake.requests.length).toBe(before);
  });

  test('THEN neither token appears in anything the proxy printed, though it logged every request', async () => {
    await through(fake.token).get(Routes.user('@me'));
    await proxy.waitForOutput(/"msg":"proxied"/);
    expect(proxy.output).toContain('"path":"/api/v10/users/%40me"');
    expect(proxy.output).not.toContain(fake.token);
    expect(proxy.output).not.toContain(OTHER_TOKEN);
  });
});

describe('GIVEN the same two bot processes talking to the fake Discord directly, without the proxy', () => {
  test('THEN each learns of the limit from a 429 of its own: the case the proxy exists for', async () => {
    const fake = await FakeDiscord.start({ requestsPerSecond: 2 });
    const [first, second] = [client(fake.apiUrl, fake.token), client(fake.apiUrl, fake.token)];
    try {
      await raceAfterA429(first, second, fake);
      expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
    } finally {
      for (const rest of [first, second]) {
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
      }
      await fake.close();
    }
  });
});

describe('GIVEN the REST proxy running', () => {
  test('GIVEN SIGTERM while a request waits out a rate limit THEN the request is still answered, and the proxy exits 0 and takes no more', async () => {
    const fake = await FakeDiscord.start({ requestsPerSecond: 2 });
    const { proxy, url } = await ProxyProcess.start({ DISCORD_TOKEN: fake.token, REST_PROXY_UPSTREAM_URL: fake.apiUrl });
    const rest = client(url, fake.token, { retries: 0 });
    try {
      await post(rest, 'one');
      await post(rest, 'two');
      const held = post(rest, 'three');
      await fake.waitFor(() => fake.requests.some((r) => r.status === 429), 5000, 'the 429');
      proxy.signal('SIGTERM');

      expect((await held).content).toBe('three');
      expect(await proxy.exited).toEqual({ code: 0, signal: null });
      expect(proxy.output).toContain('"msg":"stopped"');
      await expect(rest.get(Routes.user('@me'))).rejects.toThrow(/ECONNREFUSED|fetch failed/);
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      await proxy.kill();
      await fake.close();
    }
  });

  test('GIVEN Discord cannot be reached THEN the bot gets 502 Bad Gateway, never an empty success', async () => {
    const closedPort = await freeClosedPort();
    const { proxy, url } = await ProxyProcess.start({
      DISCORD_TOKEN: 'x'.repeat(70),
      REST_PROXY_UPSTREAM_URL: `http://127.0.0.1:${closedPort}/api`,
    });
    const rest = client(url, 'x'.repeat(70), { retries: 0 });
    try {
      const error = await rest.get(Routes.user('@me')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HTTPError);
      expect((error as HTTPError).status).toBe(502);
      expect(proxy.output).toContain('upstream request failed');
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      await proxy.kill();
    }
  });

  test('GIVEN no DISCORD_TOKEN THEN it refuses to start with one line saying why', async () => {
    const proxy = await ProxyProcess.start({}, 10_000).catch((e: unknown) => e);
    expect(String(proxy)).toContain('Configuration problem: DISCORD_TOKEN: the REST proxy needs the bot token');
  });
});
