import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { PAGE_LENGTH, pagedReply, pagesOf } from '../../src/render/pagedText';
import { splitReply } from '../../src/render/fitReply';
import { DISCORD_LIMITS } from '../../src/render/discordLimits';
import type { ReplyButton } from '../../src/reply';

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

function buttons(reply: ReturnType<typeof pagedReply>): ReplyButton[] {
  return (reply.components ?? []).flat().filter((c): c is ReplyButton => c.kind === 'button');
}

const customId = (page: number): string => `recap:week:2025-12-07:${page}`;

describe('pagesOf', () => {
  test('GIVEN blocks that fit one page THEN they make one page joined by blank lines', () => {
    expect(pagesOf(['One.', 'Two.'], 100)).toEqual(['One.\n\nTwo.']);
  });

  test('GIVEN a heading that would be the last line of a page THEN it starts the next page with its text', () => {
    const pages = pagesOf(['a'.repeat(30), '**5 December: rally fades**', 'b'.repeat(30)], 70);
    expect(pages).toEqual(['a'.repeat(30), `**5 December: rally fades**\n\n${'b'.repeat(30)}`]);
  });

  test('GIVEN a heading and a word that do not fit one page together THEN the word is cut so the heading keeps its start', () => {
    const pages = pagesOf(['**Heading**', 'b'.repeat(30)], 30);
    expect(pages[0]).toBe(`**Heading**\n\n${'b'.repeat(17)}`);
    expect(pages.join('').replace(/[^b]/g, '')).toBe('b'.repeat(30));
  });

  test('GIVEN a heading followed by text longer than a page THEN the heading opens a page with the start of its text', () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const pages = pagesOf(['Intro.', '## The week', text], 60);
    expect(pages[0]).toBe('Intro.');
    expect(pages[1]?.startsWith('## The week\n\nword0')).toBe(true);
    expect(words(pages.join(' '))).toEqual(words(`Intro. ## The week ${text}`));
  });

  test('GIVEN no blocks THEN there are no pages', () => {
    expect(pagesOf([])).toEqual([]);
  });

  test('GIVEN any blocks THEN every page fits, no page ends on a heading, and every character is kept in order', () => {
    const text = fc.stringMatching(/^[a-z]{1,30}( [a-z]{1,30}){0,40}$/);
    const heading = fc.stringMatching(/^[a-z]{1,12}( [a-z]{1,12}){0,5}$/).map((t) => `**${t}**`);
    // As narratives are written: each heading has text under it.
    const section = fc.oneof(
      text.map((t) => [t]),
      fc.tuple(heading, text).map((pair) => [...pair]),
    );
    const narrative = fc.array(section, { maxLength: 30 }).map((sections) => sections.flat());
    fc.assert(
      fc.property(narrative, fc.integer({ min: 100, max: 400 }), (blocks, max) => {
        const started = performance.now();
        const pages = pagesOf(blocks, max);
        expect(performance.now() - started).toBeLessThan(1000);
        for (const page of pages) {
          expect(page.length).toBeLessThanOrEqual(max);
          const last = (page.split('\n\n').at(-1) ?? '').trim();
          expect(/^\*\*.*\*\*$/.test(last)).toBe(false);
        }
        // Characters, not words: a word longer than the room under a heading is cut, as splitBlocks cuts one.
        expect(pages.join('').replace(/\s/g, '')).toBe(blocks.join('').replace(/\s/g, ''));
      }),
      fuzzOptions(200, 5000),
    );
  });
});

describe('pagedReply', () => {
  const pages = ['First page.', 'Second page.', 'Third page.'];

  test('GIVEN the middle page THEN it is ephemeral, titled "(page 2 of 3)" and offers Previous and Next to pages 1 and 3', () => {
    const reply = pagedReply({ title: 'The week', pages, page: 2, customId, footer: 'Sources: [3] apnews.com' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.title).toBe('The week (page 2 of 3)');
    expect(reply.embeds?.[0]?.description).toBe('Second page.');
    expect(reply.embeds?.[0]?.footer).toBe('Sources: [3] apnews.com');
    expect(buttons(reply).map((b) => [b.label, b.customId])).toEqual([
      ['Previous', 'recap:week:2025-12-07:1'],
      ['Next', 'recap:week:2025-12-07:3'],
    ]);
  });

  test('GIVEN the first and the last page THEN there is no Previous on the first and no Next on the last', () => {
    expect(buttons(pagedReply({ title: 't', pages, page: 1, customId })).map((b) => b.label)).toEqual(['Next']);
    expect(buttons(pagedReply({ title: 't', pages, page: 3, customId })).map((b) => b.label)).toEqual(['Previous']);
  });

  test('GIVEN a lead THEN every page shows it above its own text', () => {
    const lead = 'As of 7 Dec 2025';
    for (const page of [1, 2, 3]) {
      expect(pagedReply({ title: 't', lead, pages, page, customId }).embeds?.[0]?.description).toBe(`${lead}\n\n${pages[page - 1]}`);
    }
  });

  test('GIVEN one page THEN there are no buttons and no page number', () => {
    const reply = pagedReply({ title: 't', pages: ['Only.'], page: 1, customId });
    expect(reply.components).toBeUndefined();
    expect(reply.embeds?.[0]?.title).toBe('t');
  });

  test('GIVEN a title longer than Discord allows THEN it is shortened and keeps its page number', () => {
    const title = pagedReply({ title: 'T'.repeat(300), pages, page: 3, customId }).embeds?.[0]?.title ?? '';
    expect(title).toHaveLength(DISCORD_LIMITS.title);
    expect(title.endsWith('T… (page 3 of 3)')).toBe(true);
  });

  test('GIVEN a page number out of range or not a number THEN the nearest page is shown', () => {
    expect(pagedReply({ title: 't', pages, page: 9, customId }).embeds?.[0]?.description).toBe('Third page.');
    expect(pagedReply({ title: 't', pages, page: -4, customId }).embeds?.[0]?.description).toBe('First page.');
    expect(pagedReply({ title: 't', pages, page: Number.NaN, customId }).embeds?.[0]?.title).toBe('t (page 1 of 3)');
  });

  test('GIVEN a custom id over 100 characters THEN building the page refuses it instead of sending a cut id', () => {
    const long = (page: number): string => `recap:week:${'x'.repeat(90)}:${page}`;
    expect(() => pagedReply({ title: 't', pages, page: 1, customId: long })).toThrow(/over Discord's 100/);
    expect(customId(999).length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  });

  test('GIVEN full pages with a long title, lead and footer THEN each page is one message', () => {
    const text = 'word '.repeat(5000).trim();
    const all = pagesOf([text]);
    expect(all.every((p) => p.length <= PAGE_LENGTH)).toBe(true);
    for (let page = 1; page <= all.length; page += 1) {
      const reply = pagedReply({ title: 'T'.repeat(300), lead: 'L'.repeat(600), pages: all, page, customId, footer: 'F'.repeat(3000) });
      expect(splitReply(reply)).toHaveLength(1);
    }
  });
});
