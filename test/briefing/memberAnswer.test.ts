import { beforeAll, describe, expect, test } from 'vitest';
import { answerReply, type AnswerView } from '../../src/briefing/memberAnswer';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext } from '../commands/fixtures/commandContext';
import { loadShippedStore } from '../commands/fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

const VIEW: AnswerView = {
  title: 'X: levels',
  headline: '**X 1** · as of 5 Dec 2025',
  sources: [3],
  details: { lines: ['- X · Close: **1** · 5 Dec 2025 [3]'], sources: [3] },
  more: { narrative: ['Text.'], sources: [3] },
};

describe('the buttons of a member answer', () => {
  test('GIVEN an ordinary index THEN Details and Read more carry the command, the action, the as-of date, page 1 and the index', () => {
    const reply = answerReply('levels', store.latest(), 'one:russell-2000', VIEW, memberContext(store));
    const ids = (reply.components ?? []).flat().map((c) => c.customId);
    expect(ids).toEqual(['levels:details:2025-12-07:1:one:russell-2000', 'levels:more:2025-12-07:1:one:russell-2000']);
  });

  test("GIVEN a subject id so long the custom id would pass Discord's 100 characters THEN no button is offered rather than one that opens nothing", () => {
    const reply = answerReply('short-interest', store.latest(), 'x'.repeat(70), VIEW, memberContext(store));
    expect(reply.components).toBeUndefined();
    expect(reply.embeds?.[0]?.description).toContain('**X 1**');
  });
});

describe('an answer kept per view and day', () => {
  const view: AnswerView = { ...VIEW, seeAlso: [{ command: 'outlook', text: 'each scenario' }] };

  test('GIVEN the same view asked again the same day THEN the same reply comes back, so its split into messages is kept too', () => {
    const ctx = memberContext(store, { now: new Date('2025-12-08T09:00:00Z') });
    expect(answerReply('levels', store.latest(), 'one:x', view, ctx)).toBe(answerReply('levels', store.latest(), 'one:x', view, ctx));
  });

  test('GIVEN the day the data turns old, or the command ids arrive THEN the answer is built anew: the warning and the mentions show', () => {
    const at = (day: string) => memberContext(store, { now: new Date(`${day}T09:00:00Z`), staleAfterDays: 7 });
    const fresh = answerReply('levels', store.latest(), 'one:x', view, at('2025-12-14'));
    expect(fresh.embeds?.[0]?.description).not.toContain('⚠️');
    const old = answerReply('levels', store.latest(), 'one:x', view, at('2025-12-15'));
    expect(old.embeds?.[0]?.description).toContain("⚠️ Data of 7 Dec 2025, 8 days old: not today's market.");
    expect(old.embeds?.[0]?.color).not.toBe(fresh.embeds?.[0]?.color);
    const synced = answerReply('levels', store.latest(), 'one:x', view, {
      ...at('2025-12-15'),
      commandIds: new Map([['outlook', '1300000000000000007']]),
    });
    expect(synced.embeds?.[0]?.description).toContain('</outlook:1300000000000000007> each scenario');
  });
});
