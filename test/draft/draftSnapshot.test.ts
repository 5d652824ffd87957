import { readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { decodeArticle } from '../../src/draft/articleInput';
import { MAX_UPLOAD_BYTES } from '../../src/facts/dataLimits';
import { draftSnapshot, type Draft } from '../../src/draft/draftSnapshot';
import { buildSnapshot } from '../../src/facts/buildSnapshot';
import { DRAFT_FIXTURES, KNOWN_SUBJECTS, PREVIOUS_FIGURES } from './draftFixtures';

const shipped = DRAFT_FIXTURES[0]!;
const article = readFileSync(shipped.path, 'utf8');

function draft(text: string, asOf?: string): Draft {
  const result = draftSnapshot({ article: text, knownSubjects: KNOWN_SUBJECTS, ...(asOf !== undefined && { asOf }) });
  if (!result.ok) throw new Error(result.error);
  return result.draft;
}

function refused(text: string, asOf?: string): string {
  const result = draftSnapshot({ article: text, ...(asOf !== undefined && { asOf }) });
  if (result.ok) throw new Error('expected the draft to be refused');
  return result.error;
}

/** A draft accepted by the loader's own validation, as a reload would see it. */
function loads(d: Draft): string[] {
  const result = buildSnapshot({
    folderName: d.asOf,
    folderDisplay: `drafts/${d.asOf}`,
    figures: { display: `drafts/${d.asOf}/figures.json`, text: JSON.stringify(d.figuresFile) },
    narrative: { display: `drafts/${d.asOf}/narrative.md`, text: d.narrative },
    contentHash: 'test',
  });
  return result.ok ? [] : result.errors.map((e) => `${e.file} ${e.location ?? ''} ${e.message}`);
}

const small = (body: string, references = 'References\n1. www.reuters.com, 2. apnews.com') => `${body}\n${references}\n`;

describe('GIVEN a file that is not an article THEN one clear error', () => {
  test('GIVEN an empty file THEN it is refused as empty', () => {
    expect(decodeArticle(new Uint8Array())).toEqual({ ok: false, error: 'the article is empty' });
  });
  test('GIVEN a NUL byte THEN it is refused as binary', () => {
    expect(decodeArticle(Buffer.from('text\0more'))).toMatchObject({ ok: false, error: expect.stringContaining('binary') });
  });
  test('GIVEN invalid UTF-8 THEN it is refused as such', () => {
    expect(decodeArticle(Buffer.from([0x41, 0xff, 0x42]))).toEqual({ ok: false, error: 'the article is not valid UTF-8 text' });
  });
  test('GIVEN one byte over 1 MiB THEN it is refused with the limit', () => {
    const error = decodeArticle(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61));
    expect(error).toMatchObject({ ok: false, error: expect.stringContaining('the limit is 1 MiB') });
  });
  test('GIVEN no reference list THEN the error says the article needs one', () => {
    expect(refused('On 5 December 2025 the S&P 500 rose 1% on the day. [1]')).toContain('no reference list');
  });
  test('GIVEN a marker with no reference THEN the error names its line', () => {
    expect(refused(small('Intro on 5 December 2025. [1]\nThe S&P 500 rose 1% on the day. [7]'))).toBe(
      'line 2: [7] has no entry in the reference list',
    );
  });
  test('GIVEN a plain-text article of 1 MB in 100,000 short lines THEN its answer comes within seconds, not half a minute', () => {
    const body = '| a | b |\n|---|---|\n'.repeat(50_000);
    const started = performance.now();
    expect(refused(small(body), '2025-12-07')).toContain('no figure could be drafted');
    // Finding each line's next non-blank line by slicing the rest of the article took 30 s here.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
  test('GIVEN an as-of date that is not a real date THEN it is refused', () => {
    expect(refused(article, '2025-02-30')).toBe('--as-of "2025-02-30" is not a real date written YYYY-MM-DD');
  });
});

describe('GIVEN the shipped article THEN the draft is a snapshot the loader accepts', () => {
  const d = draft(article);
  test('THEN the as-of date is the last date the article covers, and says so', () => {
    expect([d.asOf, d.asOfReason]).toEqual(['2025-12-07', 'the last date the article covers (its dated headings and date ranges)']);
  });
  test('THEN figures.json and narrative.md pass the loader as they are', () => {
    expect(loads(d)).toEqual([]);
  });
  test('THEN every reference is a source, numbered and named as printed', () => {
    expect(d.figuresFile.sources).toHaveLength(42);
    expect(d.figuresFile.sources[2]).toEqual({ number: 3, publisher: 'apnews.com' });
  });
  test('THEN the narrative has the week, the three day recaps, the scenarios and no disclaimer', () => {
    const headings = d.narrative.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual(
      expect.arrayContaining([
        '# week',
        '## 2025-12-05: Data-Driven Rally Fades Into a Small-Cap Dip',
        '## base: Base Case – Gradual Outperformance, Fed-Supported Soft Landing',
      ]),
    );
    expect(headings.filter((h) => /^## 2025-12-0[567]:/.test(h))).toHaveLength(4);
    expect(d.narrative).not.toContain('not investment advice');
    expect(d.narrative).toContain('[31]');
  });
});

describe('GIVEN Markdown debris in list items THEN the draft still loads, the debris kept as text', () => {
  test('GIVEN a list item holding a heading, a quote or a fence (FUZZ_SEED=-453989558 found the first) THEN narrative.md passes the loader', () => {
    const d = draft(small('- ### \n- > quoted\n- ```\nOn Friday, 5 December 2025, the Russell 2000 rose 0.5% on the day. [1]'));
    expect(loads(d)).toEqual([]);
    expect(d.narrative).toContain('- \\### ');
    expect(d.narrative).toContain('- quoted');
    expect(d.narrative).toContain('- \\```');
  });
});

describe('GIVEN a number the drafter cannot place THEN it is not invented', () => {
  test('GIVEN a level of an index it does not know THEN the number is unresolved with its line and text', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the S&P 500 rose 1.2% on the day. [1]\nThe Cboe Volatility Index jumped to 24.5, its highest close since January. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([['sp-500', 'change-1d', 1.2]]);
    expect(d.unresolved).toEqual([
      expect.objectContaining({
        line: 2,
        number: '24.5',
        text: 'The Cboe Volatility Index jumped to 24.5, its highest close since January. [2]',
      }),
    ]);
  });
  test('GIVEN a move over an unstated span ("since April") THEN it is not read as a daily move', () => {
    const d = draft(small('On Friday, 5 December 2025, the Russell 2000 rose 0.5% on the day and has rallied 25% since April. [1]'));
    expect(d.figures.map((f) => [f.figure.metric, f.figure.value])).toEqual([['change-1d', 0.5]]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['25%']);
  });

  test('GIVEN a sentence about something else after one about an index THEN its move is not lent the index', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the S&P 500 rose 1% on the day, bringing its year-to-date gain to 15%. Oil fell 2% on the day. [1]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([['sp-500', 'change-1d', 1]]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['15%', '2%']);
  });

  test('GIVEN a level reached ("rose to 1.5%") THEN it is not read as a move', () => {
    const d = draft(
      small("On Friday, 5 December 2025, the S&P 500 rose 1% on the day. [1] The S&P 500's dividend yield rose to 1.5% on the day. [2]"),
    );
    expect(d.figures.map((f) => f.figure.value)).toEqual([1]);
    expect(d.unresolved.map((u) => [u.number, u.reason])).toEqual([['1.5%', 'no metric of the catalogue fits the words around 1.5%']]);
  });

  test('GIVEN a level written without a thousands comma ("2015.3") THEN it is a number, not the year 2015', () => {
    const d = draft(small('On Friday, 5 December 2025, the S&P 500 slipped 0.2% to 2015.3. [1]'));
    expect(d.figures.map((f) => [f.figure.metric, f.figure.value])).toEqual([
      ['change-1d', -0.2],
      ['close', 2015.3],
    ]);
  });

  test('GIVEN a fall THEN the figure is negative, and a range keeps both ends', () => {
    const d = draft(
      small('On Friday, 5 December 2025, the Russell 2000 slipped 0.4% on the day and the Nikkei 225 lost 1–2% for the week. [1]'),
    );
    expect(d.figures.map((f) => f.figure.value)).toEqual([-0.4, { low: -2, high: -1 }]);
  });
  test('GIVEN a fall written "gave up", "shed", "plunged" or "slumped" THEN it is a move and negative, never a rise', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the S&P 500 gave up 0.3% on the day, the Dow shed 0.6% on the day, the Nasdaq plunged 1.5% on the day and the Russell 2000 slumped 2.1% on the day. [1]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([
      ['sp-500', 'change-1d', -0.3],
      ['dow', 'change-1d', -0.6],
      ['nasdaq-composite', 'change-1d', -1.5],
      ['russell-2000', 'change-1d', -2.1],
    ]);
  });
  test("GIVEN a list introduced by words of another metric THEN an item's own 'on the day' decides, not the introduction", () => {
    const d = draft(
      small(
        'Intro on Friday, 5 December 2025. [1]\nShort interest barely moved as stocks rallied:\n- On the day, the S&P 500 rose 1% while the Dow slipped 0.5%. [2]\n- The Russell 2000 stood at 5.5%. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([
      ['sp-500', 'change-1d', 1],
      ['dow', 'change-1d', -0.5],
      ['russell-2000', 'short-interest', 5.5],
    ]);
  });
  test('GIVEN a "Year to Date" heading right over a list THEN its items are year-to-date moves, each of its own subject', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the Dow rose 0.2% on the day. [1]\nYear to Date\n- S&P 500: down about 1.2% in 2025\n- Russell 2000: down roughly 3.1%\n[2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value, f.figure.period])).toEqual([
      ['dow', 'change-1d', 0.2, '2025-12-05'],
      ['sp-500', 'ytd-return', -1.2, '2025'],
      ['russell-2000', 'ytd-return', -3.1, '2025'],
    ]);
  });
  test('GIVEN moves that may happen ("could fall 10%", "is forecast to rise 0.3%") THEN they are unresolved, not figures', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the S&P 500 rose 1% on the day but could fall 10% if the Fed holds. [1]\nCore PCE is forecast to rise 0.3% month on month in December. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([['sp-500', 'change-1d', 1]]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['10%', '0.3%']);
  });
  test('GIVEN a clause with an actor of its own ("while the yen fell", "with Nvidia up") THEN its move is not lent the index before it', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the Nikkei 225 rose 2.3% on the day while the yen fell 1.1%. [1]\nThe S&P 500 rose 0.4% on the day, with Nvidia up 2.5%, and then gave back 0.2% over the week. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([
      ['nikkei-225', 'change-1d', 2.3],
      ['sp-500', 'change-1d', 0.4],
      ['sp-500', 'change-1w', -0.2],
    ]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['1.1%', '2.5%']);
  });
  test('GIVEN "lost 120 points, or 0.3%" THEN the percentage is a fall, and "rose 90 points, or 0.2%" a rise', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the Dow lost 120 points, or 0.3%, on the day, and the S&P 500 rose 90 points, or 0.2%, on the day. [1]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([
      ['dow', 'change-1d', -0.3],
      ['sp-500', 'change-1d', 0.2],
    ]);
  });
  test('GIVEN "closed 0.3% lower" and "fell 0.5%, and the Nasdaq 0.9%" THEN both are falls; "after a 0.8% gain" stays a rise', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the Dow closed 0.3% lower on the day. [1]\nThe S&P 500 fell 0.5% on the day, and the Nasdaq 0.9%. [2]\nThe Russell 2000 was down 1.3% for the week, after a 0.8% gain the week before. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.subject, f.figure.metric, f.figure.value])).toEqual([
      ['dow', 'change-1d', -0.3],
      ['sp-500', 'change-1d', -0.5],
      ['nasdaq-composite', 'change-1d', -0.9],
      ['russell-2000', 'change-1w', -1.3],
      ['russell-2000', 'change-1w', 0.8],
    ]);
  });
  test('GIVEN "down 8% from its November high" THEN the distance from a high is unresolved, not a move', () => {
    const d = draft(
      small(
        'On Friday, 5 December 2025, the Dow rose 0.4% on the day. [1]\nOn Friday, 5 December 2025, the Russell 2000 was down 8% from its November high. [2]',
      ),
    );
    expect(d.figures.map((f) => [f.figure.metric, f.figure.value])).toEqual([['change-1d', 0.4]]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['8%']);
  });
  test('GIVEN "14x for the Russell 2000" in a dated sentence THEN the index name is not the year 2000 of its period', () => {
    const d = draft(small('On Friday, 5 December 2025, the S&P 500 trades at 21.5x forward earnings versus 14x for the Russell 2000. [1]'));
    expect(d.figures.map((f) => [f.figure.subject, f.figure.value, f.figure.period])).toEqual([
      ['sp-500', 21.5, '2025-12-05'],
      ['russell-2000', 14, '2025-12-05'],
    ]);
  });
  test('GIVEN "fell 1.5% over the week, and 3% in November" THEN the month\'s move is unresolved, neither a weekly nor a daily move', () => {
    const d = draft(small('On Friday, 5 December 2025, the Russell 2000 fell 1.5% over the week, and 3% in November. [1]'));
    expect(d.figures.map((f) => [f.figure.metric, f.figure.value])).toEqual([['change-1w', -1.5]]);
    expect(d.unresolved.map((u) => u.number)).toEqual(['3%']);
  });
  test('GIVEN "after falling 1% on Thursday" in a sentence dated Friday THEN that move is the Thursday\'s, and a fall', () => {
    const d = draft(small('On Friday, 5 December 2025, the S&P 500 rose 0.5% on the day after falling 1% on Thursday. [1]'));
    expect(d.figures.map((f) => [f.figure.value, f.figure.period])).toEqual([
      [0.5, '2025-12-05'],
      [-1, '2025-12-04'],
    ]);
    expect(new Set(d.figures.map((f) => f.id)).size).toBe(2);
  });
  test('GIVEN a number in text no marker closes THEN it is unresolved, since a figure needs a source', () => {
    const d = draft(small('On Friday, 5 December 2025, the S&P 500 rose 1.2% on the day. [1]\nThe Dow fell 0.5% on the day.'));
    expect(d.unresolved).toEqual([expect.objectContaining({ line: 2, number: '0.5%', reason: expect.stringContaining('no [n] marker') })]);
  });
});

