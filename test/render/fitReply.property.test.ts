import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import type { Reply, ReplyComponent, ReplyEmbed, ReplyField } from '../../src/reply';
import { fitReply, MAX_MESSAGES_PER_ANSWER, splitReply } from '../../src/render/fitReply';
import { limitViolations } from './limitViolations';

/** Words with no whitespace or backticks, so the text check can strip both without ambiguity. */
const word = fc
  .oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9.,%$–\-[\]*_]{1,12}$/) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
  )
  .filter((w) => !/[\s`\u200b]/.test(w));
/** One word longer than any field or description chunk: only it may be cut. */
const longWord = fc
  .tuple(fc.constantFrom('x', 'é', '📈', '👍🏽'), fc.integer({ min: 300, max: 3000 }))
  .map(([unit, times]) => unit.repeat(times));

const line = fc.array(word, { minLength: 1, maxLength: 20 }).map((ws) => ws.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('\n'));
const codeBlock = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) => `\`\`\`ts\n${ls.join('\n')}\n\`\`\``);
const block = fc.oneof({ weight: 4, arbitrary: paragraph }, { weight: 2, arbitrary: codeBlock }, { weight: 1, arbitrary: longWord });

/** Markdown-ish text of blocks; sometimes a block repeated up to `maxRepeat` times to make it huge. */
function text(maxRepeat: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\n') },
    { weight: 4, arbitrary: fc.array(block, { maxLength: 6 }).map((bs) => bs.join('\n\n')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(paragraph, codeBlock), fc.integer({ min: 2, max: maxRepeat }))
        .map(([b, times]) => Array.from({ length: times }, () => b).join('\n\n')),
    },
  );
}
const shortText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 400 }));

const field: fc.Arbitrary<ReplyField> = fc.record(
  { name: shortText, value: text(10), inline: fc.boolean() },
  { requiredKeys: ['name', 'value'] },
);

function embeds(count: number, fieldCount: number): fc.Arbitrary<ReplyEmbed[]> {
  return (
    fc
      .array(
        fc.record(
          {
            title: shortText,
            description: text(40),
            fields: fc.array(field, { maxLength: fieldCount, size: 'max' }),
            footer: fc.oneof(shortText, fc.string({ minLength: 2000, maxLength: 2600 })),
            timestamp: fc.constant('2025-12-07T12:00:00Z'),
          },
          { requiredKeys: ['title'] },
        ),
        { maxLength: count, size: 'max' },
      )
      // The colour records which reply embed a fitted embed came from.
      .map((list) => list.map((embed, i) => ({ ...embed, color: i })))
  );
}

const component: fc.Arbitrary<ReplyComponent> = fc.oneof(
  fc.record({
    kind: fc.constant('button' as const),
    customId: fc.string({ maxLength: 150 }),
    label: fc.string({ maxLength: 120 }),
    style: fc.constantFrom('primary' as const, 'secondary' as const, 'danger' as const),
  }),
  fc.record({
    kind: fc.constant('select' as const),
    customId: fc.string({ maxLength: 150 }),
    placeholder: fc.string({ maxLength: 200 }),
    options: fc.array(
      fc.record({ label: fc.string({ maxLength: 120 }), value: fc.string({ maxLength: 150 }), description: fc.string({ maxLength: 150 }) }),
      { maxLength: 40 },
    ),
  }),
);

const reply: fc.Arbitrary<Reply> = fc.record(
  {
    content: text(20),
    // Shapes that stress different limits: many embeds, many big fields, or a mix.
    embeds: fc.oneof(embeds(50, 2), embeds(3, 100), embeds(8, 12)),
    components: fc.array(fc.array(component, { maxLength: 8 }), { maxLength: 8 }),
    ephemeral: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** All readable text of messages, with fences, whitespace and blank-field stand-ins removed. */
function body(messages: readonly Reply[]): string {
  return messages
    .flatMap((m) => [m.content ?? '', ...(m.embeds ?? []).flatMap((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)])])
    .join('\n')
    .replace(/^```(ts)?$/gm, '')
    .replace(/[\s\u200b]/g, '');
}

describe('splitReply over arbitrary oversized replies', () => {
  test('GIVEN any reply THEN every message fits every limit, keeps all text in order, and each embed part keeps its footer', () => {
    fc.assert(
      fc.property(reply, (input) => {
        const messages = splitReply(input);

        for (const message of messages) expect(limitViolations(message)).toEqual([]);

        expect(body(messages)).toBe(body([input]));

        const sourceOf = (embed: ReplyEmbed) => input.embeds![embed.color!]!;
        for (const message of messages) {
          expect(message.ephemeral).toBe(input.ephemeral);
          const shown = message.embeds ?? [];
          shown.forEach((embed, i) => {
            const closesPart = shown[i + 1]?.color !== embed.color;
            const footer = sourceOf(embed).footer;
            const expected = closesPart && footer !== undefined && footer.trim() !== '' ? footer : undefined;
            if (expected === undefined || expected.length <= 2048) expect(embed.footer).toBe(expected);
            else expect(embed.footer).toBe(`${expected.slice(0, 2047)}…`);
          });
        }

        const fitted = messages.flatMap((m) => m.embeds ?? []);
        const colors = fitted.map((e) => e.color!);
        expect(colors).toEqual([...colors].sort((a, b) => a - b));
        fitted.forEach((embed, i) => {
          const kept = embed.title.replace(/ ?\(cont\.\)$/, '').replace(/…$/, '');
          expect(sourceOf(embed).title.startsWith(kept)).toBe(true);
          if (colors[i - 1] === embed.color) expect(embed.title).toMatch(/\(cont\.\)$/);
        });

        const withComponents = messages.filter((m) => m.components !== undefined);
        expect(withComponents.every((m) => m === messages.at(-1))).toBe(true);
      }),
      // A failure on inputs this large can take minutes to shrink; report it sooner with the smallest case found so far.
      { ...fuzzOptions(250, 60_000), markInterruptAsFailure: true },
    );
  });
});

describe('fitReply over arbitrary oversized replies', () => {
  test('GIVEN any reply THEN it takes at most MAX_MESSAGES_PER_ANSWER messages: the split as it is, or its first messages and a last one saying how many were left out, with the components', () => {
    fc.assert(
      fc.property(reply, (input) => {
        const all = splitReply(input);
        const fitted = fitReply(input);
        if (all.length <= MAX_MESSAGES_PER_ANSWER) {
          expect(fitted).toEqual(all);
          return;
        }
        expect(fitted).toHaveLength(MAX_MESSAGES_PER_ANSWER);
        expect(fitted.slice(0, -1)).toEqual(all.slice(0, MAX_MESSAGES_PER_ANSWER - 1));
        const last = fitted.at(-1)!;
        expect(limitViolations(last)).toEqual([]);
        expect(last.content).toContain(`${all.length - (MAX_MESSAGES_PER_ANSWER - 1)} more messages of this answer, left out`);
        expect(last.components).toEqual(all.at(-1)!.components);
        expect(last.ephemeral).toBe(input.ephemeral);
      }),
      fuzzOptions(200, 20_000),
    );
  });
});
