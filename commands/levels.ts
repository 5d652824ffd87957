import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { indexChoices, snapshotDateChoices } from '../src/briefing/autocompleteChoices';
import { briefingReply } from '../src/briefing/briefingReply';
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

/** Kept per snapshot (which never changes): filtering every figure on each /levels was a share of its work. */
const answerableBySnapshot = new WeakMap<Snapshot, Answerable>();

/**
 * Level figures by metric rather than by the data's topic, so an index whose
 * moves the data files under world context (STOXX, Nikkei, ACWI) still
 * answers /levels.
 */
function levelsAnswerable(snapshot: Snapshot): Answerable {
  let answerable = answerableBySnapshot.get(snapshot);
  if (answerable === undefined) {
    answerable = { figures: snapshot.figures.filter((f) => LEVEL_METRICS.has(f.metric)), concerns: (f, id) => f.subject === id };
    answerableBySnapshot.set(snapshot, answerable);
  }
  return answerable;
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
    const answerable = levelsAnswerable(snapshot);
    const subject = pickSubject(snapshot, index ?? DEFAULT_SUBJECT_ID, answerable, 'Levels');
    if (!subject.ok) return subject.reply;
    const own = answerable.figures.filter((f) => answerable.concerns(f, subject.value.id));
    // Asked without an index, the answer also shows how the other U.S. benchmarks did, for context.
    const others = index === undefined ? findFigures(snapshot, { topic: 'levels' }).filter((f) => f.subject !== subject.value.id) : [];
    const shown = [...own, ...others];
    const dailyMove = own.find((f) => f.metric === 'change-1d');
    return briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      title: `${subject.value.name}: levels`,
      fields: figureFields(snapshot, shown),
      sources: citedByFigures(snapshot, shown),
      color: moveColor(dailyMove?.value),
    });
  },
  autocomplete(option, _invocation, ctx) {
    if (option.name === 'date') return snapshotDateChoices(ctx.store, option.value);
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, levelsAnswerable(snapshot));
  },
});