describe('GIVEN a plain-text reference list with one reference per line THEN each becomes a source', () => {
  test('GIVEN "1. host" and "2. Publisher — title" lines THEN numbers, publishers and titles are kept as printed', () => {
    const d = draft(
      'On Friday, 5 December 2025, the S&P 500 rose 1.2% on the day. [2]\nReferences\n1. www.reuters.com\n2. AP News — Stocks edge higher\n',
    );
    expect(d.figuresFile.sources).toEqual([
      { number: 1, publisher: 'www.reuters.com' },
      { number: 2, publisher: 'AP News', title: 'Stocks edge higher' },
    ]);
    expect(d.figures.map((f) => f.figure.sources)).toEqual([[2]]);
  });
});

describe('GIVEN the previous snapshot THEN ids stay stable', () => {
  test('GIVEN the curated data as the previous snapshot THEN every drafted figure keeps the curated id', () => {
    const result = draftSnapshot({ article, knownSubjects: KNOWN_SUBJECTS, previousFigures: PREVIOUS_FIGURES });
    if (!result.ok) throw new Error(result.error);
    expect(result.draft.figures.map((f) => f.id).sort()).toEqual(PREVIOUS_FIGURES.map((f) => f.id).sort());
  });
  test('GIVEN no previous snapshot THEN ids read subject, metric and period', () => {
    expect(draft(article).figures[0]!.id).toBe('russell-2000-change-1d-2025-12-05');
  });
});

