import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { COMMANDS, memberContext, runCommand } from './fixtures/commandContext';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

type Place = readonly [command: string, subcommand: string | undefined, option: string];

/** Every string option of every command (and subcommand). */
const STRING_OPTIONS: readonly Place[] = [...COMMANDS.values()].flatMap((command) =>
  (command.definition.options ?? []).flatMap((option: APIApplicationCommandOption): Place[] => {
    if (option.type === ApplicationCommandOptionType.String) return [[command.definition.name, undefined, option.name] as const];
    if (option.type !== ApplicationCommandOptionType.Subcommand) return [];
    return (option.options ?? [])
      .filter((o) => o.type === ApplicationCommandOptionType.String)
      .map((o) => [command.definition.name, option.name, o.name] as const);
  }),
);

describe('free-text options', () => {
  test('GIVEN the commands THEN there are string options to check', () => {
    expect(STRING_OPTIONS.length).toBeGreaterThanOrEqual(8);
  });

  // Discord lets a member send up to 6,000 characters in a string option.
  test.each(STRING_OPTIONS)(
    'GIVEN 6,000 characters in /%s %s %s THEN a short private refusal names the option',
    async (name, sub, option) => {
      const started = performance.now();
      const reply = await runCommand(name, memberContext(store), { [option]: 'x'.repeat(6000) }, sub);
      expect(performance.now() - started).toBeLessThan(500);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(new RegExp(`^\`${option}\`: `));
      expect(reply.content!.length).toBeLessThan(300);
    },
  );
});
