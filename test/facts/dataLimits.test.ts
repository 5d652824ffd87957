import { describe, expect, test } from 'vitest';
import { buildSnapshot } from '../../src/facts/buildSnapshot';
import { MAX_FIGURES, MAX_JSON_DEPTH, MAX_NOTE_CHARS } from '../../src/facts/dataLimits';
import { firstForbiddenCharacter } from '../../src/facts/forbiddenCharacters';
import { formatDataError } from '../../src/facts/formatDataError';
import { figuresDoc, NARRATIVE } from './fixtures';

/** Builds a snapshot from texts in memory and returns its errors as a moderator reads them. */
function refused(figures: unknown, narrative?: string): string[] {
  const result = buildSnapshot({
    folderName: '2025-12-07',
    folderDisplay: 'data/2025-12-07',
    figures: { display: 'data/2025-12-07/figures.json', text: typeof figures === 'string' ? figures : JSON.stringify(figures, null, 2) },
    ...(narrative === undefined ? {} : { narrative: { display: 'data/2025-12-07/narrative.md', text: narrative } }),
    contentHash: 'test',
  });
  if (result.ok) return expect.fail('expected the snapshot to be refused');
  return result.errors.map(formatDataError);
}

/** Runs `fn` and fails if it takes longer than `ms`: the point of these limits is that nothing stalls. */
function within<T>(ms: number, fn: () => T): T {
  const start = performance.now();
  const value = fn();
  expect(performance.now() - start).toBeLessThan(ms);
  return value;
}

describe('figures.json structure limits', () => {
  test('GIVEN figures.json nested 5,000 deep inside a note THEN it is refused at the bracket that goes past 32 levels, not with a stack overflow', () => {
    const doc = JSON.stringify(figuresDoc()).replace('"title":', `"deep": ${'['.repeat(5000)}${']'.repeat(5000)}, "title":`);
    const errors = within(1000, () => refused(doc));
    expect(errors).toEqual([
      `data/2025-12-07/figures.json line 1, column ${doc.indexOf('[[') + MAX_JSON_DEPTH}: nested deeper than 32 levels; figures.json needs 5, and deeper files are refused unread`,
    ]);
  });

  test('GIVEN broken JSON nested 100,000 deep THEN the depth is what is reported, found without recursion', () => {
    const errors = within(1000, () => refused(`{"a": ${'{"b": ['.repeat(100_000)}`));
    expect(errors).toEqual([
      'data/2025-12-07/figures.json line 1, column 118: nested deeper than 32 levels; figures.json needs 5, and deeper files are refused unread',
    ]);
  });

  test('GIVEN figures.json exactly 32 levels deep in an unknown field THEN it parses and only the field is reported', () => {
    const doc = JSON.stringify(figuresDoc()).replace('"title":', `"deep": ${'['.repeat(31)}${']'.repeat(31)}, "title":`);
    expect(refused(doc)).toEqual(['data/2025-12-07/figures.json: unknown field "deep"']);
  });

  test('GIVEN two million items in the figures list THEN one error gives the count, quickly, instead of one per item', () => {
    const doc = { ...figuresDoc(), figures: new Array(2_000_000).fill(0) };
    expect(within(3000, () => refused(doc))).toEqual([
      `data/2025-12-07/figures.json figures: must have at most 10000 entries, got 2000000`,
    ]);
  });

  test('GIVEN one more figure than allowed THEN the count is refused by the schema with the limit and the count', () => {
    const base = figuresDoc().figures[0]!;
    const doc = { ...figuresDoc(), figures: Array.from({ length: MAX_FIGURES + 1 }, (_, i) => ({ ...base, id: `f-${i}` })) };
    expect(refused(doc)).toEqual(['data/2025-12-07/figures.json figures: must have at most 10000 entries, got 10001']);
  });

  test('GIVEN an object with 200,000 unknown fields THEN one error gives the count instead of 200,000 lines', () => {
    const doc = { ...figuresDoc(), extra: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 1])) };
    expect(within(3000, () => refused(doc))).toEqual(['data/2025-12-07/figures.json extra: must have at most 100 fields, got 200000']);
  });

  test('GIVEN 51 aliases on one subject THEN the list is refused with the limit', () => {
    const doc = figuresDoc();
    doc.subjects[3]!.aliases = Array.from({ length: 51 }, (_, i) => `top ${i}`);
    expect(refused(doc)).toEqual(['data/2025-12-07/figures.json subjects[3].aliases: must have at most 50 entries, got 51']);
  });
});