describe('GIVEN a Markdown article THEN its reference list and hostile Markdown are handled', () => {
  const md = [
    '# Weekly wrap: 1–5 June 2026',
    '',
    'Stocks rose. [1]',
    '',
    '## 5 June: Friday',
    '',
    '<script>alert(1)</script> The S&P 500 rose 0.7% on Friday, 5 June 2026. [2]',
    '#### Deep heading',
    '```',
    '- - - - - - - - - - nested [2]',
    '',
    '## References',
    '',
    '1. Example Wire — Weekly wrap https://www.example-wire.com/wrap',
    '2. [Example News](http://example.com/a)',
  ].join('\n');
  const d = draft(md);
  test('THEN a title and https URL are kept, an http URL is dropped, the publisher is the host', () => {
    expect(d.figuresFile.sources).toEqual([
      { number: 1, publisher: 'www.example-wire.com', title: 'Weekly wrap', url: 'https://www.example-wire.com/wrap' },
      { number: 2, publisher: 'example.com', title: 'Example News' },
    ]);
  });
  test('THEN raw HTML, a code fence and deep nesting do not break the narrative', () => {
    expect(loads(d)).toEqual([]);
    expect(d.figures.map((f) => f.id)).toEqual(['sp-500-change-1d-2026-06-05']);
  });
});
