import { describe, test, expect } from 'vitest';
import { markdownToDiscord } from '../../src/render/markdownToDiscord';

describe('markdownToDiscord', () => {
  test('GIVEN headings of any level THEN each becomes a bold line of its own', () => {
    expect(markdownToDiscord('# Week\n\n### 5 December: *Data* rally\n\nText.')).toEqual([
      '**Week**',
      '**5 December: *Data* rally**',
      'Text.',
    ]);
  });

  test('GIVEN a paragraph with emphasis, strong, strike, code and [n] markers THEN all are kept as written', () => {
    expect(markdownToDiscord('The index *slipped* **0.4%** to `2,521.48`, ~~a record~~. [3] [4]')).toEqual([
      'The index *slipped* **0.4%** to `2,521.48`, ~~a record~~. [3] [4]',
    ]);
  });

  test('GIVEN a paragraph wrapped over lines THEN it reads as one line; a hard break stays a break', () => {
    expect(markdownToDiscord('Small caps rose\nfor a week.  \nThen paused.')).toEqual(['Small caps rose for a week.\nThen paused.']);
  });

  test('GIVEN links THEN they become masked links, bare URLs stay bare, and parentheses cannot end them early', () => {
    expect(
      markdownToDiscord(
        'See [AP](https://apnews.com/x "AP") and https://example.com and [wiki](https://en.wikipedia.org/wiki/Russell_(index)).',
      ),
    ).toEqual(['See [AP](https://apnews.com/x) and https://example.com and [wiki](https://en.wikipedia.org/wiki/Russell_%28index%29).']);
  });

  test('GIVEN an image THEN it becomes a link to the image', () => {
    expect(markdownToDiscord('![RUT chart](https://img.example.com/rut.png)')).toEqual(['[RUT chart](https://img.example.com/rut.png)']);
  });

  test('GIVEN nested and ordered lists THEN markers, numbering and indentation survive', () => {
    const md = [
      '- Global risk-on mood',
      '  - MSCI up',
      '  - Nikkei down',
      '- Short interest',
      '',
      '3. three',
      '4. four',
      '   1. four-a',
    ].join('\n');
    expect(markdownToDiscord(md)).toEqual([
      '- Global risk-on mood\n  - MSCI up\n  - Nikkei down\n- Short interest',
      '3. three\n4. four\n   1. four-a',
    ]);
  });

  test('GIVEN a loose list with several paragraphs in an item THEN the item stays together, indented', () => {
    expect(markdownToDiscord('1. First\n\n   More on first.\n\n2. Second')).toEqual(['1. First\n\n   More on first.\n\n2. Second']);
  });

  test('GIVEN task list items THEN they show a ticked or empty box', () => {
    expect(markdownToDiscord('- [x] Fed cut priced\n- [ ] Earnings beat')).toEqual(['- ☑ Fed cut priced\n- ☐ Earnings beat']);
  });

  test('GIVEN a table THEN it becomes an aligned monospace block, honouring right alignment and dropping Markdown marks', () => {
    const md = '| Index | Short interest |\n|:--|--:|\n| **Russell 2000** | 5.5% |\n| S&P 500 | 2.4% |';
    expect(markdownToDiscord(md)).toEqual([
      '```\nIndex        | Short interest\n-------------+---------------\nRussell 2000 |           5.5%\nS&P 500      |           2.4%\n```',
    ]);
  });

  test('GIVEN tables whose long cells would pad every row THEN they are shown as text, in size linear in what was written, within a second', () => {
    const columns = 50;
    const rows = Array.from(
      { length: columns },
      (_, r) => `|${Array.from({ length: columns }, (_, c) => (c === r ? 'x'.repeat(140) : '')).join('|')}|`,
    );
    const one = [`|${'h|'.repeat(columns)}`, `|${'-|'.repeat(columns)}`, ...rows].join('\n');
    const md = Array.from({ length: 5 }, () => one).join('\n\n');
    const started = performance.now();
    const shown = markdownToDiscord(md);
    expect(performance.now() - started).toBeLessThan(1000);
    // Aligned, each of these 10 KB tables was 360,000 characters.
    expect(shown.join('\n\n').length).toBeLessThan(2 * md.length);
    expect(shown).toHaveLength(5);
    expect(shown[0]).toContain('x'.repeat(140));
  });

  test('GIVEN raw HTML THEN blocks vanish with their content, inline tags vanish but their words stay, scripts vanish whole', () => {
    const md = '<div class="ad">Buy now</div>\n\nSmall caps <b>rallied</b> <script>track()</script>today.\n\n<!-- editor note -->';
    expect(markdownToDiscord(md)).toEqual(['Small caps rallied today.']);
  });

  test('GIVEN a block quote with two paragraphs THEN every line is quoted', () => {
    expect(markdownToDiscord('> this is not the time\n> to cash out\n>\n> said one manager')).toEqual([
      '> this is not the time to cash out\n> \n> said one manager',
    ]);
  });

  test('GIVEN a fenced code block THEN fence and language are kept and its content is untouched', () => {
    expect(markdownToDiscord('```ts\nconst a = b * c_d;\n```')).toEqual(['```ts\nconst a = b * c_d;\n```']);
  });

  test('GIVEN characters Discord would read as formatting but Markdown does not THEN they are escaped', () => {
    expect(markdownToDiscord('snake_case and 5 * 3 * 2 and a || b and \\*literal\\*')).toEqual([
      'snake\\_case and 5 \\* 3 \\* 2 and a \\|\\| b and \\*literal\\*',
    ]);
  });

  test('GIVEN a thematic break or blank input THEN no empty blocks are returned', () => {
    expect(markdownToDiscord('One\n\n---\n\nTwo')).toEqual(['One', 'Two']);
    expect(markdownToDiscord('')).toEqual([]);
    expect(markdownToDiscord('   \n\n')).toEqual([]);
  });
});

