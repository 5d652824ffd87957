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
