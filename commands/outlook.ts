import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { briefingReply } from '../src/briefing/briefingReply';
import { keyOption } from '../src/briefing/optionSchemas';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import type { Reply } from '../src/reply';
import { escapeDataText } from '../src/render/discordText';

const SELECT_ID = 'outlook:scenario';

function scenarioReply(key: string | undefined, ctx: CommandContext): Reply {
  const snapshot = ctx.store.latest();
  const all = narrativeEntries(snapshot, 'scenarios');
  const chosen = key === undefined ? all : all.filter((e) => e.key === key);
  if (chosen.length === 0) {
    return problemReply(
      all.length === 0
        ? `The ${snapshot.asOf} data has no scenarios.`
        : `There is no "${escapeDataText(key ?? '')}" scenario. The scenarios are: ${all.map((e) => escapeDataText(`${e.key} (${e.title})`)).join(', ')}.`,
    );
  }
  const reply = briefingReply({
    snapshot,
    now: ctx.now,
    staleAfterDays: ctx.staleAfterDays,
    title: chosen.length === 1 ? `Outlook: ${chosen[0]!.title}` : 'Outlook: the scenarios analysts sketch',
    narrative: chosen.map((e) => (chosen.length === 1 ? e.markdown : `## ${e.title}\n\n${e.markdown}`)),
    sources: chosen.flatMap((e) => e.sources),
  });
  return {
    ...reply,
    components: [
      [
        {
          kind: 'select',
          customId: SELECT_ID,
          placeholder: 'Read one scenario in full',
          options: all.map((e) => ({ label: e.title.slice(0, 100), value: e.key })),
        },
      ],
    ],
  };
}

export const outlook = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('outlook')
    .setDescription('The base, bull and bear scenarios analysts sketch, with their conditions')
    .addStringOption((o) => o.setName('scenario').setDescription('One scenario: base, bull or bear (default: all)').setAutocomplete(true)),
  options: z.strictObject({ scenario: keyOption.optional() }),
  handle: ({ scenario }, ctx) => scenarioReply(scenario, ctx),
  autocomplete(option, _invocation, ctx) {
    const typed = option.value.trim().toLowerCase();
    return narrativeEntries(ctx.store.latest(), 'scenarios')
      .filter((e) => `${e.key} ${e.title}`.toLowerCase().includes(typed))
      .map((e) => ({ name: e.title, value: e.key }));
  },
  component: async (_customId, values, ctx) => scenarioReply(values[0], ctx),
});
