import { DEFAULT_SUBJECT_ID } from '../briefing/defaultSubject';
import { mostRecentFigure } from '../briefing/mostRecentFigure';
import { findFigures } from '../facts/findFigures';
import { METRICS, type MetricId } from '../facts/metrics';
import { narrativeEntries } from '../facts/narrativeEntries';
import type { Figure, Snapshot } from '../facts/snapshot';
import { citeSources } from '../render/citeSources';
import { escapeDataText } from '../render/discordText';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { formatPeriod } from '../render/formatPeriod';
import { formatValue } from '../render/formatValue';
import { datingLine, freshnessColor } from '../render/dataAge';
import { weekMovesChart, withChart } from '../charts/figureCharts';
import { truncate } from '../render/truncate';
import type { Reply, ReplyField } from '../reply';
import { fullWeekId, sourcesCitedIn } from './fullWeek';
import { narrativeBlocks } from '../briefing/narrativeBlocks';

/** The index's numbers a member looks for first, in the order they read them. */
const HEADLINE_METRICS: readonly MetricId[] = ['close', 'change-1d', 'change-1w', 'ytd-return'];

/**
 * Bounds that keep the card one message whatever the data says (Discord's
 * 6,000 characters per message): each section's field at most 700, the
 * sources footer 600, a title, name or value cut to part of a line. The
 * shipped week uses well under half of each.
 */
const FIELD_BUDGET = 700;
const FOOTER_BUDGET = 600;
const TITLE_LENGTH = 90;
const VALUE_LENGTH = 60;
const NAME_LENGTH = 60;

