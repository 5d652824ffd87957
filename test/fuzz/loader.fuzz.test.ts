import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { Marked, type Token } from 'marked';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_MARKDOWN_NESTING } from '../../src/facts/dataLimits';
import { firstForbiddenCharacter } from '../../src/facts/forbiddenCharacters';
import { formatDataError } from '../../src/facts/formatDataError';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { screenNarrative } from '../../src/facts/screenNarrative';
import { figuresDoc, NARRATIVE, tempDataDir } from '../facts/fixtures';
import { fuzzOptions } from './fuzzOptions';

/** Per case: the point is that no file stalls a reload; generous, as four helpers share two cores. */
const CASE_MS = 2000;

let dataDir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dataDir, remove } = await tempDataDir()));
afterAll(() => remove());

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\u001b[31m', '\u0085', '\u202e', '\u2066x\u2069', '\t', '\n', '', '   ', 'javascript:alert(1)', 'NaN'),
  fc.integer({ min: 1, max: 60_000 }).map((n) => 'w'.repeat(n)),
);

/** Values that are wrong in kind, size or number: what a hostile or careless author could put anywhere. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(null, true, 0, -1, 1.5, Number.MAX_VALUE, [], {}),
  fc.integer({ min: 33, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.integer({ min: 0, max: 30_000 }).map((n) => new Array<number>(n).fill(1)),
  fc.jsonValue({ maxDepth: 4 }),
);

/** A valid figures.json with one field, anywhere in it, replaced by a hostile value; sometimes a number by a literal that overflows. */
const mutatedFigures = fc.tuple(fc.nat(), fc.nat(), hostileValue, fc.boolean()).map(([pick, fieldPick, value, overflow]) => {
  const doc = figuresDoc() as unknown as Record<string, unknown>;
  const holders: Record<string, unknown>[] = [doc];
  for (const list of ['sources', 'subjects', 'figures'] as const) holders.push(...(doc[list] as Record<string, unknown>[]));
  const holder = holders[pick % holders.length]!;
  const keys = [...Object.keys(holder), 'unknown'];
  holder[keys[fieldPick % keys.length]!] = value;
  const text = JSON.stringify(doc, null, 2);
  return overflow ? text.replace(/: (\d+(?:\.\d+)?),/, ': 1e999,') : text;
});

const figuresText = fc.oneof(
  { weight: 5, arbitrary: mutatedFigures },
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `{"figures": ${'[{"a":'.repeat(depth)}`),
  fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value) ?? ''),
  fc.string({ unit: 'binary', maxLength: 500 }),
);

const markdownPiece = fc.constantFrom(
  '# week\n',
  '## 2025-12-05: T\n',
  '# scenarios\n## base: B\n',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '  ',
  '    ',
  '\t',
  '> ',
  '\n',
  '\n\n',
  'text ',
  '*',
  '**',
  '_',
  '~',
  '`',
  '```',
  '[',
  ']',
  '(',
  ')',
  '[3]',
  '[99]',
  '<b>',
  '<!--',
  '|',
  '|-|',
  '---',
  '\\',
  '&amp;',
  'https://x.example',
  '\u202e',
  '\u001b',
  '\u0000',
);

const deepList = fc
  .tuple(fc.integer({ min: 1, max: 1500 }), fc.constantFrom('  ', ' ', '    ', '\t', '   '), fc.constantFrom('- ', '* ', '1. ', '> '))
  .map(([depth, indent, marker]) => Array.from({ length: depth }, (_, i) => `${indent.repeat(i)}${marker}item`).join('\n'));

