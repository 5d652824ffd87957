import { beforeAll, describe, expect, test } from 'vitest';
import type { AutocompleteChoice, Invocation } from '../../src/command';
import type { FactStore } from '../../src/facts/factStore';
import { command, memberContext, runCommand } from './fixtures/commandContext';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

function suggest(name: string, option: string, typed: string): readonly AutocompleteChoice[] {
  const choices = command(name).autocomplete!({ name: option, value: typed }, { options: { [option]: typed } }, memberContext(store));
  // Discord shows at most 25 choices, each named in at most 100 characters.
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  return choices;
}

/** A choice is only worth offering if picking it gets an answer rather than a refusal. */
async function expectEveryChoiceAnswered(name: string, option: string, choices: readonly AutocompleteChoice[]): Promise<void> {
  expect(choices.length).toBeGreaterThan(0);
  for (const choice of choices) {
    const options: Invocation['options'] = { [option]: choice.value };
    const reply = await runCommand(name, memberContext(store), options);
    expect(reply.ephemeral, `/${name} ${option}:${choice.value} (${choice.name}) was refused: ${reply.content}`).not.toBe(true);
  }
}

describe('index autocomplete', () => {
  test('GIVEN nothing typed in /levels THEN the Russell 2000 comes first', () => {
    expect(suggest('levels', 'index', '')[0]).toEqual({ name: 'Russell 2000 (rut, r2k, russell, russell 2000)', value: 'russell-2000' });
  });

  test.each([
    ['levels', 'rut', 'russell-2000'],
    ['levels', 'sp', 'sp-500'],
    ['levels', 'nik', 'nikkei-225'],
    ['levels', 'stoxx', 'stoxx-600'],
    ['short-interest', 'ndx', 'nasdaq-100'],
    ['short-interest', 'nasdaq', 'nasdaq-100'],
    ['valuation', 'spx', 'sp-500'],
  ])('GIVEN /%s index:%j typed THEN the best match is %s', (name, typed, best) => {
    expect(suggest(name, 'index', typed)[0]?.value).toBe(best);
  });

  test.each([
    ['levels', ''],
    ['levels', 'n'],
    ['short-interest', ''],
    ['short-interest', 'n'],
    ['valuation', ''],
    ['valuation', 'r'],
  ])('GIVEN /%s index:%j typed THEN every index offered gets an answer when picked', async (name, typed) => {
    await expectEveryChoiceAnswered(name, 'index', suggest(name, 'index', typed));
  });

  test('GIVEN "ndx" typed in /levels, which has no Nasdaq-100 levels THEN the Nasdaq-100 is not offered', () => {
    expect(suggest('levels', 'index', 'ndx').map((c) => c.value)).not.toContain('nasdaq-100');
  });

  test('GIVEN text that matches no index THEN nothing is offered', () => {
    expect(suggest('levels', 'index', 'zzz')).toEqual([]);
  });
});

describe('date, number and scenario autocomplete', () => {
  test('GIVEN /levels date THEN the loaded as-of date is offered, readably', () => {
    expect(suggest('levels', 'date', '')).toEqual([{ name: '2025-12-07 · data as of 7 Dec 2025', value: '2025-12-07' }]);
    expect(suggest('levels', 'date', '2024')).toEqual([]);
  });

  test('GIVEN /recap date THEN the three recap days are offered newest first, each with its title, and each gets an answer', async () => {
    const choices = suggest('recap', 'date', '');
    expect(choices.map((c) => c.value)).toEqual(['2025-12-07', '2025-12-06', '2025-12-05']);
    expect(choices[1]?.name).toBe('2025-12-06 · Weekend technical warnings and seasonality');
    await expectEveryChoiceAnswered('recap', 'date', choices);
  });

  test('GIVEN /recap date typed "06" THEN only 6 Dec is offered', () => {
    expect(suggest('recap', 'date', '06').map((c) => c.value)).toEqual(['2025-12-06']);
  });

  test('GIVEN /sources number with nothing typed THEN the first 25 sources are offered from [1], each answered', async () => {
    const choices = suggest('sources', 'number', '');
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: '[1] www.reuters.com', value: 1 });
    await expectEveryChoiceAnswered('sources', 'number', choices);
  });

  test('GIVEN /sources number typed "apnews" THEN only AP sources are offered', () => {
    expect(suggest('sources', 'number', 'apnews').map((c) => c.name)).toEqual(['[3] apnews.com', '[5] apnews.com', '[9] apnews.com']);
  });

  test('GIVEN /outlook scenario THEN base, bull and bear are offered by title, and typing "squeeze" finds the bull case', async () => {
    const choices = suggest('outlook', 'scenario', '');
    expect(choices.map((c) => c.value)).toEqual(['base', 'bull', 'bear']);
    await expectEveryChoiceAnswered('outlook', 'scenario', choices);
    expect(suggest('outlook', 'scenario', 'squeeze')).toEqual([
      { name: 'Bull case – Small-cap catch-up and short squeeze', value: 'bull' },
    ]);
  });
});