function cite(numbers: readonly number[]): string {
  return [...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((n) => `[${n}]`)
    .join('');
}

/** Lines joined until the budget is spent; the rest are counted and left to the full week. */
function linesWithin(lines: readonly string[], budget: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const more = `…and ${lines.length - i} more in the full week`;
    const room = budget - used - (i < lines.length - 1 ? more.length + 1 : 0);
    if (line.length + 1 > room) {
      kept.push(more);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join('\n');
}

/** Figures that are numbers or ranges, or, when a topic has none, its words: a line of numbers reads at a glance. */
function preferNumbers(figures: readonly Figure[]): readonly Figure[] {
  const numeric = figures.filter((f) => typeof f.value === 'number' || !('word' in f.value));
  return numeric.length > 0 ? numeric : figures;
}

interface Names {
  subject(id: string): string;
}

function namesOf(snapshot: Snapshot): Names {
  const names = new Map(snapshot.subjects.map((s) => [s.id, s.name]));
  return { subject: (id) => truncate(escapeDataText(names.get(id) ?? id), NAME_LENGTH) };
}

function who(figure: Figure, names: Names): string {
  const segment = figure.segment === undefined ? '' : ` (${truncate(escapeDataText(figure.segment), NAME_LENGTH)})`;
  return `${names.subject(figure.subject)}${segment}`;
}

/** `Close` → `**2,521.48** [3]` over `5 Dec 2025`: one inline field per headline number, each with its source. */
function headlineFields(levels: readonly Figure[]): ReplyField[] {
  return HEADLINE_METRICS.flatMap((metric) => {
    const figure = mostRecentFigure(levels.filter((f) => f.metric === metric && f.conflictGroup === undefined));
    if (figure === undefined) return [];
    return [
      {
        name: METRICS[metric].label,
        value: `**${truncate(formatValue(figure), VALUE_LENGTH)}** ${cite(figure.sources)}\n${formatPeriod(figure.period)}`,
        inline: true,
      },
    ];
  });
}

/** `**5 Dec 2025**: Data-driven rally fades into a small-cap dip · −0.4% [3]`: the day's title and, when the data has it, its move. */
function dayLines(snapshot: Snapshot, levels: readonly Figure[]): string[] {
  return narrativeEntries(snapshot, 'recaps').map((day) => {
    const move = levels.find((f) => f.metric === 'change-1d' && f.period.text === day.key);
    const title = truncate(escapeDataText(day.title), TITLE_LENGTH);
    return `**${formatCalendarDate(day.key)}**: ${title}${move === undefined ? '' : ` · ${formatValue(move)} ${cite(move.sources)}`}`;
  });
}

/**
 * Figures of one metric side by side: `Russell 2000 around 5.5% · Nasdaq-100
 * about 2.5% (7 Dec 2025) [16][31]`. Sources and a shared date are written
 * once at the end when every figure has the same, else after each figure.
 */
function sideBySide(figures: readonly Figure[], names: Names): string {
  const shared = (key: (f: Figure) => string) => new Set(figures.map(key)).size === 1;
  const sameSources = shared((f) => cite(f.sources));
  const samePeriod = shared((f) => f.period.text);
  const items = figures.map(
    (f) =>
      `${who(f, names)} ${truncate(formatValue(f), VALUE_LENGTH)}${samePeriod ? '' : ` (${formatPeriod(f.period)})`}${sameSources ? '' : ` ${cite(f.sources)}`}`,
  );
  const period = samePeriod && figures[0] !== undefined ? ` (${formatPeriod(figures[0].period)})` : '';
  return `${items.join(' · ')}${period}${sameSources ? ` ${cite(figures.flatMap((f) => f.sources))}` : ''}`;
}

function low(f: Figure): number {
  return typeof f.value === 'number' ? f.value : 'low' in f.value ? f.value.low : Number.NaN;
}

function high(f: Figure): number {
  return typeof f.value === 'number' ? f.value : 'high' in f.value ? f.value.high : Number.NaN;
}

/**
 * A family of estimates of one metric as one quotable line with its spread:
 * `Valuation discount 20–30% across 4 estimates (Russell 2000, U.S. small caps
 * vs Russell Top 200, U.S. large caps, S&P 500) [20][21][28][39]`.
 */
function spreadLine(metric: MetricId, figures: readonly Figure[], names: Names): string {
  const unit = figures[0]!.unit;
  const spread = formatValue({
    metric,
    unit,
    value: { low: Math.min(...figures.map(low)), high: Math.max(...figures.map(high)) },
  });
  const subjects = [...new Set(figures.map((f) => who(f, names)))].join(', ');
  const versus = [...new Set(figures.flatMap((f) => (f.comparedTo === undefined ? [] : [names.subject(f.comparedTo)])))].join(', ');
  return `${METRICS[metric].label} ${spread} across ${figures.length} estimates (${subjects}${versus === '' ? '' : ` vs ${versus}`}) ${cite(figures.flatMap((f) => f.sources))}`;
}

/**
 * A topic in one line per metric: its figures side by side when each is about
 * a different index, or, when one subject has several numeric estimates, all
 * of them as one spread (four near-identical discounts make one line to quote).
 */
function topicLines(figures: readonly Figure[], names: Names): string[] {
  const byMetric = new Map<MetricId, Figure[]>();
  for (const figure of preferNumbers(figures)) byMetric.set(figure.metric, [...(byMetric.get(figure.metric) ?? []), figure]);
  return [...byMetric].map(([metric, group]) => {
    const numeric = group.every((f) => !Number.isNaN(low(f)));
    const distinctSubjects = new Set(group.map((f) => who(f, names))).size === group.length;
    if (group.length > 1 && numeric && !distinctSubjects) return spreadLine(metric, group, names);
    return `${METRICS[metric].label}: ${sideBySide(group, names)}`;
  });
}

/** `The Fed's December meeting [1][7]`: the bold lead-in of each catalyst, or the entry's title when it has none. */
function catalystLines(snapshot: Snapshot): string[] {
  return narrativeEntries(snapshot, 'commentary', 'catalysts').flatMap((entry) => {
    const items = narrativeBlocks(snapshot, entry.markdown)
      .flatMap((block) => block.split('\n'))
      .flatMap((line) => {
        const lead = /^(?:[-•*]|\d+\.) \*\*(.+?):?\*\*/.exec(line);
        if (lead === null) return [];
        const numbers = [...line.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        return [`• ${truncate(lead[1]!, TITLE_LENGTH)} ${cite(numbers)}`.trimEnd()];
      });
    return items.length > 0 ? items : [`• ${truncate(escapeDataText(entry.title), TITLE_LENGTH)} ${cite(entry.sources)}`.trimEnd()];
  });
}

function scenarioLines(snapshot: Snapshot): string[] {
  return narrativeEntries(snapshot, 'scenarios').map((s) => `• ${truncate(escapeDataText(s.title), TITLE_LENGTH)} ${cite(s.sources)}`);
}

function section(name: string, lines: readonly string[]): ReplyField[] {
  return lines.length === 0 ? [] : [{ name, value: linesWithin(lines, FIELD_BUDGET), inline: false }];
}

/**
 * The weekly recap as one message, a card read at a glance: the index's
 * headline numbers, one line per day, positioning and valuation in a line
 * per metric, next week's catalysts and the scenarios in a line each, the
 * data's date once and its sources once. Every number shown cites its
 * sources. "Read the full week" opens the whole narrative, paged, for
 * whoever presses it (see `fullWeekPage`).
 */
export function composeRecap(snapshot: Snapshot, now: Date, staleAfterDays: number): Reply {
  const week = narrativeEntries(snapshot, 'week');
  const levels = findFigures(snapshot, { topic: 'levels', subject: DEFAULT_SUBJECT_ID });
  const names = namesOf(snapshot);
  const headline = headlineFields(levels);
  const fields: ReplyField[] = [
    ...headline,
    ...section('Day by day', dayLines(snapshot, levels)),
    ...section('Positioning', topicLines(findFigures(snapshot, { topic: 'short-interest' }), names)),
    ...section('Valuation', topicLines(findFigures(snapshot, { topic: 'valuation' }), names)),
    ...section('Next week', catalystLines(snapshot)),
    ...section('Scenarios', scenarioLines(snapshot)),
  ];
  const lead = datingLine(snapshot.asOf, now, staleAfterDays);
  // The fields below the lead are the index's; naming it once here spares every label.
  const description = headline.length > 0 ? `${lead}\n\n**${names.subject(DEFAULT_SUBJECT_ID)}**` : lead;
  const cited = fields.flatMap((f) => sourcesCitedIn(f.value));
  const card: Reply = {
    embeds: [
      {
        title: truncate(`Weekly recap: ${escapeDataText(week[0]?.title ?? snapshot.title)}`, 2 * TITLE_LENGTH),
        description,
        color: freshnessColor(snapshot.asOf, now, staleAfterDays),
        fields,
        footer: citeSources(
          cited.filter((n) => snapshot.sources.has(n)),
          snapshot.sources,
          FOOTER_BUDGET,
        ),
      },
    ],
    components: [[{ kind: 'button', customId: fullWeekId(snapshot.asOf, 1), label: 'Read the full week', style: 'primary' }]],
  };
  return withChart(card, weekMovesChart(snapshot));
}
