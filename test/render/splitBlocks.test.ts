import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { blocksOf } from '../../src/render/blocksOf';
import { splitBlocks } from '../../src/render/splitBlocks';
import { liveMarkup } from './liveMarkup';

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

describe('splitBlocks', () => {
  test('GIVEN blocks that fit together THEN they are packed into one chunk, separated by blank lines', () => {
    expect(splitBlocks(['One.', 'Two.', 'Three.'], 100)).toEqual(['One.\n\nTwo.\n\nThree.']);
  });

  test('GIVEN blocks that do not all fit THEN chunks break only between blocks', () => {
    expect(splitBlocks(['aaaa aaaa', 'bbbb bbbb', 'cccc'], 20)).toEqual(['aaaa aaaa\n\nbbbb bbbb', 'cccc']);
  });

  test('GIVEN a block that would fit alone but not in the current chunk THEN it moves whole to the next chunk', () => {
    expect(splitBlocks(['aaaaaaaaaa', 'bbbb bbbb bbbb'], 20)).toEqual(['aaaaaaaaaa', 'bbbb bbbb bbbb']);
  });

  test('GIVEN a block longer than a chunk THEN it breaks between lines first', () => {
    expect(splitBlocks(['- first item\n- second item\n- third item'], 26)).toEqual(['- first item\n- second item', '- third item']);
  });

  test('GIVEN a line longer than a chunk THEN it breaks between words, never inside one', () => {
    const chunks = splitBlocks(['small caps rallied strongly into the weekend'], 16);
    expect(chunks).toEqual(['small caps', 'rallied strongly', 'into the weekend']);
  });

  test('GIVEN one word longer than a chunk THEN only that word is cut, and never inside an emoji', () => {
    const thumb = '👍🏽';
    expect(thumb.length).toBe(4);
    expect(splitBlocks([`go ${thumb.repeat(5)} end`], 9)).toEqual(['go', thumb.repeat(2), thumb.repeat(2), `${thumb} end`]);
  });

  test('GIVEN a 100,000-character word THEN it is cut into full chunks in well under a second', () => {
    const word = 'x'.repeat(100_000);
    const started = performance.now();
    const chunks = splitBlocks([`before ${word} after`], 1024);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(chunks.join('').replace(/\s/g, '') === `before${word}after`).toBe(true);
    expect(chunks.slice(1, -1).every((chunk) => chunk.length === 1024)).toBe(true);
  });

  test('GIVEN long words of emoji, flags and combining marks THEN every cut falls on a grapheme boundary of the whole word', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const grapheme = fc.constantFrom('a', 'é', 'e\u0301', '👍🏽', '🇫🇷', '🇩🇪', '👩‍👩‍👧', 'ก\u0e33');
    fc.assert(
      fc.property(fc.array(grapheme, { minLength: 1, maxLength: 300 }), fc.integer({ min: 8, max: 40 }), (parts, max) => {
        const word = parts.join('');
        const boundaries = new Set([...segmenter.segment(word)].map((s) => s.index));
        const chunks = splitBlocks([word], max);
        expect(chunks.join('')).toBe(word);
        let at = 0;
        for (const chunk of chunks.slice(0, -1)) {
          expect(chunk.length).toBeLessThanOrEqual(max);
          at += chunk.length;
          expect(boundaries.has(at)).toBe(true);
        }
      }),
      fuzzOptions(300),
    );
  });

  test('GIVEN a long word of escaped mentions and backslashes THEN no cut separates a backslash from what it escapes', () => {
    for (const word of ['\\<@1>'.repeat(3000), `${'\\\\'.repeat(500)}\\<@1>`.repeat(20), `x${'\\'.repeat(5001)}<@1>`]) {
      for (const max of [7, 10, 64, 1024]) {
        const chunks = splitBlocks([word], max);
        expect(chunks.join('') === word).toBe(true);
        for (const chunk of chunks) expect(liveMarkup({ content: chunk })).toEqual([]);
      }
    }
  });

  test('GIVEN a long code block THEN each chunk closes it and the next reopens it with the same language', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} of code`);
    const chunks = splitBlocks([`\`\`\`ts\n${lines.join('\n')}\n\`\`\``], 50);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(50);
      expect(chunk).toMatch(/^```ts\n[\s\S]+\n```$/);
    }
    expect(chunks.flatMap((c) => c.split('\n').filter((l) => !l.startsWith('```')))).toEqual(lines);
  });

  test('GIVEN text before a code block in one over-long block THEN only the code part is fenced in later chunks', () => {
    const block = `Table below:\n\`\`\`\n${['row one', 'row two', 'row three', 'row four'].join('\n')}\n\`\`\``;
    const chunks = splitBlocks([block], 30);
    expect(chunks[0]).toMatch(/^Table below:\n```\nrow one/);
    expect(chunks.slice(1).every((c) => c.startsWith('```\n') && c.endsWith('\n```'))).toBe(true);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(30);
  });

  test('GIVEN blank blocks THEN they are dropped; no blocks THEN no chunks', () => {
    expect(splitBlocks(['', '  ', 'text'], 10)).toEqual(['text']);
    expect(splitBlocks([], 10)).toEqual([]);
  });

  test('GIVEN a limit below 2 THEN it throws rather than loop or overflow', () => {
    expect(() => splitBlocks(['x'], 1)).toThrow(RangeError);
  });

  test('GIVEN any blocks and limit THEN every chunk fits, renders its code blocks whole, and every word survives in order', () => {
    const word = fc
      .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }))
      .filter((w) => !w.includes('`'));
    const line = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '));
    const block = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 6 }).map((ls) => ls.join('\n')),
      fc.array(line, { minLength: 1, maxLength: 6 }).map((ls) => `\`\`\`js\n${ls.join('\n')}\n\`\`\``),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), fc.integer({ min: 12, max: 120 }), (blocks, max) => {
        const chunks = splitBlocks(blocks, max);
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(max);
          expect(chunk.split('\n').filter((l) => /^\s*```/.test(l)).length % 2).toBe(0);
        }
        const squash = (text: string) => text.replace(/```(js)?/g, '').replace(/\s+/g, '');
        expect(squash(chunks.join(''))).toBe(squash(blocks.join('')));
      }),
      fuzzOptions(300),
    );
  });
});

describe('blocksOf', () => {
  test('GIVEN paragraphs separated by blank lines THEN each is a block', () => {
    expect(blocksOf('One\nstill one\n\n\nTwo')).toEqual(['One\nstill one', 'Two']);
  });

  test('GIVEN a code block containing blank lines THEN it stays one block', () => {
    expect(blocksOf('Intro\n\n```\na\n\nb\n```\n\nOutro')).toEqual(['Intro', '```\na\n\nb\n```', 'Outro']);
  });

  test('GIVEN the words of any text THEN splitting it into blocks loses none', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(words(blocksOf(text).join('\n\n'))).toEqual(words(text));
      }),
      fuzzOptions(100),
    );
  });
});
