import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { CONFIG_VARIABLES } from '../src/config';
import { FakeDiscord, type InteractionSpec } from '../test/fakeDiscord/FakeDiscord';
import type { BenchRow } from './run';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the plain bot is compiled to: inside node_modules, so it resolves discord.js as the real bot does. */
const PLAIN_BOT = join(ROOT, 'node_modules', '.cache', 'briefing-desk-bench', 'plainBot.mjs');
const LEVELS: InteractionSpec = { kind: 'command', name: 'levels' };
const INTERACTIONS = 300;
const WARMUP = 20;
/** Each bot runs this many times, alternating, and each figure is the median of its runs: the machine is shared. */
const ROUNDS = 3;
const START_TIMEOUT_MS = 30_000;

/** Issue 11's goals, as the real bot's figure over the plain bot's. */
const GOALS = { rss: 1.15, p50: 1.2, burst: 1.2, ready: 1.3 } as const;

interface Footprint {
  /** Spawn to the client's ready event. */
  readonly readyMs: number;
  /** Median time from dispatching a /levels to its callback arriving, one at a time. */
  readonly p50Ms: number;
  /** Resident set size after the warm-up and the sequential interactions. */
  readonly rssMb: number;
  /** INTERACTIONS dispatched at once, until the last callback arrived. */
  readonly burstMs: number;
  readonly rssAfterBurstMb: number;
}

/** A bot process whose stderr lines are watched for the one that says it is ready. */
class BotChild {
  readonly #child: ChildProcess;
  readonly #startedAt = performance.now();
  readonly #lines: { readonly text: string; readonly at: number }[] = [];
  #wake: () => void = () => undefined;
  output = '';

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.#child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      const at = performance.now();
      const text = chunk.toString('utf8');
      this.output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.#lines.push({ text: line, at });
      this.#wake();
    });
    this.#child.on('exit', () => this.#wake());
  }

  /** Milliseconds from spawn to the first stderr line containing `text`. */
  async msUntil(text: string): Promise<number> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const line = this.#lines.find((l) => l.text.includes(text));
      if (line !== undefined) return line.at - this.#startedAt;
      if (this.#child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no "${text}" from the bot (exit ${String(this.#child.exitCode)}):\n${this.output.slice(-2000)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resident set size in MB, from /proc (Linux). */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.#child.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb === undefined) throw new Error('no VmRSS in /proc/<pid>/status');
    return Number(kb) / 1024;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The bot's own settings only: the parent's must not leak in. */
function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of CONFIG_VARIABLES) delete env[key];
  return { ...env, ...extra };
}

/** Sends /levels as a member would, and checks what came back is `expected` when given. */
async function levels(fake: FakeDiscord, expected: unknown): Promise<{ type: number; data: unknown }> {
  const accepted = await fake.interact(LEVELS).response();
  const body = { type: accepted.type, data: accepted.data };
  if (expected !== undefined && !isDeepStrictEqual(body, expected)) throw new Error('a bot answered /levels with a different body');
  return body;
}

/** Warm-up, INTERACTIONS one at a time, then INTERACTIONS at once. */
async function drive(fake: FakeDiscord, bot: BotChild, expected: unknown): Promise<Omit<Footprint, 'readyMs'>> {
  for (let i = 0; i < WARMUP; i++) await levels(fake, expected);
  const times: number[] = [];
  for (let i = 0; i < INTERACTIONS; i++) {
    const start = performance.now();
    await levels(fake, expected);
    times.push(performance.now() - start);
  }
  const rssMb = bot.rssMb();
  const start = performance.now();
  await Promise.all(Array.from({ length: INTERACTIONS }, () => levels(fake, expected)));
  const burstMs = performance.now() - start;
  return { p50Ms: median(times), rssMb, burstMs, rssAfterBurstMb: bot.rssMb() };
}

/** Stops a bot and waits until the fake has no live session left, so the next bot's interactions cannot go to it. */
async function stop(fake: FakeDiscord, bot: BotChild): Promise<void> {
  await bot.stop();
  await fake.waitFor(() => fake.sessions().every((s) => !s.live), 10_000, 'the gateway session to close');
}

async function runRealBot(fake: FakeDiscord, statePath: string, expected: unknown): Promise<Footprint & { body: unknown }> {
  const bot = new BotChild(
    ['scripts/start.mjs', 'main'],
    botEnv({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(ROOT, 'data'), STATE_PATH: statePath }),
  );
  try {
    const readyMs = await bot.msUntil('"msg":"connected to Discord"');
    await bot.msUntil('"msg":"slash commands');
    const body = await levels(fake, expected);
    return { readyMs, ...(await drive(fake, bot, body)), body };
  } finally {
    await stop(fake, bot);
  }
}

async function runPlainBot(fake: FakeDiscord, bodyFile: string, expected: unknown): Promise<Footprint> {
  const bot = new BotChild([PLAIN_BOT, fake.apiUrl, fake.token, bodyFile], botEnv({}));
  try {
    const readyMs = await bot.msUntil('ready');
    return { readyMs, ...(await drive(fake, bot, expected)) };
  } finally {
    await stop(fake, bot);
  }
}

function row(name: string, real: number, plain: number, goal: number, unit: 'ms' | 'MB', note = ''): BenchRow {
  const ratio = real / plain;
  const figure = (value: number) => `${value.toFixed(unit === 'MB' ? 1 : 2)} ${unit}`;
  return {
    section: 'footprint',
    name,
    ...(unit === 'ms' && { ms: real }),
    ratio: { value: ratio, goal },
    note: `bot ${figure(real)}, plain ${figure(plain)}${note}`,
  };
}

/**
 * Issue 11's footprint goals: the real bot, compiled and started as `npm start`
 * starts it (state database, published data, command sync), against a plain
 * discord.js bot that sends the same /levels body, both on the fake Discord.
 * A first, unmeasured run of the real bot seeds its state database, registers
 * the commands the fake needs to dispatch /levels, and captures the body.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  await build({
    entryPoints: [join(ROOT, 'bench', 'plainBot.ts')],
    outfile: PLAIN_BOT,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    logLevel: 'warning',
  });
  const work = mkdtempSync(join(tmpdir(), 'briefing-desk-footprint-'));
  const fake = await FakeDiscord.start();
  try {
    const statePath = join(work, 'state.sqlite');
    const { body } = await runRealBot(fake, statePath, undefined);
    const bodyFile = join(work, 'levels-body.json');
    writeFileSync(bodyFile, JSON.stringify(body));
    const real: Footprint[] = [];
    const plain: Footprint[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      real.push(await runRealBot(fake, statePath, body));
      plain.push(await runPlainBot(fake, bodyFile, body));
    }
    const of = (runs: readonly Footprint[], key: keyof Footprint) => median(runs.map((r) => r[key]));
    const after = `; after the burst: bot ${of(real, 'rssAfterBurstMb').toFixed(1)} MB, plain ${of(plain, 'rssAfterBurstMb').toFixed(1)} MB`;
    return [
      row(`resident memory after ${WARMUP + INTERACTIONS} /levels`, of(real, 'rssMb'), of(plain, 'rssMb'), GOALS.rss, 'MB', after),
      row('p50 /levels latency', of(real, 'p50Ms'), of(plain, 'p50Ms'), GOALS.p50, 'ms'),
      row(`burst of ${INTERACTIONS} /levels`, of(real, 'burstMs'), of(plain, 'burstMs'), GOALS.burst, 'ms'),
      row('start to ready', of(real, 'readyMs'), of(plain, 'readyMs'), GOALS.ready, 'ms'),
    ];
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}
