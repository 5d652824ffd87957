import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import type { Reply } from '../../src/reply';
import { fitReply } from '../../src/render/fitReply';
import { MEMBER_COMMANDS, memberContext, press, runCommand } from './fixtures/commandContext';
import { expectNoLeaks, replyText } from './fixtures/replyText';
import { AS_OF_TAG, FRESH_NOW, loadShippedStore, STALE_NOW } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

/** The source numbers a footer names, e.g. [3] and [11] in "Sources: [3] apnews.com · [11] talkmarkets.com · …". */
function footerNumbers(reply: Reply): Set<number> {
  const footer = reply.embeds?.[0]?.footer ?? '';
  return new Set([...footer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
}

/** Every [n] reference marker in what the answer shows above its footer. */
function markersShown(reply: Reply): Set<number> {
  const body = replyText({ ...reply, embeds: reply.embeds?.map(({ footer: _footer, ...rest }) => rest) });
  return new Set([...body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
}

/** The member commands with the new answer shape; /recap keeps its own until it becomes the recap card. */
const ANSWERS = MEMBER_COMMANDS.filter((name) => name !== 'recap');

describe.each(ANSWERS)('/%s on the shipped data', (name) => {
  test('GIVEN today is 25 Nov 2026 THEN the first line ends with its as-of date and the second warns, once, that the data is about 11 months old', async () => {
    const reply = await runCommand(name, memberContext(store, { now: STALE_NOW }));
    expect(reply.ephemeral).not.toBe(true);
    const [headline, warning] = (reply.embeds?.[0]?.description ?? '').split('\n');
    expect(headline).toMatch(/ · as of \d{1,2} (Nov|Dec) 2025(?: (?:\[\d+\])+)?$/);
    expect(warning).toBe("⚠️ Data of 7 Dec 2025, about 11 months old: not today's market.");
    const text = replyText(reply);
    expect(text.match(/(days?|months?|years?) old/g)).toHaveLength(1);
    // A Discord relative timestamp would say the same age its own way ("a year ago").
    expect(text).not.toContain(AS_OF_TAG);
    expect(text).not.toContain('days old');
    expectNoLeaks(reply);
  });

  test('GIVEN today is 8 Dec 2025 THEN the first line still dates the data and there is no warning', async () => {
    const reply = await runCommand(name, memberContext(store, { now: FRESH_NOW }));
    const text = replyText(reply);
    expect(text.split('\n')[1]).toMatch(/ · as of \d{1,2} (Nov|Dec) 2025/);
    expect(text).not.toContain('⚠️');
    expect(text).not.toContain(' old');
  });

  test('GIVEN the answer split into the messages Discord gets THEN every message says the date of its data', async () => {
    const messages = fitReply(await runCommand(name, memberContext(store, { now: STALE_NOW })));
    for (const message of messages) expect(replyText(message)).toMatch(/(as of|Data of) \d{1,2} (Nov|Dec) 2025/);
  });

  test('GIVEN an operator who allows 400 days THEN the 353-day-old data is not flagged', async () => {
    const reply = await runCommand(name, memberContext(store, { staleAfterDays: 400 }));
    expect(replyText(reply)).not.toContain(' old');
  });

  test('GIVEN the answer THEN its footer ends "Not investment advice" and names the source of every [n] it shows', async () => {
    const reply = await runCommand(name, memberContext(store));
    const footer = reply.embeds?.[0]?.footer ?? '';
    expect(footer.endsWith('Not investment advice')).toBe(true);
    // /sources lists the sources themselves; its [n] are the list, not citations.
    if (name === 'sources') return;
    const cited = footerNumbers(reply);
    const missing = [...markersShown(reply)].filter((n) => !cited.has(n));
    expect(missing).toEqual([]);
  });

  test('GIVEN its buttons pressed THEN each private answer dates its data and names the source of every [n] it shows', async () => {
    const ctx = memberContext(store, { now: STALE_NOW });
    const reply = await runCommand(name, ctx);
    const buttons = (reply.components ?? []).flat().filter((c) => c.kind === 'button');
    for (const b of buttons) {
      const answer = await press(name, b.customId, ctx);
      expect(answer.ephemeral).toBe(true);
      // Each page is a message read on its own: it opens with the data's date and the warning, as every answer does.
      expect(answer.embeds?.[0]?.description).toMatch(/^⚠️ Data of 7 Dec 2025, about 11 months old: not today's market\.\n\n/);
      const cited = footerNumbers(answer);
      expect([...markersShown(answer)].filter((n) => !cited.has(n))).toEqual([]);
    }
  });
});
