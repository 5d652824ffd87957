import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { REST, Routes } from 'discord.js';
import { allCommands } from '../commands/index';
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
const ROUNDS = 7;
const START_TIMEOUT_MS = 30_000;
/**
 * How long both bots sit idle before their settled memory is read. V8's
 * memory reducer collects a process that stopped allocating after about
 * 20–25 s here; what is resident then is what the bot holds, not how much
 * garbage the collector happened to leave at the moment of reading.
 */
const SETTLE_MS = 40_000;

/** Issue 11's goals, as the real bot's figure over the plain bot's. */
const GOALS = { rss: 1.15, p50: 1.2, burst: 1.2, ready: 1.3 } as const;

interface Footprint {
  /** Spawn to the client's ready event. */
  readonly readyMs: number;
  /** Median time from dispatching a /levels to its callback arriving, one at a time. */
  readonly p50Ms: number;
  /** Resident set size right after the warm-up and the sequential interactions. */
  readonly rssMb: number;
  /** Resident set size after both bots then sat idle for SETTLE_MS. */
  readonly settledRssMb: number;
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

/** Sends /levels as a member would, checks what came back is `expected` when given, and times it. */
async function levels(fake: FakeDiscord, expected: unknown): Promise<{ body: unknown; ms: number }> {
  const start = performance.now();
  const accepted = await fake.interact(LEVELS).response();
  const ms = performance.now() - start;
  const body = { type: accepted.type, data: accepted.data };
  if (expected !== undefined && !isDeepStrictEqual(body, expected)) throw new Error('a bot answered /levels with a different body');
  return { body, ms };
}

/** Stops a bot and waits until the fake has no live session left, so the next bot's interactions cannot go to it. */
async function stop(fake: FakeDiscord, bot: BotChild): Promise<void> {
  await bot.stop();
  await fake.waitFor(() => fake.sessions().every((s) => !s.live), 10_000, 'the gateway session to close');
}

/** Node's arguments as `npm start` gives them (V8 flags included), read from package.json so the bench runs what operators run. */
function npmStartArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = manifest.scripts.start.split(/\s+/);
  if (program !== 'node') throw new Error(`npm start runs "${manifest.scripts.start}", not node: the bench cannot start it the same way`);
  return args;
}

function startRealBot(fake: FakeDiscord, statePath: string): BotChild {
  return new BotChild(
    npmStartArgs(),
    botEnv({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(ROOT, 'data'), STATE_PATH: statePath }),
  );
}

/** What the real bot answered /levels with: the callback's body, and the files uploaded with it (the chart), written to `dir`. */
interface FirstAnswer {
  readonly body: unknown;
  readonly files: readonly string[];
}

/** The real bot once, unmeasured: it seeds its state database, registers its commands and gives the body and files the plain bot sends. */
async function firstAnswer(fake: FakeDiscord, statePath: string, dir: string): Promise<FirstAnswer> {
  const bot = startRealBot(fake, statePath);
  try {
    await bot.msUntil('"msg":"slash commands');
    // The first answer may wait for its chart to be drawn (and so be deferred); the second finds it drawn, as the measured ones do.
    await fake.interact(LEVELS).finalMessage();
    const handle = fake.interact(LEVELS);
    const accepted = await handle.response();
    const { message } = await handle.finalMessage();
    const files = message.attachments.map((a) => {
      const path = join(dir, a.filename);
      writeFileSync(path, fake.fileBytes(message, a.filename));
      return path;
    });
    return { body: { type: accepted.type, data: accepted.data }, files };
  } finally {
    await stop(fake, bot);
  }
}

/** One side of the comparison: its own fake Discord, the bot on it, and what it was measured at. */
interface Side {
  readonly fake: FakeDiscord;
  readonly start: () => BotChild;
  /** The stderr text that says the bot is connected. */
  readonly ready: string;
  /** The stderr text after which it can answer (the real bot syncs its commands after connecting). */
  readonly answering: string;
  readonly runs: Footprint[];
}

/**
 * One round: both bots start at once, then answer /levels turn about (one of
 * each, alternately first), then each takes a burst alone. Side by side, a
 * busy moment on a shared machine slows both alike, and the ratios hold.
 */
