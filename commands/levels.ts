import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command';
import { indexChoices, snapshotDateChoices } from '../src/briefing/autocompleteChoices';
import { weekMovesChart, withChart } from '../src/charts/figureCharts';
import { DEFAULT_SUBJECT_ID } from '../src/briefing/defaultSubject';
import { citedBy, compactLines, detailLines, hasDetails, subjectName } from '../src/briefing/figureLines';
import { answerComponent, answerReply, cachedView, headlineLine, type AnswerView } from '../src/briefing/memberAnswer';
import { mostRecentFigure } from '../src/briefing/mostRecentFigure';
import { dateOption, indexOption } from '../src/briefing/optionSchemas';
import { pickSnapshot } from '../src/briefing/pickSnapshot';
import { pickSubject, type Answerable } from '../src/briefing/pickSubject';
import { findFigures } from '../src/facts/findFigures';
import type { MetricId } from '../src/facts/metrics';
import type { Figure, Snapshot } from '../src/facts/snapshot';
import { formatValue } from '../src/render/formatValue';

/** What /levels promises: levels, moves, record highs and year-to-date. */
const LEVEL_METRICS: ReadonlySet<MetricId> = new Set([
  'close',
  'change-1d',
  'change-1w',
  'all-time-high',
  'record-close',
  'record-high',
  'ytd-return',
]);

/** The moves a headline gives after the level, with the short word that follows a number. */
const HEADLINE_MOVES: readonly { readonly metric: MetricId; readonly word: string }[] = [
  { metric: 'change-1d', word: 'day' },
  { metric: 'change-1w', word: 'week' },
  { metric: 'ytd-return', word: 'YTD' },
];

/** What the other U.S. benchmarks show beside the index asked about. */
const OTHERS_METRICS: ReadonlySet<MetricId> = new Set(['close', 'change-1d', 'change-1w']);

const answerables = new WeakMap<Snapshot, Answerable>();

/**
 * Level figures by metric rather than by the data's topic, so an index whose
 * moves the data files under world context (STOXX, Nikkei, ACWI) still
 * answers /levels. Worked out once per snapshot, which never changes.
 */
function answerableOf(snapshot: Snapshot): Answerable {
  let answerable = answerables.get(snapshot);
  if (answerable === undefined) {
    answerable = { figures: snapshot.figures.filter((f) => LEVEL_METRICS.has(f.metric)), concerns: (f, id) => f.subject === id };
    answerables.set(snapshot, answerable);
  }
  return answerable;
}

/** `−0.4% day`, or `week: slipped` when the move is a word, which reads wrong before its label. */
function movePart(figure: Figure, word: string): string {
  return typeof figure.value === 'object' && 'word' in figure.value ? `${word}: ${formatValue(figure)}` : `${formatValue(figure)} ${word}`;
}

/**
 * One index's levels: the close and the latest daily and weekly moves in the
 * headline, the rest below it (last week, year to date, record highs), and,
 * asked without an index, how the other U.S. benchmarks did, for context.
 * Kept per snapshot, keyed by the subject found (never by the text typed).
 */
function levelsView(snapshot: Snapshot, subjectId: string, withOthers: boolean): AnswerView {
  return cachedView(snapshot, 'levels', `${withOthers ? 'all' : 'one'}:${subjectId}`, () => {
    const answerable = answerableOf(snapshot);
    const own = answerable.figures.filter((f) => answerable.concerns(f, subjectId));
    const name = subjectName(snapshot, subjectId);
    const close = mostRecentFigure(own.filter((f) => f.metric === 'close'));
    // The year to date joins the headline only when there is no close or move to lead with.
    const moves = HEADLINE_MOVES.map(({ metric, word }) => ({ figure: mostRecentFigure(own.filter((f) => f.metric === metric)), word }))
      .filter((m): m is { figure: Figure; word: string } => m.figure !== undefined)
      .filter((m, i, all) => m.figure.metric !== 'ytd-return' || (close === undefined && all.length === 1 + i && i === 0));
    const headlined = [...(close !== undefined ? [close] : []), ...moves.map((m) => m.figure)];
    const dated = headlined.filter((f) => f.metric !== 'ytd-return').map((f) => f.period.end);
    const asOf = dated.length > 0 ? dated.reduce((a, b) => (b > a ? b : a)) : snapshot.asOf;
    const headline = headlineLine(
      close !== undefined ? `${name} ${formatValue(close)}` : name,
      moves.map((m) => movePart(m.figure, m.word)),
      asOf,
      headlined.flatMap((f) => f.sources),
    );
    const rest = own.filter((f) => !headlined.includes(f));
    // The other benchmarks' moves, for context; their year to date is one tap away (Details, or /levels with that index).
    const others = withOthers
      ? findFigures(snapshot, { topic: 'levels' }).filter((f) => f.subject !== subjectId && OTHERS_METRICS.has(f.metric))
      : [];
    const context = withOthers ? findFigures(snapshot, { topic: 'levels' }).filter((f) => f.subject !== subjectId) : [];
    const shown = [...own, ...context];
    return {
      title: `${name}: levels`,
      headline,
      body: [
        ...compactLines(snapshot, rest, subjectId),
        ...(others.length > 0 ? ['', '**Other U.S. benchmarks**', ...compactLines(snapshot, others)] : []),
      ],
      sources: citedBy(snapshot, shown),
      ...(hasDetails(shown) && { details: { lines: detailLines(snapshot, shown), sources: citedBy(snapshot, shown) } }),
    };
  });
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
    const subject = pickSubject(snapshot, index ?? DEFAULT_SUBJECT_ID, answerableOf(snapshot), 'Levels');
    if (!subject.ok) return subject.reply;
    const withOthers = index === undefined;
    const arg = `${withOthers ? 'all' : 'one'}:${subject.value.id}`;
    // One index's moves are a number, not a comparison: the chart is for the overview.
    return withChart(
      answerReply('levels', snapshot, arg, levelsView(snapshot, subject.value.id, withOthers), ctx),
      withOthers ? weekMovesChart(snapshot) : undefined,
    );
  },
  autocomplete(option, _invocation, ctx) {
    if (option.name === 'date') return snapshotDateChoices(ctx.store, option.value);
    const snapshot = ctx.store.latest();
    return indexChoices(snapshot, option.value, answerableOf(snapshot));
  },
  component: answerComponent('levels', (snapshot, arg) => {
    const [scope, subjectId = ''] = arg.split(':');
    if (!answerableOf(snapshot).figures.some((f) => f.subject === subjectId)) return undefined;
    return levelsView(snapshot, subjectId, scope === 'all');
  }),
});
