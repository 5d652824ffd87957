import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { indexChoices, snapshotDateChoices } from '../src/briefing/autocompleteChoices';
import { briefingReply, type SectionParts } from '../src/briefing/briefingReply';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { DEFAULT_SUBJECT_ID } from '../src/briefing/defaultSubject';
import { citedByFigures, figureFields } from '../src/briefing/figureFields';
import { dateOption, indexOption } from '../src/briefing/optionSchemas';
import { pickSnapshot } from '../src/briefing/pickSnapshot';
import { pickSubject, type Answerable } from '../src/briefing/pickSubject';
import { findFigures } from '../src/facts/findFigures';
import type { MetricId } from '../src/facts/metrics';
import type { Snapshot } from '../src/facts/snapshot';
import { moveColor } from '../src/render/moveColor';

/** What /levels promises: levels, moves, record highs and year-to-date. */
const LEVEL_METRICS: ReadonlySet<MetricId> = new Set(['close', 'change-1d', 'change-1w', 'all-time-high', 'record-close', 'ytd-return']);

/**
 * What /levels shows for one index is data only, so it is worked out once per
 * snapshot (which never changes): the level figures, and each index's section,
 * keyed by the subject found (never by the text typed, so the cache cannot
 * grow past two entries per index). Only the dating is done per answer.
 */
interface SnapshotLevels {
  readonly answerable: Answerable;
  readonly sections: Map<string, SectionParts>;
}

const levelsBySnapshot = new WeakMap<Snapshot, SnapshotLevels>();

/**
 * Level figures by metric rather than by the data's topic, so an index whose
 * moves the data files under world context (STOXX, Nikkei, ACWI) still
 * answers /levels.
 */
function levelsOf(snapshot: Snapshot): SnapshotLevels {
  let levels = levelsBySnapshot.get(snapshot);
  if (levels === undefined) {
    levels = {
      answerable: { figures: snapshot.figures.filter((f) => LEVEL_METRICS.has(f.metric)), concerns: (f, id) => f.subject === id },
      sections: new Map(),
    };
    levelsBySnapshot.set(snapshot, levels);
  }
  return levels;
}

function levelsSection(snapshot: Snapshot, subject: { readonly id: string; readonly name: string }, withOthers: boolean): SectionParts {
  const { answerable, sections } = levelsOf(snapshot);
  const key = `${withOthers ? 'with others:' : ''}${subject.id}`;
  let section = sections.get(key);
  if (section === undefined) {
    const own = answerable.figures.filter((f) => answerable.concerns(f, subject.id));
    // Asked without an index, the answer also shows how the other U.S. benchmarks did, for context.
    const others = withOthers ? findFigures(snapshot, { topic: 'levels' }).filter((f) => f.subject !== subject.id) : [];
    const shown = [...own, ...others];
    const dailyMove = own.find((f) => f.metric === 'change-1d');
    section = {
      title: `${subject.name}: levels`,
      fields: figureFields(snapshot, shown),
      sources: citedByFigures(snapshot, shown),
      color: moveColor(dailyMove?.value),
    };
    sections.set(key, section);
  }
  return section;
}

export const levels = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('levels')
    .setDescription('Index level, daily and weekly moves, record highs and year-to-date, with sources')
    .addStringOption((o) =>
      o.setName('index').setDescription('Index name or alias: rut, spx, ndx… (default Russell 2000)').setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName('date').setDescription('As-of date of the data, YYYY-MM-DD (default: the latest)').setAutocomplete(true),
    ),
  options: z.strictObject({ index: indexOption.optional(), date: dateOption.optional() }),
  handle({ index, date }, ctx) {
    const picked = pickSnapshot(ctx.store, date);
    if (!picked.ok) return picked.reply;
    const snapshot = picked.value;
    const subject = pickSubject(snapshot, index ?? DEFAULT_SUBJECT_ID, levelsOf(snapshot).answerable, 'Levels');
    if (!subject.ok) return subject.reply;
    const answer = briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      ...levelsSection(snapshot, subject.value, index === undefined),
    });
    // One index's moves are a number, not a comparison: the chart is for the overview.
    return withChart(answer, index === undefined ? weekMovesChart(snapshot) : undefined);
  },
  autocomplete(option, _invocation, ctx) {
    if (option.name === 'date') return snapshotDateChoices(ctx.store, option.value);
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, levelsOf(snapshot).answerable);
  },
});
