import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DraftReview } from '../../src/publishing/dataModeration';
import { controlId, draftReviewReply, parseControlId, type ModerationControl } from '../../src/render/moderationReplies';
import { fuzzOptions } from '../fuzz/fuzzOptions';

const date = fc
  .record({ y: fc.integer({ min: 1900, max: 2999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const version = fc.integer({ min: 1, max: 999_999_999 });
const control: fc.Arbitrary<ModerationControl> = fc.oneof(
  fc.record({
    action: fc.constantFrom('publish' as const, 'download' as const, 'discard' as const),
    draftId: fc.stringMatching(/^[A-Za-z0-9_-]{12,24}$/),
  }),
  fc.record({ action: fc.constant('rollback' as const), asOf: date, version, expected: fc.option(version, { nil: null }) }),
  fc.record({ action: fc.constant('remove' as const), asOf: date, expected: version }),
  fc.constant({ action: 'cancel' as const }),
);

function review(overrides: Partial<DraftReview> = {}): DraftReview {
  return {
    draftId: 'AbCdEfGhIjKl',
    kind: 'figures',
    fileName: 'figures.json',
    asOf: '2025-12-14',
    expiresAt: new Date('2025-12-15T12:00:00Z'),
    counts: { figures: 50, sources: 42, narrative: 12 },
    contentHash: 'a'.repeat(64),
    errors: [],
    unresolved: [],
    unchanged: false,
    ...overrides,
  };
}

function customIds(reply: ReturnType<typeof draftReviewReply>): string[] {
  return (reply.components ?? []).flat().map((c) => c.customId);
}

describe('moderation controls', () => {
  test('GIVEN any control THEN its custom id fits Discord (≤ 100 characters) and reads back as the same control', () => {
    fc.assert(
      fc.property(control, (c) => {
        const id = controlId(c);
        expect(id.length).toBeLessThanOrEqual(100);
        expect(parseControlId(id)).toEqual(c);
      }),
      fuzzOptions(500, 5_000),
    );
  });

  test('GIVEN custom ids this build never made THEN none reads as a control', () => {
    for (const id of [
      'data',
      'data:publish',
      'data:publish:a:b',
      'data:rollback:2025-12-07:0:none',
      'data:remove:2025-13-07:x',
      'recaps:cancel',
      'data:publish:../x',
    ])
      expect(parseControlId(id)).toBeUndefined();
  });
});

describe('the review of a draft', () => {
  test('GIVEN a draft with problems THEN it offers no Publish button, lists the first ten located problems and attaches every one', () => {
    const errors = Array.from({ length: 14 }, (_, i) => ({
      file: 'figures.json',
      location: `figures[${i}].unit`,
      message: 'unknown unit',
    }));
    const reply = draftReviewReply(review({ errors }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.title).toBe('Draft of 2025-12-14 from figures.json: 14 problems: it cannot be published');
    expect(customIds(reply)).toEqual(['data:download:AbCdEfGhIjKl', 'data:discard:AbCdEfGhIjKl']);
    const problems = reply.embeds?.[1]?.description ?? '';
    expect(problems).toContain('figures.json figures[9].unit: unknown unit');
    expect(problems).not.toContain('figures[10]');
    expect(problems).toContain('…and 4 more; every one is in problems.txt.');
    expect(reply.files?.[0]?.name).toBe('problems.txt');
    expect(reply.files?.[0]?.content.trim().split('\n')).toHaveLength(14);
  });

  test('GIVEN a clean draft THEN Publish comes first, with the counts, what it is compared with and when it expires', () => {
    const reply = draftReviewReply(
      review({
        comparedWith: { asOf: '2025-12-07', version: 1, sameDate: false },
        unresolved: [{ line: 12, text: 'x', number: '5.5%', reason: 'no subject' }],
      }),
    );
    expect(customIds(reply)[0]).toBe('data:publish:AbCdEfGhIjKl');
    const fields = Object.fromEntries((reply.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Holds).toBe('50 figures · 42 sources · 12 narrative entries');
    expect(fields['Compared with']).toBe('2025-12-07 v1, the latest snapshot (nothing is in service for 2025-12-14)');
    expect(fields['Draft expires']).toBe(`<t:${Date.parse('2025-12-15T12:00:00Z') / 1000}:R>`);
    expect(reply.embeds?.at(-1)?.description).toContain('line 12 `5.5%`: no subject');
    expect(reply.files).toBeUndefined();
  });
});
