import { beforeAll, describe, expect, test } from 'vitest';
import type { Invocation } from '../../src/command';
import type { FactStore } from '../../src/facts/factStore';
import { narrativeEntries } from '../../src/facts/narrativeEntries';
import { COMMANDS, followUps, MEMBER_COMMANDS, memberContext, runCommand } from './fixtures/commandContext';
import { visibleLength } from './fixtures/replyText';
import { loadShippedStore, STALE_NOW } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

/** Mentions as Discord writes them once synced: `</outlook:1300000000000000007>` is longer than `/outlook`. */
const IDS = new Map([...COMMANDS.keys()].map((name, i) => [name, String(1_300_000_000_000_000_000n + BigInt(i))]));

/** Every member answer the shipped data gives: each command bare, and with every index, scenario and source it offers. */
function everyInvocation(): [string, Invocation['options']][] {
  const snapshot = store.latest();
  const subjects = snapshot.subjects.map((s) => s.id);
  return [
    ...MEMBER_COMMANDS.map((name): [string, Invocation['options']] => [name, {}]),
    ...['levels', 'short-interest', 'valuation'].flatMap((name) =>
      subjects.map((index): [string, Invocation['options']] => [name, { index }]),
    ),
    ...narrativeEntries(snapshot, 'scenarios').map((e): [string, Invocation['options']] => ['outlook', { scenario: e.key }]),
    ...[...snapshot.sources.keys()].map((number): [string, Invocation['options']] => ['sources', { number }]),
    ...narrativeEntries(snapshot, 'recaps').map((e): [string, Invocation['options']] => ['recap', { date: e.key }]),
    ...[...new Set(snapshot.figures.map((f) => f.metric))].map((metric): [string, Invocation['options']] => ['history', { metric }]),
  ];
}

describe('GIVEN the shipped data, the data old and the commands synced (the longest an answer gets)', () => {
  test('GIVEN any member answer, and every page behind its buttons THEN each is within 2,000 characters before its buttons', async () => {
    const over: string[] = [];
    for (const [name, options] of everyInvocation()) {
      const ctx = memberContext(store, { now: STALE_NOW, commandIds: IDS });
      const reply = await runCommand(name, ctx, options);
      // A refusal (an index a command has no figures for) is a one-line private answer.
      if (reply.ephemeral === true) continue;
      const pages = await followUps(name, reply, ctx);
      for (const [i, answer] of [reply, ...pages].entries()) {
        const length = visibleLength(answer);
        if (length > 2000) over.push(`/${name} ${JSON.stringify(options)}${i > 0 ? ` page ${i}` : ''}: ${length}`);
      }
    }
    expect(over).toEqual([]);
  });

  test('GIVEN /levels, with or without an index THEN it is within 900 characters', async () => {
    const lengths = await Promise.all(
      [{}, ...store.latest().subjects.map((s) => ({ index: s.id }))].map(async (options) => {
        const reply = await runCommand('levels', memberContext(store, { now: STALE_NOW, commandIds: IDS }), options);
        return reply.ephemeral === true ? 0 : visibleLength(reply);
      }),
    );
    expect(Math.max(...lengths)).toBeLessThanOrEqual(900);
  });

  test('GIVEN /brief THEN the card is within 1,500 characters', async () => {
    expect(visibleLength(await runCommand('brief', memberContext(store, { now: STALE_NOW, commandIds: IDS })))).toBeLessThanOrEqual(1500);
  });
});
