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
import { fullWeekPage, hasWeek, parseFullWeekId } from '../src/recaps/fullWeek';

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
    if (!hasWeek(snapshot)) return problemReply(`The ${snapshot.asOf} data has no recap.`);
    // Asked for in the channel, the first page is shown there; further pages go to whoever turns them.
    return { ...fullWeekPage(snapshot, 1, ctx.now, ctx.staleAfterDays), ephemeral: false };
  },
  /** "Read the full week" on a recap card, and Previous/Next on its pages: any member may press them. */
  async component(customId, _values, ctx) {
    const wanted = parseFullWeekId(customId);
    if (wanted === undefined) return problemReply('This button no longer works. Run /recap for the full week.');
    const snapshot = ctx.store.asOf(wanted.asOf);
    if (snapshot === undefined) {
      return problemReply(
        `The week to ${formatCalendarDate(wanted.asOf)} is no longer loaded, so its full text cannot be shown. Run /recap for the latest week.`,
      );
    }
    return fullWeekPage(snapshot, wanted.page, ctx.now, ctx.staleAfterDays);
  },
  autocomplete(option, _invocation, ctx) {
    const titles = new Map(dayRecaps(ctx.store).map((r) => [r.entry.key, r.entry.title]));
    return dateChoices([...titles.keys()], option.value, (date) => titles.get(date) ?? date);
  },
});
