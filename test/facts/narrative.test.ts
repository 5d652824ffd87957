import { describe, expect, test } from 'vitest';
import { parseNarrative } from '../../src/facts/parseNarrative';

const FILE = 'data/2025-12-07/narrative.md';
const SOURCES: ReadonlySet<number> = new Set([3, 4]);

function problems(text: string): string[] {
  const result = parseNarrative(text, FILE, SOURCES);
  if (result.ok) return expect.fail('expected the narrative to be rejected');
  return result.errors.map((e) => `${e.location}: ${e.message}`);
}

describe('parseNarrative accepts the grammar', () => {
  test('GIVEN topics with keyed entries THEN each entry has its topic, key, title, body, sources in first-use order and heading line', () => {
    const text = [
      '# commentary',
      '',
      '## valuation: Still cheap',
      'A discount [4], again [4] and [3].',
      '',
      '## short-interest: Crowded',
      '',
      '> Quoted [3]',
      '',
    ].join('\n');
    const result = parseNarrative(text, FILE, SOURCES);
    expect(result).toEqual({
      ok: true,
      value: [
        {
          topic: 'commentary',
          key: 'valuation',
          title: 'Still cheap',
          markdown: 'A discount [4], again [4] and [3].',
          sources: [4, 3],
          file: FILE,
          line: 3,
        },
        { topic: 'commentary', key: 'short-interest', title: 'Crowded', markdown: '> Quoted [3]', sources: [3], file: FILE, line: 6 },
      ],
    });
  });

  test('GIVEN a Markdown link [3](url) THEN it is a link, not a citation of source 3', () => {
    const result = parseNarrative('# takeaways\n\n## trend: Up\n\nSee [3](https://example.com) and [4].\n', FILE, SOURCES);
    expect(result.ok && result.value[0]?.sources).toEqual([4]);
  });
});

describe('parseNarrative rejects bad structure with the line', () => {
  test('GIVEN text before the first heading THEN it is reported at its line', () => {
    expect(problems('\nThis week in small caps.\n\n# week\n\n## 2025-12-07: Near highs\n\nText.\n')).toEqual([
      'line 2: text before the first heading: "This week in small caps."; the file must start with a "# topic" heading',
    ]);
  });

  test('GIVEN a level-3 heading THEN it is reported at its line', () => {
    expect(problems('# scenarios\n\n## base: Sideways\n\nText.\n\n### Details\n\nMore.\n')).toEqual([
      'line 7: level-3 heading "### Details" is not allowed; entries are "## key: Title" under a "# topic"',
    ]);
  });

  test('GIVEN an entry heading without "key: Title" THEN the expected form is shown', () => {
    expect(problems('# scenarios\n\n## Base case\n\nText.\n')).toEqual([
      'line 3: entry heading must read "## key: Title" with a lower-case key such as "base" or "2025-12-05", got "## Base case"',
    ]);
  });

  test('GIVEN an upper-case key THEN it is rejected as not a lower-case key', () => {
    expect(problems('# scenarios\n\n## Base: Sideways\n\nText.\n')).toHaveLength(1);
  });

  test('GIVEN an entry heading before any topic THEN it is reported as outside a topic', () => {
    expect(problems('## base: Sideways\n\nText.\n')).toEqual([
      'line 1: "## base: Sideways" is outside a topic; put it under one of # week, # recaps, # commentary, # scenarios, # takeaways',
    ]);
  });

  test('GIVEN an unknown topic THEN the topics allowed are listed', () => {
    expect(problems('# outlook\n\n## base: Sideways\n\nText.\n')).toEqual([
      'line 1: unknown topic "# outlook"; expected one of # week, # recaps, # commentary, # scenarios, # takeaways',
    ]);
  });

  test('GIVEN a topic twice THEN the second is reported with the line of the first', () => {
    expect(problems('# scenarios\n\n## base: A\n\nText.\n\n# scenarios\n\n## bull: B\n\nText.\n')).toEqual([
      'line 7: topic "# scenarios" appears twice (first at line 1)',
    ]);
  });

  test('GIVEN a duplicate key within a topic THEN the second is reported with the line of the first', () => {
    expect(problems('# scenarios\n\n## base: A\n\nText.\n\n## base: B\n\nText.\n')).toEqual([
      'line 7: duplicate key "base" under "# scenarios" (first at line 3)',
    ]);
  });

  test('GIVEN the same key under two topics THEN both load', () => {
    const result = parseNarrative('# commentary\n\n## valuation: A\n\nText.\n\n# takeaways\n\n## valuation: B\n\nText.\n', FILE, SOURCES);
    expect(result.ok && result.value.map((e) => e.topic)).toEqual(['commentary', 'takeaways']);
  });

  test('GIVEN a recap keyed by an impossible date THEN the key is rejected as not a calendar date', () => {
    expect(problems('# recaps\n\n## 2025-02-30: Nothing\n\nText.\n')).toEqual([
      'line 3: under "# recaps" the key must be a calendar date YYYY-MM-DD, got "2025-02-30"',
    ]);
  });

  test('GIVEN a week entry keyed by a word THEN the key is rejected as not a calendar date', () => {
    expect(problems('# week\n\n## summary: The week\n\nText.\n')).toEqual([
      'line 3: under "# week" the key must be a calendar date YYYY-MM-DD, got "summary"',
    ]);
  });

  test('GIVEN an entry with no text THEN it is reported at its heading', () => {
    expect(problems('# scenarios\n\n## base: Sideways\n\n## bull: Up\n\nText.\n')).toEqual([
      'line 3: entry "## base: Sideways" has no text',
    ]);
  });

  test('GIVEN a raw HTML block or inline HTML THEN each is reported at its line', () => {
    expect(problems('# scenarios\n\n## base: Sideways\n\n<div>boxed</div>\n\nSome <b>bold</b>\ntext.\n')).toEqual([
      'line 5: raw HTML is not allowed: "<div>boxed</div>"',
      'line 7: raw HTML is not allowed: "<b>"',
      'line 7: raw HTML is not allowed: "</b>"',
    ]);
  });

  test('GIVEN a heading hidden inside a quote THEN it is reported at its line', () => {
    expect(problems('# scenarios\n\n## base: Sideways\n\nText.\n\n> # week\n')).toEqual([
      'line 7: headings inside lists or quotes are not allowed: "# week"',
    ]);
  });

  test('GIVEN text under a topic but before its first entry THEN it is reported', () => {
    expect(problems('# scenarios\n\nStray words.\n\n## base: Sideways\n\nText.\n')).toEqual([
      'line 3: text under "# scenarios" must belong to a "## key: Title" entry: "Stray words."',
    ]);
  });

  test('GIVEN a marker citing a source not in figures.json THEN it is reported at the marker line', () => {
    expect(problems('# scenarios\n\n## base: Sideways\n\nFirst line [3].\nSecond line [7].\n')).toEqual([
      'line 6: source [7] is not in figures.json "sources"',
    ]);
  });

  test('GIVEN several problems THEN all are reported in line order', () => {
    expect(problems('Intro.\n\n# outlook\n\n## base: A\n\nText.\n\n# scenarios\n\n### Deep\n')).toEqual([
      'line 1: text before the first heading: "Intro."; the file must start with a "# topic" heading',
      'line 3: unknown topic "# outlook"; expected one of # week, # recaps, # commentary, # scenarios, # takeaways',
      'line 11: level-3 heading "### Deep" is not allowed; entries are "## key: Title" under a "# topic"',
    ]);
  });
});