describe('figures.json text limits', () => {
  test('GIVEN a note of one 50,000-character word and an overlong title THEN each is refused with its limit and length', () => {
    const doc = figuresDoc();
    doc.title = 'T'.repeat(257);
    Object.assign(doc.figures[0]!, { note: 'x'.repeat(50_000) });
    expect(refused(doc)).toEqual([
      'data/2025-12-07/figures.json title: must be at most 256 characters, got 257',
      `data/2025-12-07/figures.json figures[0].note: must be at most ${MAX_NOTE_CHARS} characters, got 50000`,
    ]);
  });

  test('GIVEN NUL, ESC, a C1 control and a bidi override in text fields THEN each is refused at its path, and nothing is echoed raw', () => {
    const doc = figuresDoc();
    doc.title = 'Russell\u0000 2000';
    doc.sources[0]!.publisher = 'ap\u001b[31mnews';
    doc.subjects[0]!.aliases = ['rut\u0085'];
    Object.assign(doc.figures[0]!, { note: 'gain of \u202e%4.0' });
    const errors = refused(doc);
    expect(errors).toEqual([
      'data/2025-12-07/figures.json title: contains a control character U+0000 at character 8; remove it, got "Russell\\u0000 2000"',
      'data/2025-12-07/figures.json sources[0].publisher: contains a control character U+001B at character 3; remove it, got "ap\\u001b[31mnews"',
      'data/2025-12-07/figures.json subjects[0].aliases[0]: contains a control character U+0085 at character 4; remove it, got "rut\\u0085"',
      'data/2025-12-07/figures.json figures[0].note: contains a bidi control U+202E at character 9; remove it, got "gain of \\u202e%4.0"',
    ]);
    expect(firstForbiddenCharacter(errors.join(' '))).toBeUndefined();
  });

  test('GIVEN an unknown field whose name holds an escape sequence and a bidi override THEN the name is shown escaped', () => {
    const doc = { ...figuresDoc(), 'x\u001b]0;pwned\u0007\u202e': 1 };
    expect(refused(doc)).toEqual(['data/2025-12-07/figures.json: unknown field "x\\u001b]0;pwned\\u0007\\u202e"']);
  });

  test('GIVEN a figure whose subject is a 990-character slug THEN both its errors quote it shortened', () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[5]!, { subject: 'w'.repeat(990) });
    expect(refused(doc)).toEqual([
      'data/2025-12-07/figures.json figures[5].subject: must be at most 100 characters, got 990',
      `data/2025-12-07/figures.json figures[5].subject: subject "${'w'.repeat(57)}..." is not in "subjects"`,
    ]);
  });

  test('GIVEN a period of a megabyte THEN the error quotes only its start', () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[0]!, { period: '2'.repeat(1_000_000) });
    const errors = refused(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.length).toBeLessThan(300);
    expect(errors[0]).toMatch(
      /^data\/2025-12-07\/figures.json figures\[0\].period: "2{21}\.\.\." is too long for a period \(at most 21 characters\)/,
    );
  });
});

describe('source URLs', () => {
  test.each([
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://apnews.com/article'],
    ['https://apnews.com/a b'],
    ['https://discord.com@evil.example/login'],
    ['https://apnews.com/a)[click](https://evil.example'.replace(')', ' )')],
  ])('GIVEN the url %j THEN it is refused as not a plain https: URL', (url) => {
    const doc = figuresDoc();
    doc.sources[0]!.url = url;
    expect(refused(doc)).toEqual([
      `data/2025-12-07/figures.json sources[0].url: expected an https: URL with no spaces, got ${JSON.stringify(url.length > 60 ? `${url.slice(0, 57)}...` : url)}`,
    ]);
  });

  test('GIVEN a 501-character https URL THEN it is refused by length', () => {
    const doc = figuresDoc();
    doc.sources[0]!.url = `https://apnews.com/${'a'.repeat(482)}`;
    expect(refused(doc)).toEqual(['data/2025-12-07/figures.json sources[0].url: must be at most 500 characters, got 501']);
  });

  test('GIVEN a plain https URL with a path, query and fragment THEN it loads', () => {
    const doc = figuresDoc();
    doc.sources[0]!.url = 'https://www.apnews.com:443/article/stocks-1a2b?utm=x#top';
    const result = buildSnapshot({
      folderName: '2025-12-07',
      folderDisplay: 'data/2025-12-07',
      figures: { display: 'f', text: JSON.stringify(doc) },
      contentHash: 'x',
    });
    expect(result.ok || result.errors).toBe(true);
  });
});

