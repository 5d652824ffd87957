import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply, type CommandContext } from '../src/command';
import { dateChoices } from '../src/briefing/autocompleteChoices';
import { narrativeBlocks } from '../src/briefing/narrativeBlocks';
import { dateOption } from '../src/briefing/optionSchemas';
import type { FactStore } from '../src/facts/factStore';
import { narrativeEntries } from '../src/facts/narrativeEntries';
import { citeSources } from '../src/render/citeSources';
import { datingLine, freshnessColor } from '../src/render/dataAge';
import { escapeDataText } from '../src/render/discordText';
import { formatCalendarDate } from '../src/render/formatCalendarDate';
import { pagedReply, pagesOf } from '../src/render/pagedText';
import type { Reply } from '../src/reply';
import type { NarrativeEntry, Snapshot } from '../src/facts/snapshot';
import { fullWeekPage, hasWeek, parseFullWeekId } from '../src/recaps/fullWeek';

/** Day recaps across every loaded snapshot, the newest snapshot's telling first. */
function dayRecaps(store: FactStore): DayRecap[] {
  const seen = new Set<string>();
  const found: DayRecap[] = [];
  for (const snapshot of [...store.all()].reverse()) {
    for (const entry of narrativeEntries(snapshot, 'recaps')) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      found.push({ snapshot, entry });
    }
  }
  return found;
}

interface DayRecap {
  readonly snapshot: Snapshot;
  readonly entry: NarrativeEntry;
}

/** Previous/Next on a day's recap: `recap:day:<date>:<page>`. */
const DAY_PAGE_ID = /^recap:day:(\d{4}-\d{2}-\d{2}):(\d{1,3})$/;

/** One page of a day's recap, dated and sourced as every answer is; a long day reads on, page by page, behind Next. */
function dayPage({ snapshot, entry }: DayRecap, page: number, ctx: CommandContext): Reply {
  return pagedReply({
    title: escapeDataText(`Recap ${formatCalendarDate(entry.key)}: ${entry.title}`),
    lead: datingLine(snapshot.asOf, ctx.now, ctx.staleAfterDays),
    pages: pagesOf(narrativeBlocks(snapshot, entry.markdown)),
    page,
    customId: (p) => `recap:day:${entry.key}:${p}`,
    footer: citeSources(entry.sources, snapshot.sources),
    color: freshnessColor(snapshot.asOf, ctx.now, ctx.staleAfterDays),
  });
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
      // Asked for in the channel, the first page is shown there; further pages go to whoever turns them.
      return { ...dayPage(found, 1, ctx), ephemeral: false };
    }
    const snapshot = ctx.store.latest();
    if (!hasWeek(snapshot)) return problemReply(`The ${snapshot.asOf} data has no recap.`);
    // Asked for in the channel, the first page is shown there; further pages go to whoever turns them.
    return { ...fullWeekPage(snapshot, 1, ctx.now, ctx.staleAfterDays), ephemeral: false };
  },
  /** "Read the full week" on a recap card, and Previous/Next on its pages and a day's: any member may press them. */
  async component(customId, _values, ctx) {
    const day = DAY_PAGE_ID.exec(customId);
    if (day !== null) {
      const found = dayRecaps(ctx.store).find((r) => r.entry.key === day[1]);
      if (found === undefined)
        return problemReply(`The recap for ${formatCalendarDate(day[1]!)} is no longer loaded. Run /recap for the latest week.`);
      return dayPage(found, Number(day[2]), ctx);
    }
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
