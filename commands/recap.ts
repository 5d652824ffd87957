import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply } from '../src/command';
import { dateChoices } from '../src/briefing/autocompleteChoices';
import { briefingReply } from '../src/briefing/briefingReply';
import { dateOption } from '../src/briefing/optionSchemas';
import type { FactStore } from '../src/facts/factStore';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import { formatCalendarDate } from '../src/render/formatCalendarDate';
import type { NarrativeEntry, Snapshot } from '../src/facts/snapshot';

/** Day recaps across every loaded snapshot, the newest snapshot's telling first. */
function dayRecaps(store: FactStore): { snapshot: Snapshot; entry: NarrativeEntry }[] {
  const seen = new Set<string>();
  const found: { snapshot: Snapshot; entry: NarrativeEntry }[] = [];
  for (const snapshot of [...store.all()].reverse()) {
    for (const entry of narrativeEntries(snapshot, 'recaps')) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      found.push({ snapshot, entry });
    }
  }
  return found;
}

export const recap = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('recap')
    .setDescription('The weekly recap, or what happened on one day')
    .addStringOption((o) =>
      o.setName('date').setDescription("A day, YYYY-MM-DD, for that day's recap (default: the latest week)").setAutocomplete(true),
    ),
  options: z.strictObject({ date: dateOption.optional() }),
  handle({ date }, ctx) {
    if (date !== undefined) {
      const found = dayRecaps(ctx.store).find((r) => r.entry.key === date);
      if (found === undefined) {
        const known = dayRecaps(ctx.store)
          .map((r) => r.entry.key)
          .sort();
        return problemReply(`There is no recap for ${date}. Day recaps exist for: ${known.join(', ') || 'no days yet'}.`);
      }
      return briefingReply({
        snapshot: found.snapshot,
        now: ctx.now,
        staleAfterDays: ctx.staleAfterDays,
        title: `Recap ${formatCalendarDate(date)}: ${found.entry.title}`,
        narrative: [found.entry.markdown],
        sources: found.entry.sources,
      });
    }
    const snapshot = ctx.store.latest();
    const week = narrativeEntries(snapshot, 'week');
    const days = narrativeEntries(snapshot, 'recaps');
    if (week.length === 0 && days.length === 0) return problemReply(`The ${snapshot.asOf} data has no recap.`);
    return briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      title: `Weekly recap: ${week[0]?.title ?? snapshot.title}`,
      narrative: [...week.map((e) => e.markdown), ...days.map((e) => `## ${formatCalendarDate(e.key)}: ${e.title}\n\n${e.markdown}`)],
      sources: [...week, ...days].flatMap((e) => e.sources),
    });
  },
  autocomplete(option, _invocation, ctx) {
    const titles = new Map(dayRecaps(ctx.store).map((r) => [r.entry.key, r.entry.title]));
    return dateChoices([...titles.keys()], option.value, (date) => titles.get(date) ?? date);
  },
});
