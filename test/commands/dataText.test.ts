import { describe, test, expect } from 'vitest';
import type { Invocation } from '../../src/command';
import type { Reply } from '../../src/reply';
import { discordTimestamp } from '../../src/render/discordTimestamp';
import { fitReply, MAX_MESSAGES_PER_ANSWER, splitReply } from '../../src/render/fitReply';
import { limitViolations } from '../render/limitViolations';
import { liveMarkup } from '../render/liveMarkup';
import { followUps, memberContext, runCommand } from './fixtures/commandContext';
import { everywhere, hostileSnapshot, hostileStore, MEMBER_CASES, type HostileText } from './fixtures/hostileSnapshot';
import { replyText } from './fixtures/replyText';

/** What a careless or hostile data edit can put in any text field. */
const HOSTILE =
  '**loud** [free money](https://evil.example) <@123456789012345678> @everyone <t:99999999999999999:R> ||spoiler|| http://plain.example';

const AS_OF_TAG = discordTimestamp('2025-12-07', 'R');

/** Every message of the answer, and of each private answer its buttons and menus give, as Discord gets them. */
async function answers(text: HostileText, name: string, options: Invocation['options']): Promise<Reply[]> {
  const ctx = memberContext(hostileStore(text));
  const reply = await runCommand(name, ctx, options);
  return [reply, ...(await followUps(name, reply, ctx))].flatMap(fitReply);
}

describe('data text in answers', () => {
  test.each(MEMBER_CASES)(
    'GIVEN formatting, links, mentions and tags in every data field THEN /%s %j and its buttons show them as text, within the limits',
    async (name, options) => {
      for (const message of await answers(everywhere(HOSTILE), name, options)) {
        expect(limitViolations(message)).toEqual([]);
        expect(liveMarkup(message, [AS_OF_TAG])).toEqual([]);
      }
    },
  );

  test('GIVEN a note with formatting and a mention THEN /levels and its Details show it escaped, word for word', async () => {
    const text = { ...everywhere('x'), note: '**loud** <@123> @everyone' };
    const shown = (await answers(text, 'levels', {})).map(replyText).join('\n');
    expect(shown).toContain('\\*\\*loud\\*\\* \\<@123> @\u200beveryone');
  });

  test('GIVEN source URLs that are not https THEN /sources shows the publisher without a link; an https URL is linked, encoded', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'http://apnews.com/x']) {
      const shown = (await answers({ ...everywhere('x'), publisher: 'apnews.com', url }, 'sources', {})).map(replyText).join('\n');
      expect(shown).toContain('**[3]** apnews.com: x');
      expect(shown).not.toContain(url);
    }
    const linked = await answers({ ...everywhere('x'), publisher: 'AP', url: 'https://apnews.com/a (b) <c>' }, 'sources', { number: 3 });
    expect(replyText(linked[0]!)).toContain('**[3]** [AP](https://apnews.com/a%20%28b%29%20%3Cc%3E): x');
  });

  test('GIVEN an impossible timestamp tag in a note THEN the answer is built and shows it as text', async () => {
    const text = { ...everywhere('x'), note: '<t:99999999999999999:R>' };
    const shown = (await answers(text, 'levels', {})).map(replyText).join('\n');
    expect(shown).toContain('\\<t:99999999999999999:R>');
  });

  test('GIVEN a 100,000-character word in a note and in the narrative THEN answers come within a second each, split without losing a character, and sent within the limits', async () => {
    const word = 'w'.repeat(100_000);
    const store = hostileStore({ ...everywhere('x'), note: word, narrative: `Before ${word} after.` });
    for (const [name, options] of [
      ['levels', {}],
      ['brief', {}],
    ] as const) {
      const started = performance.now();
      const reply = await runCommand(name, memberContext(store), options);
      const all = splitReply(reply);
      const sent = fitReply(reply);
      expect(performance.now() - started).toBeLessThan(1000);
      for (const message of sent) expect(limitViolations(message)).toEqual([]);
      expect(sent.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_ANSWER);
      // Notes and narrative are read behind Details and Read more, one page per message.
      // (/recap pages the week behind buttons: test/recaps/fullWeek.test.ts reads every page for the word.)
      const pages = await followUps(name, reply, memberContext(store));
      for (const page of pages) for (const message of fitReply(page)) expect(limitViolations(message)).toEqual([]);
      // Neither the splitter nor the pager loses a character of the word; only the cap on messages per answer leaves whole messages out.
      const read = [...all, ...pages].map(replyText).join('');
      expect(read.split('w').length - 1).toBeGreaterThanOrEqual(100_000);
    }
  });

  test('GIVEN the hostile fixture THEN it really carries the text into the snapshot', () => {
    const snapshot = hostileSnapshot(everywhere(HOSTILE));
    expect(snapshot.figures.every((f) => f.note === HOSTILE)).toBe(true);
    expect(snapshot.subjects.find((s) => s.id === 'russell-2000')?.name).toBe(HOSTILE);
  });
});
