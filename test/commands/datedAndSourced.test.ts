import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import type { Reply } from '../../src/reply';
import { fitReply } from '../../src/render/fitReply';
import { MEMBER_COMMANDS, memberContext, runCommand } from './fixtures/commandContext';
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

describe.each(MEMBER_COMMANDS)('/%s on the shipped data', (name) => {
  test('GIVEN today is 25 Nov 2026 THEN it says "As of 7 Dec 2025" with a Discord timestamp and warns the data is 353 days old', async () => {
    const reply = await runCommand(name, memberContext(store, { now: STALE_NOW }));
    expect(reply.ephemeral).not.toBe(true);
    const description = reply.embeds?.[0]?.description ?? '';
    expect(description.startsWith(`As of 7 Dec 2025 (${AS_OF_TAG})\n`)).toBe(true);
    expect(description).toContain(
      '⚠️ This data is 353 days old, about 11 months (as of 7 Dec 2025). Figures describe that date, not today.',
    );
    expectNoLeaks(reply);
  });

  test('GIVEN today is 8 Dec 2025 THEN it says "As of 7 Dec 2025 (yesterday)" and gives no staleness warning', async () => {
    const reply = await runCommand(name, memberContext(store, { now: FRESH_NOW }));
    const text = replyText(reply);
    expect(text).toContain('As of 7 Dec 2025 (yesterday)');
    expect(text).not.toContain('⚠️');
    expect(text).not.toContain('days old');
  });

  test('GIVEN the answer split into the messages Discord gets THEN every message dates its data in a footer', async () => {
    const messages = fitReply(await runCommand(name, memberContext(store, { now: STALE_NOW })));
    for (const message of messages) {
      const footers = (message.embeds ?? []).map((e) => e.footer ?? '');
      expect(footers.some((f) => f.endsWith('\nData as of 7 Dec 2025 · ⚠️ 353 days old'))).toBe(true);
    }
  });

  test('GIVEN an operator who allows 400 days THEN the 353-day-old data is not flagged', async () => {
    const reply = await runCommand(name, memberContext(store, { staleAfterDays: 400 }));
    expect(replyText(reply)).not.toContain('days old');
  });

  test('GIVEN the answer THEN its footer ends "Not investment advice" and names the source of every [n] it shows', async () => {
    const reply = await runCommand(name, memberContext(store));
    const footer = reply.embeds?.[0]?.footer ?? '';
    expect(footer.split('\n')[0]?.endsWith('Not investment advice')).toBe(true);
    // /sources lists the sources themselves; its [n] are the list, not citations.
    if (name === 'sources') return;
    const cited = footerNumbers(reply);
    const missing = [...markersShown(reply)].filter((n) => !cited.has(n));
    expect(missing).toEqual([]);
  });
});
