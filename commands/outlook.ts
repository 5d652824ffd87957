import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { narrativeBlocks } from '../src/briefing/narrativeBlocks';
import { cites } from '../src/briefing/figureLines';
import {
  answerReply,
  cachedView,
  followUpId,
  followUpReply,
  headlineLine,
  parseFollowUp,
  type AnswerView,
} from '../src/briefing/memberAnswer';
import { keyOption } from '../src/briefing/optionSchemas';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import type { Snapshot } from '../src/facts/snapshot';
import { escapeDataText } from '../src/render/discordText';
import type { Reply } from '../src/reply';

/** The scenarios one line each, the full text behind Read more and the select; kept per snapshot. */
function allView(snapshot: Snapshot): AnswerView {
  return cachedView(snapshot, 'outlook', '*', () => {
    const all = narrativeEntries(snapshot, 'scenarios');
    return {
      title: 'Outlook: the scenarios analysts sketch',
      headline: headlineLine(`Outlook: ${all.length} scenario${all.length === 1 ? '' : 's'}`, [], snapshot.asOf),
      body: all.map((e) => `**${escapeDataText(e.title)}** ${cites(e.sources)}`),
      sources: all.flatMap((e) => e.sources),
      more: { narrative: all.map((e) => `## ${e.title}\n\n${e.markdown}`), sources: all.flatMap((e) => e.sources) },
    };
  });
}

/** One scenario in full, asked for by name. */
function oneView(snapshot: Snapshot, key: string): AnswerView | undefined {
  const entry = narrativeEntries(snapshot, 'scenarios', key)[0];
  if (entry === undefined) return undefined;
  return cachedView(snapshot, 'outlook', `scenario:${entry.key}`, () => ({
    title: `Outlook: ${entry.title}`,
    headline: headlineLine(escapeDataText(entry.title), [], snapshot.asOf, entry.sources),
    body: [narrativeBlocks(snapshot, entry.markdown).join('\n\n')],
    sources: entry.sources,
  }));
}

function withSelect(reply: Reply, snapshot: Snapshot): Reply {
  const all = narrativeEntries(snapshot, 'scenarios');
  return {
    ...reply,
    components: [
      ...(reply.components ?? []),
      [
        {
          kind: 'select',
          customId: followUpId('outlook', 'scenario', snapshot.asOf, 1, ''),
          placeholder: 'Read one scenario in full',
          options: all.map((e) => ({ label: e.title.slice(0, 100), value: e.key })),
        },
      ],
    ],
  };
}

function scenarioReply(key: string | undefined, ctx: CommandContext): Reply {
  const snapshot = ctx.store.latest();
  const all = narrativeEntries(snapshot, 'scenarios');
  if (all.length === 0) return problemReply(`The ${snapshot.asOf} data has no scenarios.`);
  if (key === undefined) return withSelect(answerReply('outlook', snapshot, '*', allView(snapshot), ctx), snapshot);
  const view = oneView(snapshot, key);
  if (view === undefined) {
    return problemReply(
      `There is no "${escapeDataText(key)}" scenario. The scenarios are: ${all.map((e) => escapeDataText(`${e.key} (${e.title})`)).join(', ')}.`,
    );
  }
  return withSelect(answerReply('outlook', snapshot, key, view, ctx), snapshot);
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
  // The select opens one scenario, Read more all of them, each privately, paged, and about the snapshot the member saw.
  async component(customId, values, ctx) {
    const parsed = parseFollowUp('outlook', customId, ctx);
    if (!parsed.ok) return parsed.reply;
    const { snapshot, action } = parsed;
    if (action === 'scenario' || action === 'one') {
      const key = action === 'scenario' ? (values[0] ?? '') : parsed.arg;
      const view = oneView(snapshot, key);
      if (view === undefined) return problemReply('That scenario is not in this data any more. Run the command again.');
      const entry = narrativeEntries(snapshot, 'scenarios', key)[0]!;
      return followUpReply(
        'outlook',
        snapshot,
        { action: 'one', page: parsed.page, arg: key },
        { ...view, more: { narrative: [entry.markdown], sources: entry.sources } },
        ctx,
      );
    }
    return followUpReply('outlook', snapshot, parsed, allView(snapshot), ctx);
  },
});
