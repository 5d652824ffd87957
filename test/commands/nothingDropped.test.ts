import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import type { Figure } from '../../src/facts/snapshot';
import { formatValue } from '../../src/render/formatValue';
import { followUps, memberContext, runCommand } from './fixtures/commandContext';
import { replyText } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let lines: string[];
let store: FactStore;

/** Everything the member commands show, bare and with each index, with every private answer their buttons and menus give. */
beforeAll(async () => {
  store = await loadShippedStore();
  const ctx = memberContext(store);
  const subjects = store.latest().subjects.map((s) => s.id);
  const invocations: [string, Record<string, string>][] = [
    ...['brief', 'levels', 'short-interest', 'valuation', 'earnings', 'macro', 'technicals', 'outlook', 'world'].map(
      (name): [string, Record<string, string>] => [name, {}],
    ),
    ...['levels', 'short-interest', 'valuation'].flatMap((name) =>
      subjects.map((index): [string, Record<string, string>] => [name, { index }]),
    ),
  ];
  const texts: string[] = [];
  for (const [name, options] of invocations) {
    const reply = await runCommand(name, ctx, options);
    if (reply.ephemeral === true) continue;
    texts.push(replyText(reply), ...(await followUps(name, reply, ctx)).map(replyText));
  }
  lines = texts.join('\n').split('\n');
});

/** A line that shows the figure's value and each of its sources, as `**2,521.48** · 5 Dec 2025 [3]` does. */
function shownWithSources(figure: Figure): boolean {
  const value = formatValue(figure);
  return lines.some((line) => line.includes(value) && figure.sources.every((n) => line.includes(`[${n}]`)));
}

describe('GIVEN the shipped snapshot', () => {
  test('GIVEN every figure THEN a member finds its value beside its sources in an answer or behind its buttons, without /sources', () => {
    const missing = store
      .latest()
      .figures.filter((f) => !shownWithSources(f))
      .map((f) => `${f.id}: ${formatValue(f)} ${f.sources.map((n) => `[${n}]`).join('')}`);
    expect(missing).toEqual([]);
  });

  test('GIVEN every figure with a note THEN the note is readable behind a Details button', () => {
    const missing = store
      .latest()
      .figures.filter((f) => f.note !== undefined && !lines.some((line) => line.includes(f.note!)))
      .map((f) => f.id);
    expect(missing).toEqual([]);
  });
});