const narrativeText = fc.oneof(
  fc.array(markdownPiece, { maxLength: 400 }).map((pieces) => `# week\n\n## 2025-12-05: Fuzz\n\n${pieces.join('')}`),
  deepList.map((list) => `# week\n\n## 2025-12-05: Deep\n\n${list}\n`),
  fc
    .tuple(fc.constantFrom('- ', '> ', '* ', '1. ', '- > '), fc.integer({ min: 1, max: 2400 }))
    .map(([m, n]) => `# week\n\n## 2025-12-05: Deep\n\n${m.repeat(n)}x\n`),
  fc.integer({ min: 1, max: 80_000 }).map((n) => `# week\n\n## 2025-12-05: Long\n\n${'w'.repeat(n)}\n`),
  fc
    .constantFrom('_a', '*a', 'a**', '![', '[a](', '<a')
    .chain((unit) => fc.integer({ min: 1, max: 30_000 }).map((n) => `# week\n\n## 2025-12-05: Marks\n\n${unit.repeat(n)}\n`)),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.uint8Array({ maxLength: 1000 }).map((bytes) => Buffer.from(bytes)),
);

let caseNumber = 0;

describe('the loader on hostile files', () => {
  test('GIVEN generated hostile figures.json and narrative.md THEN each load is a snapshot or located errors naming a file, in time, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(figuresText, { freq: 8 }), fc.option(narrativeText, { freq: 2 }), async (figures, narrative) => {
        const folder = join(dataDir, `2025-12-07`);
        await rm(folder, { recursive: true, force: true });
        await mkdir(folder);
        await writeFile(join(folder, 'figures.json'), figures ?? JSON.stringify(figuresDoc()));
        await writeFile(join(folder, 'narrative.md'), narrative ?? NARRATIVE);
        caseNumber++;
        const start = performance.now();
        const result = await loadDataDir(dataDir);
        expect(performance.now() - start).toBeLessThan(CASE_MS);
        if (result.ok) {
          expect(result.value).toHaveLength(1);
          return;
        }
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          expect(error.file).toMatch(/^data\/2025-12-07(\/figures\.json|\/narrative\.md)?$/);
          expect(error.message).not.toBe('');
          expect(error.message.length, error.message.slice(0, 400)).toBeLessThan(1000);
          expect(firstForbiddenCharacter(formatDataError(error))).toBeUndefined();
        }
      }),
      fuzzOptions(150, 11_000),
    );
    expect(caseNumber).toBeGreaterThan(10);
  }, 30_000);
});

const marked = new Marked();

/** How deep lists and quotes really nest once marked has lexed the text. */
function nesting(tokens: readonly Token[]): number {
  let deepest = 0;
  const pending: { tokens: readonly Token[]; depth: number }[] = [{ tokens, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const token of next.tokens) {
      const depth = next.depth + (token.type === 'list' || token.type === 'blockquote' ? 1 : 0);
      deepest = Math.max(deepest, depth);
      if ('tokens' in token && token.tokens !== undefined) pending.push({ tokens: token.tokens, depth });
      if (token.type === 'list') pending.push({ tokens: (token as { items: Token[] }).items, depth });
    }
  }
  return deepest;
}

/** Lines of indentation, quotes and list markers, as nested lists are written (and as they are abused). */
const nestingLine = fc
  .tuple(
    fc.array(fc.constantFrom(' ', '  ', '\t'), { maxLength: 12 }),
    fc.array(fc.constantFrom('- ', '* ', '+ ', '1. ', '10) ', '> ', '>', ' ', '  '), { maxLength: 5 }),
    fc.constantFrom('x', '', 'text', '---', '* * *', '```'),
  )
  .map(([indent, markers, text]) => `${indent.join('')}${markers.join('')}${text}`);

describe('the narrative screen', () => {
  test('GIVEN generated lists and quotes that the screen lets through THEN marked never nests them deeper than 8', () => {
    fc.assert(
      fc.property(fc.array(nestingLine, { maxLength: 120 }), (lines) => {
        const text = lines.join('\n');
        const refused = screenNarrative(text, 'n.md').some((e) => e.message.includes('nested'));
        if (!refused) expect(nesting(marked.lexer(text))).toBeLessThanOrEqual(MAX_MARKDOWN_NESTING);
      }),
      fuzzOptions(2000, 3000),
    );
  });
});