async function round(sides: readonly [Side, Side], body: unknown, flip: boolean): Promise<void> {
  const order = flip ? ([sides[1], sides[0]] as const) : sides;
  const bots = order.map((side) => side.start());
  try {
    const readyMs = await Promise.all(order.map((side, i) => bots[i]!.msUntil(side.ready)));
    await Promise.all(order.map((side, i) => bots[i]!.msUntil(side.answering)));
    const times: number[][] = [[], []];
    for (let i = 0; i < WARMUP + INTERACTIONS; i++) {
      for (const [j, side] of order.entries()) {
        const { ms } = await levels(side.fake, body);
        if (i >= WARMUP) times[j]!.push(ms);
      }
    }
    const rssMb = bots.map((bot) => bot.rssMb());
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settledRssMb = bots.map((bot) => bot.rssMb());
    const burstMs: number[] = [];
    for (const side of order) {
      const start = performance.now();
      await Promise.all(Array.from({ length: INTERACTIONS }, () => levels(side.fake, body)));
      burstMs.push(performance.now() - start);
    }
    for (const [j, side] of order.entries()) {
      side.runs.push({
        readyMs: readyMs[j]!,
        p50Ms: median(times[j]!),
        rssMb: rssMb[j]!,
        settledRssMb: settledRssMb[j]!,
        burstMs: burstMs[j]!,
        rssAfterBurstMb: bots[j]!.rssMb(),
      });
    }
  } finally {
    await Promise.all(order.map((side, i) => stop(side.fake, bots[i]!)));
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
 * discord.js bot that sends the same /levels body and files, each on a fake Discord of
 * its own, side by side in ROUNDS rounds. A first, unmeasured run of the real
 * bot seeds its state database (so the measured starts are restarts) and
 * captures the body.
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
  const fakes = [await FakeDiscord.start(), await FakeDiscord.start()] as const;
  try {
    const [realFake, plainFake] = fakes;
    const statePath = join(work, 'state.sqlite');
    const { body, files } = await firstAnswer(realFake, statePath, work);
    const bodyFile = join(work, 'levels-body.json');
    writeFileSync(bodyFile, JSON.stringify(body));
    // The plain bot registers nothing; the fake dispatches only registered commands, so the bench registers them for it.
    await new REST({ api: plainFake.apiUrl })
      .setToken(plainFake.token)
      .put(Routes.applicationCommands(plainFake.applicationId), { body: allCommands().map((c) => c.definition) });
    const real: Side = {
      fake: realFake,
      start: () => startRealBot(realFake, statePath),
      ready: '"msg":"connected to Discord"',
      answering: '"msg":"slash commands',
      runs: [],
    };
    const plain: Side = {
      fake: plainFake,
      start: () => new BotChild([PLAIN_BOT, plainFake.apiUrl, plainFake.token, bodyFile, ...files], botEnv({})),
      ready: 'ready',
      answering: 'ready',
      runs: [],
    };
    for (let i = 0; i < ROUNDS; i++) await round([real, plain], body, i % 2 === 1);
    const of = (side: Side, key: keyof Footprint) => median(side.runs.map((r) => r[key]));
    const after = `; after the burst: bot ${of(real, 'rssAfterBurstMb').toFixed(1)} MB, plain ${of(plain, 'rssAfterBurstMb').toFixed(1)} MB`;
    return [
      row(
        `resident memory ${SETTLE_MS / 1000} s after ${WARMUP + INTERACTIONS} /levels (settled)`,
        of(real, 'settledRssMb'),
        of(plain, 'settledRssMb'),
        GOALS.rss,
        'MB',
      ),
      {
        // Not held to the goal: read at one instant, it counts whatever garbage each collector has left by then (see SETTLE_MS).
        section: 'footprint',
        name: `resident memory right after ${WARMUP + INTERACTIONS} /levels`,
        note: `${(of(real, 'rssMb') / of(plain, 'rssMb')).toFixed(2)}×, not a goal: bot ${of(real, 'rssMb').toFixed(1)} MB, plain ${of(plain, 'rssMb').toFixed(1)} MB${after}`,
      },
      row('p50 /levels latency', of(real, 'p50Ms'), of(plain, 'p50Ms'), GOALS.p50, 'ms'),
      row(`burst of ${INTERACTIONS} /levels`, of(real, 'burstMs'), of(plain, 'burstMs'), GOALS.burst, 'ms'),
      row('start to ready', of(real, 'readyMs'), of(plain, 'readyMs'), GOALS.ready, 'ms'),
    ];
  } finally {
    await Promise.all(fakes.map((fake) => fake.close()));
    rmSync(work, { recursive: true, force: true });
  }
}
