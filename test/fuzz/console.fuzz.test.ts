import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, test, expect } from 'vitest';
import { safeFileName } from '../../src/console/localFiles';
import { parseCommandLine } from '../../src/console/parseCommandLine';
import { terminalSafe } from '../../src/console/renderReplyAsText';
import { MAX_LINE_LENGTH } from '../../src/console/runConsole';
import { COMMANDS, memberContext } from '../commands/fixtures/commandContext';
import { everywhere, hostileStore } from '../commands/fixtures/hostileSnapshot';
import { fuzzOptions } from './fuzzOptions';
import { pipedConsole } from '../console/fixtures/pipedConsole';

/** Data that tries to recolour, retitle, clear and reorder the operator's terminal. */
const TERMINAL_ATTACK =
  'a\u001b[31mred\u001b[0m \u001b]0;owned\u0007 \u001b[2J \u009b1m \u202eevil\u202c \u2066x\u2069 \u0000\u0008\r <t:99999999999999999:R>';
const store = hostileStore(everywhere(TERMINAL_ATTACK));

/** Half of a character: what a cut through an emoji leaves. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What no console output may contain: controls other than newline and tab, and bidi controls. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(
    'rut',
    's&p 500',
    '3',
    '0x3',
    '1e1',
    ' 3',
    '3.0',
    '',
    '2025-12-07',
    '2025-02-30',
    'base',
    'sat sun',
    '09:00',
    'Europe/Paris',
  ),
  fc.constantFrom('x'.repeat(300), '\u001b[2J', '\u001b]0;t\u0007', '\u202e', '<@1>', '@everyone', '"', "'", 'a:b:c', '\\', '\t', '\u2028'),
);
const optionName = fc.constantFrom(
  'index',
  'date',
  'number',
  'scenario',
  'channel',
  'days',
  'time',
  'timezone',
  'bogus',
  '__proto__',
  'INDEX',
);
const quote = fc.constantFrom('', '"', "'");
const token = fc.oneof(
  fc.tuple(optionName, value, quote).map(([name, v, q]) => `${name}:${q}${v}${q}`),
  fc.tuple(optionName, value, quote).map(([name, v, q]) => `${q}${name}:${v}${q}`),
  fc.constantFrom('status', 'reload', 'set', 'off', 'preview', 'post-now', 'extra', '#'),
  value,
);
const name = fc.constantFrom(...COMMANDS.keys(), 'help', 'quit', 'nope', 'LEVELS', '', '/');
const commandLine = fc
  .tuple(fc.constantFrom('/', '', '//', ' /', '\t/'), name, fc.array(token, { maxLength: 6 }))
  .map(([slash, command, tokens]) => [`${slash}${command}`, ...tokens].join(' '));
const longLine = fc
  .tuple(fc.integer({ min: MAX_LINE_LENGTH - 20, max: 50_000 }), fc.constantFrom('x', '"', 'é', '👍🏽', ' '))
  .map(([length, unit]) => `/levels index:${unit.repeat(Math.ceil(length / unit.length))}`);
const anyLine = fc.oneof({ weight: 8, arbitrary: commandLine }, { weight: 1, arbitrary: longLine });

async function consoleOutput(line: string): Promise<string> {
  return pipedConsole(`${line}\n`, { commands: COMMANDS, context: () => memberContext(store), filesDir: tmpdir() });
}

describe('fuzz: the console', () => {
  test('GIVEN any typed line THEN parsing it never throws, and a refusal is one line', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        const parsed = parseCommandLine(line);
        if (!parsed.ok) expect(parsed.error).not.toMatch(/[\n\r]/);
      }),
      fuzzOptions(2000, 3000),
    );
  });

  test('GIVEN any typed line, over data that carries terminal escapes THEN an answer or a one-line refusal, nothing unprintable, under a second', async () => {
    let answered = 0;
    await fc.assert(
      // One line at a time: readline would split a line at a newline or carriage return into two.
      fc.asyncProperty(
        anyLine.map((line) => line.replace(/[\r\n]/g, ' ')),
        async (line) => {
          const started = performance.now();
          const out = await consoleOutput(line);
          expect(performance.now() - started).toBeLessThan(1000);
          expect(out).not.toMatch(UNPRINTABLE);
          expect(out).not.toMatch(/✗ \/\S+ failed: /);
          const words = line.trim();
          if (words === '' || words.startsWith('#') || words === '/quit') return;
          expect(out.endsWith('\n\n')).toBe(true);
          if (out.startsWith('✗')) expect(out.trimEnd()).not.toContain('\n');
          else answered += 1;
        },
      ),
      fuzzOptions(1500, 9000),
    );
    // The draw must reach real answers, where the data's escapes would surface, not only refusals.
    expect(answered).toBeGreaterThan(20);
  });

  test('GIVEN any file name in a reply THEN the saved name is one plain segment, not hidden, at most 200 bytes, and printed as it is on disk', () => {
    const name = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(fc.constantFrom('..', '.', '/', '\\', 'a', 'é', '👍🏽', ':', '\u202e', '\u001b[2J', ' ', 'con', '.md'), { maxLength: 40 })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(name, (raw) => {
        const safe = safeFileName(raw);
        expect(safe).not.toMatch(/[/\\<>:"|?*]/);
        expect(safe).not.toMatch(/^\./);
        expect(safe.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(200);
        expect(terminalSafe(safe)).toBe(safe);
        expect(safe).not.toMatch(LONE_SURROGATE);
      }),
      fuzzOptions(3000, 3000),
    );
  });
});