describe('narrative.md limits, checked before marked sees the text', () => {
  const entry = (body: string) => `# week\n\n## 2025-12-05: A week\n\n${body}\n`;

  test('GIVEN a list nested 1,000 deep THEN it is refused at the line that goes past 8 levels, at once', () => {
    const list = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
    const errors = within(500, () => refused(figuresDoc(), entry(list)));
    expect(errors[0]).toBe(
      'data/2025-12-07/narrative.md line 13: lists and quotes nested 9 levels deep (each two columns of indentation count as one); at most 8 are allowed',
    );
    expect(errors).toHaveLength(992);
  });

  test("GIVEN 2,400 list bullets on one line, which overflow marked's stack THEN the line is refused instead", () => {
    expect(within(500, () => refused(figuresDoc(), entry(`${'- '.repeat(2400)}a`)))).toEqual([
      'data/2025-12-07/narrative.md line 5: lists and quotes nested 2400 levels deep (each two columns of indentation count as one); at most 8 are allowed',
    ]);
  });

  test('GIVEN quotes nested 9 deep THEN they are refused; 8 deep load', () => {
    expect(refused(figuresDoc(), entry(`${'> '.repeat(9)}deep`))).toEqual([
      'data/2025-12-07/narrative.md line 5: lists and quotes nested 9 levels deep (each two columns of indentation count as one); at most 8 are allowed',
    ]);
    const ok = buildSnapshot({
      folderName: '2025-12-07',
      folderDisplay: 'data/2025-12-07',
      figures: { display: 'f', text: JSON.stringify(figuresDoc()) },
      narrative: { display: 'n', text: entry(`${'> '.repeat(4)}${'- '.repeat(4)}eight`) },
      contentHash: 'x',
    });
    expect(ok.ok || ok.errors).toBe(true);
  });

  test('GIVEN a list item continued by unindented lazy lines between deeper items THEN the nesting is still counted', () => {
    const lazy = Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}\nlazy text`).join('\n');
    expect(refused(figuresDoc(), entry(lazy))[0]).toBe(
      'data/2025-12-07/narrative.md line 21: lists and quotes nested 9 levels deep (each two columns of indentation count as one); at most 8 are allowed',
    );
  });

  test.each([
    ['- - - + ---\n\t     10) > - - x\n\t        - x', 7],
    ['  1. >- - x\n    - - - >- x', 6],
  ])('GIVEN lines that marked continues lazily inside a quote (%j) THEN their nesting counts from the quote', (lines, line) => {
    expect(refused(figuresDoc(), entry(lines))[0]).toMatch(
      new RegExp(`^data/2025-12-07/narrative.md line ${line}: lists and quotes nested \\d+ levels deep`),
    );
  });

  test('GIVEN thematic breaks written with spaced stars THEN they are not taken for nested lists', () => {
    const ok = buildSnapshot({
      folderName: '2025-12-07',
      folderDisplay: 'data/2025-12-07',
      figures: { display: 'f', text: JSON.stringify(figuresDoc()) },
      narrative: { display: 'n', text: entry('Before.\n\n* * * * * * * * * * * *\n\nAfter.') },
      contentHash: 'x',
    });
    expect(ok.ok || ok.errors).toBe(true);
  });

  test('GIVEN an ESC, a NUL and a bidi isolate in narrative.md THEN each line is refused with the column', () => {
    expect(
      refused(figuresDoc(), entry('Red \u001b[31malert\u001b[0m.\n\nNUL\u0000 here.\n\nA \u2067reversed\u2069 word.\tTabs are fine.')),
    ).toEqual([
      'data/2025-12-07/narrative.md line 5: contains a control character U+001B at column 5; remove it',
      'data/2025-12-07/narrative.md line 7: contains a control character U+0000 at column 4; remove it',
      'data/2025-12-07/narrative.md line 9: contains a bidi control U+2067 at column 3; remove it',
    ]);
  });

  test('GIVEN an entry heading of 3,000 characters THEN the title is refused by length and the message quotes it cut', () => {
    const heading = `# nope${'x'.repeat(3000)}\n\n## base: ${'T'.repeat(300)}\n\nText.\n`;
    expect(refused(figuresDoc(), heading)).toEqual([
      `data/2025-12-07/narrative.md line 1: unknown topic "# nope${'x'.repeat(53)}..."; expected one of # week, # recaps, # commentary, # scenarios, # takeaways`,
      'data/2025-12-07/narrative.md line 3: entry title must be at most 256 characters, got 300',
    ]);
  });

  test('GIVEN a 5,001-character line THEN it is refused with its length', () => {
    expect(refused(figuresDoc(), entry('w'.repeat(5001)))).toEqual([
      'data/2025-12-07/narrative.md line 5: line is 5001 characters long; at most 5000, so break it (a single line break does not show)',
    ]);
  });

  test('GIVEN a paragraph of 4,000 underscores, which marked matches in quadratic time THEN it is refused at once', () => {
    const paragraph = Array.from({ length: 40 }, () => '_a'.repeat(50)).join('\n');
    expect(within(500, () => refused(figuresDoc(), entry(paragraph)))).toEqual([
      'data/2025-12-07/narrative.md line 5: paragraph has more than 500 Markdown marks (* _ ~ [ < `); split it or write fewer',
    ]);
  });

  test('GIVEN 60,000 emphasis marks spread over short paragraphs THEN the file is refused at the line that passes 50,000', () => {
    const paragraphs = Array.from({ length: 1500 }, () => '*a* '.repeat(20)).join('\n\n');
    const errors = within(1000, () => refused(figuresDoc(), entry(paragraphs)));
    expect(errors).toEqual([
      'data/2025-12-07/narrative.md line 2505: the file has more than 50000 Markdown marks (* _ ~ [ < `) by this line; split the narrative or write fewer',
    ]);
  });

  test('GIVEN a million list items, or a table of a million rows THEN the file is refused at the line past 50,000, at once', () => {
    for (const line of ['- a', '|x|y|']) {
      const body = `${line === '|x|y|' ? '|a|b|\n|-|-|\n' : ''}${Array(1_000_000).fill(line).join('\n')}`;
      const errors = within(1500, () => refused(figuresDoc(), entry(body)));
      expect(errors).toEqual([
        'data/2025-12-07/narrative.md line 50005: more than 50000 list items, quote lines and table rows by this line; split the narrative',
      ]);
    }
  });

  test('GIVEN 5,001 narrative entries THEN the one past the limit is reported', () => {
    const entries = Array.from({ length: 5001 }, (_, i) => `## e${i}: Entry\n\nText.\n`).join('\n');
    expect(within(5000, () => refused(figuresDoc(), `# takeaways\n\n${entries}`))).toEqual([
      'data/2025-12-07/narrative.md line 20003: more than 5000 entries; split the narrative across snapshots',
    ]);
  });

  test('GIVEN a quote inside a list item that makes marked throw THEN the file is refused with a message instead of a crash', () => {
    expect(refused(figuresDoc(), entry('- x\n  > - \nx'))).toEqual([
      "data/2025-12-07/narrative.md: the Markdown parser failed on this file (Cannot read properties of undefined (reading 'raw')); simplify its lists and quotes",
    ]);
  });

  test('GIVEN a list of 10,000 items with code and markers THEN it is parsed in linear time', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => `- item ${i} \`code\` [3]`).join('\n');
    const result = within(3000, () =>
      buildSnapshot({
        folderName: '2025-12-07',
        folderDisplay: 'data/2025-12-07',
        figures: { display: 'f', text: JSON.stringify(figuresDoc()) },
        narrative: { display: 'n', text: `${NARRATIVE}\n# week\n\n## 2025-12-05: Long\n\n${list}\n` },
        contentHash: 'x',
      }),
    );
    expect(result.ok && result.value.narrative.at(-1)?.sources).toEqual([3]);
  });
});
