import fc from 'fast-check';
import { describe, test, expect } from 'vitest';
import { decodeArticle } from '../../src/draft/articleInput';
import { draftSnapshot, type DraftResult } from '../../src/draft/draftSnapshot';
import { fuzzOptions } from './fuzzOptions';
import { KNOWN_SUBJECTS, loaderErrorsOf } from '../draft/draftFixtures';

/*
 * Hostile articles: huge lines, deep nesting, random bytes, unbalanced
 * markers, thousands of numbers. The drafter must answer each with a draft
 * the loader accepts or a clear refusal, quickly, and never throw.
 */

/** Generous for a shared 2-core machine; a stall or a quadratic blow-up takes far longer. */
const PER_CALL_MS = 2000;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function timed(run: () => DraftResult): DraftResult {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  expect(ms, `one draft took ${ms.toFixed(0)} ms`).toBeLessThan(PER_CALL_MS);
  return result;
}

/** A draft must load as it is, carry no control or bidi character, and link only over https. */
function checkDraft(result: DraftResult): void {
  if (!result.ok) {
    expect(result.error).toMatch(/\S/);
    expect(result.error.length).toBeLessThan(400);
    return;
  }
  const d = result.draft;
  expect(loaderErrorsOf(d)).toEqual([]);
  expect(UNSAFE.test(JSON.stringify(d.figuresFile).replace(/\\[nt]/g, ' '))).toBe(false);
  expect(UNSAFE.test(d.narrative.replace(/[\n\t]/g, ' '))).toBe(false);
  for (const s of d.figuresFile.sources) if (s.url !== undefined) expect(s.url.startsWith('https://')).toBe(true);
}

const WORDS = [
  'the Russell 2000',
  'S&P 500',
  'small caps',
  'Nasdaq',
  'rose',
  'fell',
  'slipped',
  'on the day',
  'for the week',
  'year to date',
  'short interest',
  'discount to large caps',
  'forward earnings',
  'probability of a cut',
  'closed at a new all-time high',
  'looked overbought',
  'MACD remained constructive',
  'about',
  'roughly',
  '5 December 2025',
  'Friday, 12 December',
  'low-teens',
  'Q3 2025',
  '[1]',
  '[2]',
  '[3',
  ']]',
  '[[1]]',
  '[99999999999999999999]',
  '# ',
  '### ',
  '- ',
  '> ',
  '```',
  '<script>',
  '<!--',
  '|---|',
  '\u202e',
  '\u0007',
  '\u00a0',
  '\u2011',
  '',
];
const number = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => `${n.toFixed(2)}%`),
  fc.integer({ min: 0, max: 100_000 }).map((n) => n.toLocaleString('en-US')),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}–${b}%`),
  fc.integer({ min: 1, max: 500 }).map((n) => `${n} bp`),
  fc.integer({ min: 1, max: 60 }).map((n) => `${n}x`),
);
const token = fc.oneof(fc.constantFrom(...WORDS), number, fc.string({ maxLength: 8 }));
const junk = fc.array(token, { maxLength: 30 }).map((t) => t.join(' '));
/** A sentence the drafter can read, so generated articles also reach the writing of a draft. */
const sentence = fc
  .tuple(
    fc.constantFrom('The S&P 500', 'The Russell 2000', 'The Dow', 'Small caps', 'The Nikkei 225'),
    fc.constantFrom('rose', 'fell', 'slipped', 'gained'),
    number,
    fc.constantFrom('on the day', 'for the week', 'year to date', ''),
    fc.constantFrom('[1]', '[2]', '[3]', ''),
    junk,
  )
  .map(([who, move, n, when, marker, tail]) => `On Friday, 5 December 2025, ${who.toLowerCase()} ${move} ${n} ${when}. ${marker} ${tail}`);
const line = fc.oneof({ arbitrary: sentence, weight: 2 }, { arbitrary: junk, weight: 1 });
const references = fc.oneof(
  { arbitrary: fc.constant('References\n1. www.reuters.com, 2. apnews.com, 3. www.example.com'), weight: 4 },
  {
    arbitrary: fc.constant('## References\n\n1. Reuters — A title https://www.reuters.com/a\n2. [B](http://b.example)\n3. www.c.com'),
    weight: 4,
  },
  { arbitrary: fc.constant('References\n1. a.com, 1. b.com'), weight: 1 },
  { arbitrary: fc.constant(''), weight: 1 },
  { arbitrary: junk, weight: 1 },
);
const article = fc.tuple(fc.array(line, { maxLength: 40 }), references).map(([lines, refs]) => `${lines.join('\n')}\n${refs}\n`);

describe('GIVEN hostile articles THEN the drafter answers with a loadable draft or a clear refusal, quickly', () => {
  test('GIVEN generated articles of names, numbers, markers and Markdown debris THEN no throw, and any draft loads', () => {
    fc.assert(
      fc.property(article, fc.option(fc.constantFrom('2025-12-07', '2026-02-30', 'soon'), { nil: undefined }), (text, asOf) => {
        checkDraft(timed(() => draftSnapshot({ article: text, knownSubjects: KNOWN_SUBJECTS, ...(asOf !== undefined && { asOf }) })));
      }),
      fuzzOptions(300, 6000),
    );
  });

  test('GIVEN random bytes THEN decoding refuses or the drafter answers, never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const text = decodeArticle(bytes);
        if (text.ok) checkDraft(timed(() => draftSnapshot({ article: text.text, asOf: '2025-12-07' })));
        else expect(text.error).toMatch(/empty|binary|UTF-8|limit/);
      }),
      fuzzOptions(300, 3000),
    );
  });

  test('GIVEN extreme shapes near the 1 MiB limit THEN each is answered within the bound', () => {
    const refs = '\nReferences\n1. www.reuters.com, 2. apnews.com\n';
    const shapes: Record<string, string> = {
      'a 900 KiB line of 4,900 numbers': `On 5 December 2025 the Russell 2000 rose ${`${'and then some '.repeat(13)}1.5% `.repeat(4_900)}[1]${refs}`,
      'thousands of numbers, one per line': `${Array.from({ length: 4_900 }, (_, i) => `On 5 December 2025 the S&P 500 rose ${i}% on the day. [1]`).join('\n')}${refs}`,
      'nesting 100,000 deep': `5 December 2025\n${'- '.repeat(100_000)}x 5% [1]\n${'> '.repeat(100_000)}y${refs}`,
      'unbalanced markers': `On 5 December 2025 the Dow rose 1% on the day ${'[1] [[ ]] [2 ]['.repeat(40_000)}${refs}`,
      'a table of 4,900 rows': `# Table, 5 December 2025\n\n| Index | Weekly change |\n|---|---|\n${'| Russell 2000 | +1.5% |\n'.repeat(4_900)}\n[1]${refs}`,
      'heading after heading': `${'# 5 December 2025: day\n'.repeat(20_000)}${refs}`,
      'more numbers than a draft can hold': `On 5 December 2025 ${'[1] [[ ]] [2 7%'.repeat(20_000)}${refs}`,
    };
    for (const [name, text] of Object.entries(shapes)) {
      expect(Buffer.byteLength(text), name).toBeLessThanOrEqual(1_048_576);
      let result: DraftResult | undefined;
      expect(() => (result = timed(() => draftSnapshot({ article: text, knownSubjects: KNOWN_SUBJECTS }))), name).not.toThrow();
      checkDraft(result!);
    }
  }, 30_000);
});