describe('markdownToDiscord and bare domain names', () => {
  test('GIVEN a publisher written as www.reuters.com THEN it stays text, while a written link stays a link', () => {
    expect(markdownToDiscord('**[1]** www.reuters.com and [the report](https://example.com/r)')).toEqual([
      '**[1]** www.reuters.com and [the report](https://example.com/r)',
    ]);
  });
});

describe('markdownToDiscord and hostile text', () => {
  test('GIVEN links that are not https THEN only their text is kept', () => {
    expect(
      markdownToDiscord(
        '[click](javascript:alert(1)) [file](file:///etc/passwd) [plain](http://example.com/x) ![img](data:image/png;base64,AAAA) <ftp://example.com>',
      ),
    ).toEqual(['click file plain img ftp://example.com']);
  });

  test('GIVEN a link inside a link THEN, as in CommonMark, only the inner one is a link and the outer stays text', () => {
    expect(markdownToDiscord('[see [AP](https://apnews.com/a) now](https://evil.example/x)')).toEqual([
      '[see [AP](https://apnews.com/a) now]\\(https://evil.example/x)',
    ]);
  });

  test('GIVEN a link whose URL holds parentheses, spaces or angle brackets THEN they are percent-encoded', () => {
    expect(markdownToDiscord('[x](<https://a.example/b) [evil](https://c.example> "t")')).toEqual([
      '[x](https://a.example/b%29%20%5Bevil%5D%28https://c.example)',
    ]);
  });

  test('GIVEN a bracket and a parenthesis that meet only once an HTML tag is dropped THEN they do not make a link', () => {
    expect(markdownToDiscord('[a]<b>(javascript:alert(1)) and [c]<i>(https://d.example)')).toEqual([
      '[a]\\(javascript:alert(1)) and [c]\\(https://d.example)',
    ]);
  });

  test('GIVEN mentions, @everyone and timestamp tags in the text THEN they come out escaped, not as tags', () => {
    expect(markdownToDiscord('Hi <@123456789012345678> <@&42> <#7> @everyone @here <t:99999999999999999:R> </ban:1>')).toEqual([
      'Hi \\<@123456789012345678> \\<@&42> \\<#7> @\u200beveryone @\u200bhere \\<t:99999999999999999:R> \\</ban:1>',
    ]);
  });

  test('GIVEN spoilers, subtext and a masked link spelt in plain text THEN none of them renders', () => {
    expect(markdownToDiscord('a ||secret|| b\n\n-# small print')).toEqual(['a \\|\\|secret\\|\\| b', '\\-# small print']);
  });

  test('GIVEN four or more backticks inside code THEN none of them can close the block early', () => {
    const [block] = markdownToDiscord('~~~\na ```` b ``` c\n~~~');
    expect(block).toBe('```\na `\u200b`\u200b`\u200b` b `\u200b`\u200b` c\n```');
    expect(block!.match(/```/g)).toHaveLength(2);
  });

  test('GIVEN a code fence whose language tag holds backticks THEN the tag cannot close the fence', () => {
    expect(markdownToDiscord('~~~x```y\ncode\n~~~')).toEqual(['```xy\ncode\n```']);
  });

  test('GIVEN a list nested a thousand deep THEN it comes back quickly as escaped text with every word', () => {
    const md = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item${i}`).join('\n');
    const started = performance.now();
    const blocks = markdownToDiscord(md);
    expect(performance.now() - started).toBeLessThan(1000);
    const text = blocks.join('\n');
    expect(text).toContain('item0');
    expect(text).toContain('item999');
  });

  test("GIVEN emphasis nested thousands deep, which overflows marked's stack THEN its words come back as escaped text", () => {
    const md = `${'**'.repeat(2400)}deep${'**'.repeat(2400)}`;
    const blocks = markdownToDiscord(md);
    expect(blocks.join('')).toContain('deep');
    expect(blocks.join('').startsWith('\\*\\*')).toBe(true);
  });

  test('GIVEN a 100,000-character word or a long run of emphasis marks THEN it converts in well under a second', () => {
    for (const md of [`Intro ${'w'.repeat(100_000)} outro`, '_a'.repeat(50_000), '*a'.repeat(50_000)]) {
      const started = performance.now();
      const blocks = markdownToDiscord(md);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(blocks.join('').replace(/\\/g, '').length).toBeGreaterThanOrEqual(md.length);
    }
  });
});
