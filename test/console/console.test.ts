import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Command } from '../../src/command';
import { CONFIG_VARIABLES } from '../../src/config';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { COMMANDS, memberContext } from '../commands/fixtures/commandContext';
import { everywhere, hostileStore } from '../commands/fixtures/hostileSnapshot';
import { copyShippedData, dropCommaAfterAsOf, removeDataDir, SNAPSHOT } from '../commands/fixtures/tempDataDir';
import { pipedConsole } from './fixtures/pipedConsole';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const stateDirs: string[] = [];
afterAll(() => {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** The operator's environment without any of the bot's settings, and a state file of its own: each run starts as a fresh clone does. */
function consoleEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  const dir = mkdtempSync(join(tmpdir(), 'briefing-desk-console-'));
  stateDirs.push(dir);
  return { ...env, STATE_PATH: join(dir, 'state.sqlite') };
}

/** `tsx src/main.ts` without a token, its stdin piped from `input`, as an operator would try the bot. */
function runBot(input: string, env: Record<string, string> = {}): Promise<Run> {
  const childEnv = consoleEnv();
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...childEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The bot's console with its output read only up to the first chunk, as `… | npm start | head -1` reads it. */
function runBotReadingOneChunk(input: string): Promise<Run> {
  const childEnv = consoleEnv();
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
      stdout = chunk;
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

describe('the console, piped through a child process', () => {
  let brokenDir: string;
  let briefings: Run;
  let mistakes: Run;
  let badEnv: Run;
  let brokenData: Run;
  let brokenLine: number;
  let moderation: Run;

  // Five processes at once: each start costs about a second, and they do not share anything.
  beforeAll(async () => {
    brokenDir = await copyShippedData();
    brokenLine = await dropCommaAfterAsOf(brokenDir);
    [briefings, mistakes, badEnv, brokenData, moderation] = await Promise.all([
      runBot('/levels\n/short-interest\n/valuation\n/outlook\n'),
      runBot('/help\n/nope\n/levels index:foo\n/levels extra\n/levels bogus:1\n/levels index:"s&p 500\n/sources number:3\n'),
      runBot('/levels\n', { STALE_AFTER_DAYS: 'abc' }),
      runBot('/levels\n', { DATA_DIR: brokenDir }),
      runBot(
        [
          '/data import file:test/fixtures/article-2025-12-07.txt as-of:2025-12-14',
          '1',
          '/levels date:2025-12-14',
          '/data export date:2025-12-14',
          '/data history date:2025-12-14',
        ].join('\n'),
      ),
    ]);
  });

  afterAll(async () => {
    await removeDataDir(brokenDir);
  });

  test('GIVEN four commands piped in THEN it answers each, then exits 0 when the input ends', () => {
    expect(briefings.code).toBe(0);
    const out = briefings.stdout;
    const titles = [
      'Russell 2000: levels',
      'Short interest by index',
      'Valuation: small caps against large caps',
      'Outlook: the scenarios analysts sketch',
    ];
    for (const title of titles) expect(out).toContain(title);
    const order = titles.map((t) => out.indexOf(t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('GIVEN the answers THEN they carry the key figures, each answer dated 7 Dec 2025 and cited', () => {
    const out = briefings.stdout;
    for (const figure of [
      '**Russell 2000 2,521.48** · −0.4% day · about +0.8% week · as of 5 Dec 2025 [3]',
      '**around 2,540** (all-time high) · Oct 2025 [4]',
      '4 Dec 2025 [11]',
    ])
      expect(out).toContain(figure);
    for (const figure of ['Russell 2000 around 5.5%', 'Nasdaq-100 about 2.5%', 'S&P 500 2.4%', '**seven-year high**'])
      expect(out).toContain(figure);
    for (const figure of ['**about 30%** vs Russell Top 200', 'near 23x forward P/E']) expect(out).toContain(figure);
    for (const scenario of [
      'Gradual outperformance, Fed-supported soft landing',
      'Small-cap catch-up and short squeeze',
      'Growth scare and funding stress',
    ])
      expect(out).toContain(scenario);
    expect(out.match(/^⚠️ Data of 7 Dec 2025, [^\n]* old: not today's market\.$/gm)).toHaveLength(4);
    expect(out).toContain('Sources: [3] apnews.com · [4] www.investrade.com');
    expect(out).toContain('Sources: [16] blockchain.news · [31] blockchain.news');
    expect(out).toContain('Sources: [35] www.reuters.com · [36] www.ainvest.com · [37] www.marketwatch.com · Not investment advice');
  });

  test('GIVEN no DISCORD_TOKEN THEN stderr holds only the one-line notice that the console is starting', () => {
    expect(lines(briefings.stderr)).toEqual([
      'No DISCORD_TOKEN set: starting the local console (type /help; the same commands as in Discord).',
    ]);
  });

  test('GIVEN /help THEN it lists every command, and each /recaps and /data subcommand on its own line', () => {
    const out = mistakes.stdout;
    for (const name of COMMANDS.keys()) expect(out).toContain(`  /${name}`);
    expect(out).toContain('  /levels [index:…] [date:…]');
    expect(out).toContain('  /recaps set channel:… [days:…] [time:…] [timezone:…]');
    expect(out).toContain('  /data reload\n');
    expect(out).not.toContain('[reload:…]');
  });

  test('GIVEN an unknown command, a bad option, a stray word, an unknown option and an open quote THEN each gets one clear line and the console carries on', () => {
    const out = mistakes.stdout;
    expect(mistakes.code).toBe(0);
    expect(out).toContain('✗ Unknown command /nope. Try /help.');
    expect(out).toContain('I don\'t know an index called "foo". Levels is available for: Russell 2000 (rut, r2k, russell)');
    expect(out).toContain('✗ Unexpected "extra" after /levels. Write options as name:value.');
    expect(out).toContain('✗ /levels has no option "bogus". Its options: index, date.');
    expect(out).toContain('✗ unclosed " quote');
    expect(out).toContain('Source [3]: apnews.com');
    expect(out.indexOf('Source [3]: apnews.com')).toBeGreaterThan(out.indexOf('✗ unclosed " quote'));
    expect(out).not.toMatch(/undefined|NaN|\[object Object\]/);
  });

  test('GIVEN a reader that stops after the first chunk, as head -1 does THEN the console ends quietly with status 0', async () => {
    const run = await runBotReadingOneChunk('/levels\n'.repeat(200));
    expect(run.stdout).toContain('Russell 2000: levels');
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toEqual(['No DISCORD_TOKEN set: starting the local console (type /help; the same commands as in Discord).']);
  });

  test('GIVEN STALE_AFTER_DAYS=abc THEN it exits non-zero with one line naming the variable and the problem', () => {
    expect(badEnv.code).not.toBe(0);
    expect(lines(badEnv.stderr)).toEqual(['Configuration problem: STALE_AFTER_DAYS: expected a whole number']);
    expect(badEnv.stdout).toBe('');
  });

  test('GIVEN an article imported by path, then choice 1 THEN the draft is published as the operator: /levels answers from it and its export is saved', () => {
    const out = moderation.stdout;
    expect(moderation.code).toBe(0);
    expect(out).toContain('Draft of 2025-12-14 from article-2025-12-07.txt: ready to publish');
    expect(out).toContain('[1] Publish  [2] Download draft  [3] Discard');
    expect(out).toContain('Published: 2025-12-14 is now served as v1');
    expect(out).toMatch(/\*\*Russell 2000 2,521\.48\*\*[^\n]*\n⚠️ Data of 14 Dec 2025/);
    const saved = /^\s*(\S+\/figures\.json)$/m.exec(out)?.[1];
    expect(saved).toBeDefined();
    expect(JSON.parse(readFileSync(saved!, 'utf8'))).toMatchObject({ asOf: '2025-12-14' });
    expect(out).toMatch(/v1 \(in service\)\*\* · imported by `console`/);
  });

  test('GIVEN a DATA_DIR whose figures.json lost a comma THEN it exits non-zero naming the file, line and column', () => {
    expect(brokenData.code).not.toBe(0);
    const [head, ...problems] = lines(brokenData.stderr);
    expect(head).toBe(`The data in ${brokenDir} has 1 problem(s):`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`${SNAPSHOT}/figures\\.json line ${brokenLine}, column \\d+: `));
    expect(brokenData.stdout).toBe('');
  });
});

describe('the console, in process', () => {
  /** Feeds `input` to the console and returns what it printed. */
  async function consoleOutput(input: string, commands: ReadonlyMap<string, Command> = COMMANDS): Promise<string> {
    const store = await loadShippedStore();
    return pipedConsole(input, { commands, context: () => memberContext(store), filesDir: tmpdir() });
  }

  const boom: Command = {
    definition: { name: 'boom', description: 'Always fails' },
    run: async () => {
      throw new Error('the handler broke');
    },
  };

  test('GIVEN a command that throws THEN the console prints why and answers the next line', async () => {
    const out = await consoleOutput('/boom\n/about\n', new Map([...COMMANDS, ['boom', boom]]));
    expect(out).toContain('✗ /boom failed: the handler broke');
    expect(out).toContain('About Briefing Desk');
  });

  test('GIVEN /quit THEN the lines after it are not answered', async () => {
    const out = await consoleOutput('/about\n/quit\n/levels\n');
    expect(out).toContain('About Briefing Desk');
    expect(out).not.toContain('Russell 2000: levels');
  });

  test('GIVEN blank lines and # comments THEN they are skipped without an answer', async () => {
    expect(await consoleOutput('\n# a note\n   \n')).toBe('');
  });

  test('GIVEN /data or /recaps without a subcommand, or with one they lack THEN it names the subcommands', async () => {
    const out = await consoleOutput('/data\n/recaps launch\n');
    expect(out).toMatch(/✗ \/data needs one of: status, reload(, [a-z-]+)*; for example \/data status\./);
    expect(out).toContain('✗ /recaps has no "launch"; use one of: set, off, status, preview, post-now.');
  });

  test('GIVEN an option of another subcommand THEN it lists the options this one has', async () => {
    const out = await consoleOutput('/recaps status channel:300000000000000007\n/about index:rut\n');
    expect(out).toContain('✗ /recaps status has no option "channel". It takes no options.');
    expect(out).toContain('✗ /about has no option "index". It takes no options.');
  });

  test('GIVEN a line over 4,000 characters THEN it is refused in one line and the next line is answered', async () => {
    const out = await consoleOutput(`/levels index:${'x'.repeat(1_000_000)}\n/about\n`);
    expect(out.split('\n')[0]).toBe('✗ That line has 1,000,014 characters; lines are limited to 4,000.');
    expect(out).toContain('About Briefing Desk');
    expect(out.length).toBeLessThan(10_000);
  });

  test('GIVEN answers carrying terminal escapes, controls and bidi overrides THEN none reaches the terminal; newlines and tabs stay', async () => {
    const hostile =
      'red \u001b[31mRED\u001b[0m title \u001b]0;owned\u0007 bell \u0007 back\b cr\r nul\u0000 c1\u009b2J rlo\u202eevil\u202c iso\u2066x\u2069 tab\tend';
    const echo: Command = {
      definition: { name: 'echo', description: 'Echoes hostile text' },
      run: async () => ({ content: hostile, embeds: [{ title: hostile, description: `${hostile}\nnext line`, footer: hostile }] }),
    };
    const out = await consoleOutput(`/echo\n/nope ${hostile}\n`, new Map([...COMMANDS, ['echo', echo]]));
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('red RED title  bell  back cr nul c1 rloevil isox tab\tend');
    expect(out).toContain('\nnext line');
    expect(out).toContain('✗ Unknown command /nope.');
  });

  test('GIVEN a note with an impossible timestamp tag THEN /levels answers and its Details (choice 1) show the tag as written', async () => {
    const store = hostileStore({ ...everywhere('x'), note: 'due <t:99999999999999999:R> or <t:253402300800:F>' });
    const printed = await pipedConsole('/levels\n1\n', { commands: COMMANDS, context: () => memberContext(store), filesDir: tmpdir() });
    expect(printed).toContain('x: levels');
    expect(printed).toContain('[1] Details');
    expect(printed).toContain('due <t:99999999999999999:R> or <t:253402300800:F>');
    expect(printed).not.toContain('failed');
  });

  test('GIVEN two answers THEN a blank line keeps them apart', async () => {
    const out = await consoleOutput('/nope\n/nada\n');
    expect(out).toBe('✗ Unknown command /nope. Try /help.\n\n✗ Unknown command /nada. Try /help.\n\n');
  });
});
