import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { expectProblem, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/sources', () => {
  test('GIVEN no number THEN all 42 sources are listed in order with their publishers', async () => {
    const embed = onlyEmbed(await runCommand('sources', memberContext(store)));
    expect(embed.title).toBe('Sources (42)');
    const listed = [...(embed.description ?? '').matchAll(/^- \*\*\[(\d+)\]\*\* (.+)$/gm)];
    expect(listed.map((m) => Number(m[1]))).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(listed[2]?.[2]).toBe('apnews.com');
    expect(listed[41]?.[2]).toContain('www.reuters.com');
  });

  test('GIVEN number:3 THEN it names apnews.com and the figures it backs, told apart by value and date', async () => {
    const embed = onlyEmbed(await runCommand('sources', memberContext(store), { number: 3 }));
    expect(embed.title).toBe('Source [3]: apnews.com');
    expect(embed.description).toContain(
      [
        '- Russell 2000 · Close: 2,521.48 (5 Dec 2025) [3]',
        '- Russell 2000 · Daily move: −0.4% (5 Dec 2025) [3]',
        '- Russell 2000 · Weekly move: about +0.8% (1–5 Dec 2025) [3]',
        '- Russell 2000 · Weekly move: +5.5% (24–28 Nov 2025) [3]',
      ].join('\n'),
    );
    expect(embed.description).toContain("- week: Still near highs despite Friday's dip");
    expect(embed.footer?.split('\n')[0]).toBe('Sources: [3] apnews.com · Not investment advice');
  });

  test('GIVEN number:"3" as the console sends it THEN it is the same answer as the number 3', async () => {
    expect(await runCommand('sources', memberContext(store), { number: '3' })).toEqual(
      await runCommand('sources', memberContext(store), { number: 3 }),
    );
  });

  test.each([99, 0, -1])('GIVEN number:%s, not a source THEN it privately says sources run 1–42', async (number) => {
    expectProblem(
      await runCommand('sources', memberContext(store), { number }),
      `There is no source [${number}]`,
      'Sources are numbered 1–42',
      '/sources',
    );
  });

  test.each(['abc', '2.5', '', '0x3', '1e1', ' 3', '3.0', '+3', '３', '9999999999', 2.5, true])(
    'GIVEN number:%j THEN it privately asks for a number written in digits and says the range',
    async (number) => {
      expectProblem(
        await runCommand('sources', memberContext(store), { number }),
        '`number`: expected a source number written in digits, such as 3; sources are numbered 1–42',
      );
    },
  );
});
