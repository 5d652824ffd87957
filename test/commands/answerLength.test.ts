import { describe, expect, test } from 'vitest';
import { composeRecap } from '../../src/recaps/composeRecap';
import { fitReply, MAX_MESSAGES_PER_ANSWER } from '../../src/render/fitReply';
import { followUps, memberContext, runCommand } from './fixtures/commandContext';
import { everywhere, hostileSnapshot, hostileStore, MEMBER_CASES } from './fixtures/hostileSnapshot';
import { STALE_AFTER_DAYS, STALE_NOW } from './fixtures/shippedStore';
import { limitViolations } from '../render/limitViolations';

/**
 * Narrative within every data limit (lines under 5,000 characters, entries of a
 * few hundred kilobytes) used to split into hundreds of messages: one /brief, or
 * one weekly recap in every subscribed channel, flooded it.
 */
const LONG_NARRATIVE = Array.from(
  { length: 300 },
  (_, p) => `Paragraph ${p}: ${'small caps rallied into the weekend '.repeat(25)}[3]`,
).join('\n\n');
const text = { ...everywhere('Russell 2000'), narrative: LONG_NARRATIVE };

describe('GIVEN narrative long enough to fill hundreds of messages', () => {
  test.each(MEMBER_CASES)(
    'GIVEN /%s %o THEN the answer takes at most the cap, each message within Discord limits',
    async (name, options) => {
      const ctx = memberContext(hostileStore(text), { now: STALE_NOW });
      const messages = fitReply(await runCommand(name, ctx, options));
      expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_ANSWER);
      for (const message of messages) expect(limitViolations(message)).toEqual([]);
    },
  );

  test('GIVEN /brief THEN the card stays one message, and Read more pages through the whole narrative a message at a time', async () => {
    const ctx = memberContext(hostileStore(text), { now: STALE_NOW });
    const reply = await runCommand('brief', ctx);
    expect(fitReply(reply)).toHaveLength(1);
    const pages = await followUps('brief', reply, ctx);
    for (const page of pages) expect(fitReply(page)).toHaveLength(1);
    const read = pages.map((p) => p.embeds?.[0]?.description ?? '').join('\n');
    expect(read).toContain('Paragraph 0:');
    expect(read).toContain('Paragraph 299:');
  });

  test('GIVEN the weekly recap THEN it posts one message into each channel, the narrative left behind its button', () => {
    const parts = fitReply(composeRecap(hostileSnapshot(text), STALE_NOW, STALE_AFTER_DAYS));
    expect(parts).toHaveLength(1);
    expect(limitViolations(parts[0]!)).toEqual([]);
    expect(parts[0]!.components?.flat().map((c) => (c.kind === 'button' ? c.label : ''))).toEqual(['Read the full week']);
  });
});
