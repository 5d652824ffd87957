import fc from 'fast-check';
import { describe, test, expect } from 'vitest';
import { composeRecap } from '../../src/recaps/composeRecap';
import type { Reply } from '../../src/reply';
import { discordTimestamp } from '../../src/render/discordTimestamp';
import { escapeDataText } from '../../src/render/discordText';
import { fitReply } from '../../src/render/fitReply';
import { markdownToDiscord } from '../../src/render/markdownToDiscord';
import { splitBlocks } from '../../src/render/splitBlocks';
import { memberContext, runCommand } from '../commands/fixtures/commandContext';
import { hostileSnapshot, MEMBER_CASES, TEXT_SLOTS, type HostileText } from '../commands/fixtures/hostileSnapshot';
import { STALE_AFTER_DAYS, STALE_NOW } from '../commands/fixtures/shippedStore';
import { FactStore } from '../../src/facts/factStore';
import { limitViolations } from '../render/limitViolations';
import { liveMarkup } from '../render/liveMarkup';
import { fuzzOptions } from './fuzzOptions';

/** Pieces of text that have broken, or could break, a renderer or a member's screen. */
const fragment = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '**',
      '*',
      '_',
      '__',
      '~~',
      '||',
      '`',
      '``',
      '````',
      '```js\n',
      '> ',
      '>>> ',
      '# ',
      '### ',
      '-# ',
      '- ',
      '1. ',
      '2) ',
      '\\',
      '[x](https://evil.example)',
      '[x](javascript:alert(1))',
      '[x](http://a.example)',
      '[a [b](https://c.example)](https://d.example)',
      '](',
      '](https://e.example)',
      '![i](data:x)',
      '<https://f.example/a)b>',
      'https://g.example/a_(b)',
      'http://h.example',
      'www.i.example',
      '<@123456789012345678>',
      '<@!1>',
      '<@&1>',
      '<#1>',
      '</ban:1>',
      '<:e:1>',
      '<a:e:1>',
      '<id:customize>',
      '@everyone',
      '@here',
      '<t:1765108800:R>',
      '<t:99999999999999999:R>',
      '<t:-99999999999:F>',
      '<t:253402300800>',
      '\n',
      '\n\n',
      '\t',
      '\r',
      '\r\n',
      '\u0000',
      '\u0007',
      '\u001b[31m',
      '\u001b]0;x\u0007',
      '\u009b2J',
      '\u007f',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u200b',
      '\u200f',
      '\ufeff',
      '👍🏽',
      '👩‍👩‍👧',
      '🇫🇷',
      'e\u0301',
      '\u0301',
      'ก\u0e33',
      '\ud800',
      '\udc00',
      '<script>x</script>',
      '<b>',
      '<!-- c -->',
      '&amp;',
      '| a | b |\n|---|--:|\n| c | d |',
      '- [x] ',
      '---',
      '***',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
);

const mixed = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));

/** One unbroken run, long enough to need cutting many times. */
const hugeWord = fc
  .tuple(fc.constantFrom('w', '*', '_a', '[(', '\\<@1>', '👍🏽', '`', '\\', 'é'), fc.integer({ min: 2_000, max: 30_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

/** Lists and quotes nested deep, on separate lines or one. */
const deep = fc
  .tuple(fc.constantFrom('- ', '> ', '1. ', '* ', '+ '), fc.integer({ min: 1, max: 80 }), fc.constantFrom('', '  ', '    ', '\t'))
  .map(([marker, depth, indent]) => Array.from({ length: depth }, (_, i) => `${indent.repeat(i)}${marker}level ${i}`).join('\n'));

/** Emphasis, links and images nested inside one another, up to thousands deep. */
const deepInline = fc
  .tuple(
    fc.constantFrom(['**', '**'], ['*_', '_*'], ['~~', '~~'], ['[', '](https://a.example)'], ['![', ']']),
    fc.integer({ min: 1, max: 3000 }),
  )
  .map(([[open, close], depth]) => `${open.repeat(depth)}x${close.repeat(Math.min(depth, 400))}`);

const hostile = fc.oneof(
  { weight: 6, arbitrary: mixed },
  { weight: 1, arbitrary: hugeWord },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: deepInline },
);

const AS_OF_TAG = discordTimestamp('2025-12-07', 'R');

/** Each call stays well within the interaction window, even on a busy machine. */
const PER_CALL_MS = 1000;

function timed<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
  return result;
}

function expectSendable(messages: readonly Reply[]): void {
  for (const message of messages) {
    expect(limitViolations(message)).toEqual([]);
    expect(liveMarkup(message, [AS_OF_TAG])).toEqual([]);
  }
}

describe('fuzz: rendering hostile text', () => {
  test('GIVEN any Markdown THEN it converts, splits and fits within the limits, with no live mention, tag or non-https link, each call under a second', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 40, max: 4096 }), (markdown, max) => {
        const blocks = timed(() => markdownToDiscord(markdown));
        const chunks = timed(() => splitBlocks(blocks, max));
        for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(max);
        const body = blocks.join('\n\n');
        const messages = timed(() =>
          fitReply({
            content: body,
            embeds: [
              {
                title: escapeDataText(markdown),
                description: body,
                fields: [{ name: escapeDataText(markdown), value: body }],
                footer: markdown,
              },
            ],
          }),
        );
        expectSendable(messages);
      }),
      fuzzOptions(300, 6000),
    );
  });

  test('GIVEN hostile text in every data field THEN every member command and the recap answer within the limits, inert, each under a second', async () => {
    const texts = fc.record(
      Object.fromEntries(TEXT_SLOTS.map((slot) => [slot, slot === 'narrative' ? hostile : mixed])) as {
        [K in keyof HostileText]: fc.Arbitrary<string>;
      },
    );
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const store = new FactStore([hostileSnapshot(text)]);
        const ctx = memberContext(store);
        for (const [name, options] of MEMBER_CASES) {
          const started = performance.now();
          const messages = fitReply(await runCommand(name, ctx, options));
          expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
          expectSendable(messages);
        }
        expectSendable(timed(() => fitReply(composeRecap(store.latest(), STALE_NOW, STALE_AFTER_DAYS))));
      }),
      fuzzOptions(80, 7000),
    );
  });
});
