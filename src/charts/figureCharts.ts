import { findFigures } from '../facts/findFigures';
import { METRICS, type MetricId, type Unit } from '../facts/metrics';
import type { Figure, Snapshot } from '../facts/snapshot';
import { SnapshotMemo } from '../facts/snapshotMemo';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { formatPeriod } from '../render/formatPeriod';
import { formatValue } from '../render/formatValue';
import { truncate } from '../render/truncate';
import type { ChartSpec, Reply, ReplyChart } from '../reply';

/**
 * Charts are specifications built from a snapshot's figures: pure data, so a
 * test can check that each chart shows exactly the figures it claims, and the
 * rendering (Vega, resvg) stays at the edge, in another process.
 */

/** One mark of a bar chart: a value drawn from zero, a range drawn from low to high, or a word written where a bar would start. */
export interface ChartRow {
  /** The row's label on the axis: the index, or what a discount is measured against. */
  readonly category: string;
  /** Told apart by colour: the daily and the weekly move. */
  readonly series: string;
  readonly kind: 'value' | 'range' | 'word';
  readonly start: number;
  readonly end: number;
  /** Written beside the mark: the value as the source gives it, and its source numbers. */
  readonly label: string;
  readonly sources: readonly number[];
  readonly figureId: string;
}

/** One reading of `/history`: a figure of one snapshot. */
export interface HistoryPoint {
  /** The snapshot's as-of date, YYYY-MM-DD. */
  readonly asOf: string;
  readonly series: string;
  readonly kind: 'value' | 'range' | 'word';
  /** The value, or the middle of a range; absent for a word. */
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** The value as the source gives it and the period it describes: `around 5.5% (7 Dec 2025)`. */
  readonly text: string;
  /** {@link text} with the source numbers, as the chart writes it. */
  readonly label: string;
  readonly sources: readonly number[];
  readonly figureId: string;
}

/**
 * Okabe and Ito's palette: told apart with every common colour-vision
 * deficiency, and dark enough to read on the white card that every chart is
 * drawn on (a transparent chart would vanish on one of Discord's themes).
 */
const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'] as const;

/** The colour encoding of a chart's series, each its own colour; with a single series there is nothing to tell apart, so no legend. */
function seriesColour(series: readonly string[]) {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series, range: SERIES_COLOURS.slice(0, series.length) },
    ...(series.length === 1 && { legend: null }),
  };
}
const INK = '#1F2328';
const CARD = '#FFFFFF';
const FONT = 'Inter';

/** Layout width in CSS pixels; the PNG is drawn at twice this, so text stays sharp on high-density screens. */
const WIDTH = 640;
const SCALE = 2;
const ROW_HEIGHT = 22;
/** Title, caption, axis and legend around the rows. */
const FRAME_HEIGHT = 150;
/** Labels are cut to this many pixels: 'fit' would otherwise shrink the plot to make room for a long one. */
const LABEL_LIMIT = 210;
/** Category labels are cut to this many pixels, leaving the plot room for its bars and their labels. */
const CATEGORY_LIMIT = 230;
/** Discord's limit on an attachment's description. */
const ALT_TEXT_LIMIT = 1024;

function citation(figure: Figure): string {
  return `[${figure.sources.join(', ')}]`;
}

/** A figure's value in the chart's words: numbers as answers write them, words quoted as the source says them. */
function valueText(figure: Figure): string {
  if (typeof figure.value === 'object' && 'word' in figure.value) {
    const word = `“${figure.value.word}”`;
    return figure.qualifier === undefined ? word : `${figure.qualifier} ${word}`;
  }
  return formatValue(figure);
}

function subjectName(snapshot: Snapshot, id: string): string {
  return snapshot.subjects.find((s) => s.id === id)?.name ?? id;
}

function rowOf(figure: Figure, category: string, series: string): ChartRow {
  const base = { category, series, label: `${valueText(figure)} ${citation(figure)}`, sources: figure.sources, figureId: figure.id };
  const { value } = figure;
  if (typeof value === 'number') return { ...base, kind: 'value', start: 0, end: value };
  if ('word' in value) return { ...base, kind: 'word', start: 0, end: 0 };
  return { ...base, kind: 'range', start: value.low, end: value.high };
}

function sourcesOf(figures: readonly { readonly sources: readonly number[] }[]): number[] {
  return [...new Set(figures.flatMap((f) => f.sources))].sort((a, b) => a - b);
}

/** The caption under every chart's title: the data's date and the numbered sources, to look up with /sources. */
export function chartCaption(asOf: string, sources: readonly number[]): string {
  return `As of ${formatCalendarDate(asOf)} · sources ${sources.map((n) => `[${n}]`).join(' ')} · Briefing Desk`;
}

function altText(title: string, caption: string, parts: readonly string[]): string {
  return truncate(`${title}. ${caption}. ${parts.join('; ')}.`, ALT_TEXT_LIMIT);
}

function rounded(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Room past the longest bar for its label, and zero always in view, so a bar's length means what it says. */
function valueDomain(rows: readonly ChartRow[]): [number, number] {
  const low = Math.min(0, ...rows.map((r) => Math.min(r.start, r.end)));
  const high = Math.max(0, ...rows.map((r) => Math.max(r.start, r.end)));
  const span = high - low || 1;
  return [rounded(low < 0 ? low - span * 0.1 : 0), rounded(high + span * 0.6)];
}

function baseSpec(title: string, caption: string, height: number): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height,
    // 'fit' lays the whole chart (title, axes, legend) out inside width × height, so the PNG's size is known before it is drawn.
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: CARD,
    title: {
      text: title,
      subtitle: caption,
      anchor: 'start',
      fontSize: 15,
      subtitleFontSize: 11,
      color: INK,
      subtitleColor: INK,
    },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelColor: INK, titleColor: INK, labelFontSize: 11, titleFontSize: 11, gridColor: '#D0D7DE', domainColor: '#8C959F' },
      legend: {
        labelColor: INK,
        titleColor: INK,
        orient: 'bottom',
        direction: 'vertical',
        labelFontSize: 11,
        labelLimit: 320,
        symbolOpacity: 1,
      },
    },
  };
}

interface BarChartRequest {
  readonly snapshot: Snapshot;
  /** The chart's name: its file is `<chart>.png`, and with the snapshot's hash its cache key. */
  readonly chart: string;
  readonly title: string;
  /** Every source of the figures drawn, named in the caption. */
  readonly sources: readonly number[];
  /** The value axis's title, with its unit. */
  readonly axisTitle: string;
  readonly rows: readonly ChartRow[];
}

/**
 * Horizontal bars by category, one colour per series: values from zero,
 * ranges as lighter bands from low to high, words as text where the bar
 * would start, each with its value and sources written beside it.
 */
function barChart(request: BarChartRequest): ReplyChart {
  const { rows } = request;
  const caption = chartCaption(request.snapshot.asOf, request.sources);
  const categories = [...new Set(rows.map((r) => r.category))];
  const series = [...new Set(rows.map((r) => r.series))];
  const slots = categories.reduce((n, c) => n + new Set(rows.filter((r) => r.category === c).map((r) => r.series)).size, 0);
  const height = FRAME_HEIGHT + (series.length > 1 ? series.length * 18 : 0) + slots * ROW_HEIGHT;
  const colour = seriesColour(series);
  // A category's second line (the period that tells two reports apart) goes under its first, so neither is cut.
  const y = {
    field: 'category',
    type: 'nominal',
    title: null,
    sort: categories,
    axis: { labelLimit: CATEGORY_LIMIT, labelExpr: "split(datum.label, '\\n')" },
  };
  const yOffset = { field: 'series', type: 'nominal', sort: series };
  const x = {
    field: 'start',
    type: 'quantitative',
    title: request.axisTitle,
    scale: { domain: valueDomain(rows), nice: false },
    axis: { tickCount: 8 },
  };
  const spec: ChartSpec = {
    ...baseSpec(request.title, caption, height),
    data: { values: rows },
    encoding: { y, yOffset },
    layer: [
      { transform: [{ filter: "datum.kind === 'value'" }], mark: { type: 'bar' }, encoding: { x, x2: { field: 'end' }, color: colour } },
      {
        transform: [{ filter: "datum.kind === 'range'" }],
        mark: { type: 'bar', opacity: 0.45, strokeWidth: 1.5 },
        encoding: { x, x2: { field: 'end' }, color: colour, stroke: colour },
      },
      {
        transform: [{ filter: "datum.kind !== 'word'" }, { calculate: 'max(datum.start, datum.end, 0)', as: 'labelAt' }],
        mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 11, limit: LABEL_LIMIT },
        encoding: { x: { ...x, field: 'labelAt' }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'word'" }],
        mark: { type: 'point', shape: 'diamond', filled: true, size: 70 },
        encoding: { x, color: colour },
      },
      {
        transform: [{ filter: "datum.kind === 'word'" }],
        mark: { type: 'text', align: 'left', dx: 9, color: INK, fontSize: 11, fontStyle: 'italic', limit: LABEL_LIMIT },
        encoding: { x, text: { field: 'label' } },
      },
      { mark: { type: 'rule', color: '#8C959F' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
    ],
  };
  const parts = rows.map((r) => `${r.category.replace('\n', ', ')}${series.length > 1 ? ` (${r.series})` : ''}: ${r.label}`);
  return {
    key: `${request.snapshot.contentHash}:${request.chart}`,
    name: `${request.chart}.png`,
    spec,
    width: WIDTH * SCALE,
    height: height * SCALE,
    description: altText(request.title, caption, parts),
  };
}

/** A snapshot's charts, built once: a snapshot never changes, and /levels is asked far more often than data is published. */
const built = new SnapshotMemo<ReplyChart | undefined>();

/** A chart of one value is a number, not a comparison: answers without at least two rows to compare get none. */
function comparable(rows: readonly ChartRow[]): boolean {
  return new Set(rows.map((r) => r.category)).size >= 2 && rows.some((r) => r.kind !== 'word');
}

const UNIT_TITLES: Record<Unit, string> = {
  points: 'points',
  percent: '%',
  'basis-points': 'basis points',
  multiple: 'times (x)',
  descriptor: '',
};

/**
 * Short interest by index, as bars; a level a source gives in words
 * ("seven-year high") is written beside its index, never drawn as a number.
 */
export function shortInterestChart(snapshot: Snapshot): ReplyChart | undefined {
  return built.get(snapshot, 'short-interest', () => buildShortInterestChart(snapshot));
}

function buildShortInterestChart(snapshot: Snapshot): ReplyChart | undefined {
  const figures = findFigures(snapshot, { topic: 'short-interest' });
  const rows = figures.map((f) =>
    rowOf(f, subjectName(snapshot, f.subject), f.metric === 'short-interest' ? 'Short interest' : 'Level, as the source words it'),
  );
  if (!comparable(rows)) return undefined;
  return barChart({
    snapshot,
    chart: 'short-interest',
    title: 'Short interest by index',
    sources: sourcesOf(figures),
    axisTitle: 'Short interest, % of market capitalisation',
    rows,
  });
}

/**
 * Every valuation discount as a range (or a bar for a single figure), each
 * labelled with what it is measured against; two sources that disagree about
 * the same comparison are both drawn, told apart by period.
 */
export function valuationChart(snapshot: Snapshot): ReplyChart | undefined {
  return built.get(snapshot, 'valuation', () => buildValuationChart(snapshot));
}

function buildValuationChart(snapshot: Snapshot): ReplyChart | undefined {
  const figures = findFigures(snapshot, { metric: 'valuation-discount' });
  const against = (f: Figure) =>
    `${subjectName(snapshot, f.subject)} vs ${f.comparedTo === undefined ? 'the market' : subjectName(snapshot, f.comparedTo)}`;
  const twice = new Set(figures.map(against).filter((c, i, all) => all.indexOf(c) !== i));
  const rows = figures.map((f) => {
    const category = twice.has(against(f)) ? `${against(f)}\n${formatPeriod(f.period)}` : against(f);
    return rowOf(f, category, 'Valuation discount');
  });
  if (!comparable(rows)) return undefined;
  return barChart({
    snapshot,
    chart: 'valuation',
    title: 'Small-cap valuation discounts',
    sources: sourcesOf(figures),
    axisTitle: 'Discount to the index compared with, %',
    rows,
  });
}

const MOVES: readonly MetricId[] = ['change-1d', 'change-1w'];

/** Of one index's figures for one metric, the latest period's: several when sources disagree about it. */
function latestOf(figures: readonly Figure[]): Figure[] {
  const start = figures.reduce((latest, f) => (f.period.start > latest ? f.period.start : latest), '');
  return figures.filter((f) => f.period.start === start);
}

/** The series name, with the period when every figure in it shares one, so this week is not read as last week. */
function moveSeries(metric: MetricId, figures: readonly Figure[]): string {
  const periods = new Set(figures.map((f) => formatPeriod(f.period)));
  const [only] = periods;
  return periods.size === 1 && only !== undefined ? `${METRICS[metric].label}, ${only}` : METRICS[metric].label;
}

/**
 * The latest daily and weekly move of every index that has one, side by
 * side: the week at a glance for /world, /levels, /brief and the recap card.
 */
export function weekMovesChart(snapshot: Snapshot): ReplyChart | undefined {
  return built.get(snapshot, 'week-moves', () => buildWeekMovesChart(snapshot));
}

function buildWeekMovesChart(snapshot: Snapshot): ReplyChart | undefined {
  const bySeries = MOVES.map((metric) => {
    const all = findFigures(snapshot, { metric });
    const subjects = [...new Set(all.map((f) => f.subject))];
    const latest = subjects.flatMap((s) => latestOf(all.filter((f) => f.subject === s)));
    return { metric, figures: latest };
  }).filter((s) => s.figures.length > 0);
  const rows = bySeries.flatMap(({ metric, figures }) => {
    const series = moveSeries(metric, figures);
    return figures.map((f) => rowOf(f, subjectName(snapshot, f.subject), series));
  });
  if (!comparable(rows)) return undefined;
  return barChart({
    snapshot,
    chart: 'week-moves',
    title: 'Daily and weekly moves by index',
    sources: sourcesOf(bySeries.flatMap((s) => s.figures)),
    axisTitle: 'Move, % change',
    rows,
  });
}

/** Every chart a snapshot has, rendered once when it is loaded so no answer waits for one. */
export function snapshotCharts(snapshot: Snapshot): ReplyChart[] {
  return [shortInterestChart(snapshot), valuationChart(snapshot), weekMovesChart(snapshot)].filter((c) => c !== undefined);
}

/** What `/history` draws: one metric of one subject, read from every snapshot that has it. */
export interface HistoryRequest {
  readonly metric: MetricId;
  readonly subject: string;
}

/** What tells two figures of one snapshot apart in a history: what they are measured against, their segment, or their sources. */
function historySeries(snapshot: Snapshot, figure: Figure): string {
  if (figure.comparedTo !== undefined) return `vs ${subjectName(snapshot, figure.comparedTo)}`;
  if (figure.segment !== undefined) return figure.segment;
  return METRICS[figure.metric].label;
}

/**
 * Each snapshot's reading of the metric: the figures of its latest period
 * (all of them when sources disagree), oldest snapshot first.
 */
export function historyPoints(snapshots: readonly Snapshot[], request: HistoryRequest): HistoryPoint[] {
  return snapshots.flatMap((snapshot) =>
    latestOf(findFigures(snapshot, { metric: request.metric, subject: request.subject })).map((f): HistoryPoint => {
      const base = {
        asOf: snapshot.asOf,
        series: historySeries(snapshot, f),
        text: `${valueText(f)} (${formatPeriod(f.period)})`,
        label: `${valueText(f)} ${citation(f)}`,
        sources: f.sources,
        figureId: f.id,
      };
      const { value } = f;
      if (typeof value === 'number') return { ...base, kind: 'value', value, low: null, high: null };
      if ('word' in value) return { ...base, kind: 'word', value: null, low: null, high: null };
      return { ...base, kind: 'range', value: rounded((value.low + value.high) / 2), low: value.low, high: value.high };
    }),
  );
}

const HISTORY_HEIGHT = 320;

/**
 * One metric across snapshots as a line (ranges as bands around it, words as
 * labelled marks at the top), or undefined when fewer than two snapshots have
 * it: one point is a value, not a history.
 */
export function historyChart(snapshots: readonly Snapshot[], request: HistoryRequest): ReplyChart | undefined {
  const points = historyPoints(snapshots, request);
  const dates = [...new Set(points.map((p) => p.asOf))];
  const latest = snapshots.at(-1);
  if (dates.length < 2 || latest === undefined) return undefined;
  const series = [...new Set(points.map((p) => p.series))];
  const figures = snapshots.flatMap((s) => findFigures(s, { metric: request.metric, subject: request.subject }));
  const unit = figures[0]?.unit ?? 'descriptor';
  const name = subjectName(latest, request.subject);
  const title = `${name}: ${METRICS[request.metric].label.toLowerCase()} across ${dates.length} snapshots`;
  // Each snapshot numbers its own sources, so the numbers are given beside each value rather than merged here.
  const caption = `${formatCalendarDate(dates[0] ?? latest.asOf)} to ${formatCalendarDate(dates.at(-1) ?? latest.asOf)} · sources beside each value`;
  const colour = seriesColour(series);
  const x = { field: 'asOf', type: 'ordinal', sort: dates, title: 'Snapshot (as-of date)', axis: { labelAngle: 0 } };
  const unitTitle = UNIT_TITLES[unit];
  const y = {
    field: 'value',
    type: 'quantitative',
    title: unitTitle === '' ? METRICS[request.metric].label : `${METRICS[request.metric].label}, ${unitTitle}`,
    scale: { zero: false },
  };
  const spec: ChartSpec = {
    ...baseSpec(title, caption, HISTORY_HEIGHT),
    data: { values: points },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'range'" }],
        mark: { type: 'area', opacity: 0.25 },
        encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour },
      },
      // Each range also as a bar of its own, so a band of one snapshot (which has no width as an area) still shows.
      {
        transform: [{ filter: "datum.kind === 'range'" }],
        mark: { type: 'rule', strokeWidth: 6, opacity: 0.5 },
        encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: colour },
      },
      {
        transform: [{ filter: "datum.kind !== 'word'" }],
        mark: { type: 'line', point: true },
        encoding: { x, y, color: colour },
      },
      {
        transform: [{ filter: "datum.kind !== 'word'" }],
        mark: { type: 'text', dy: -10, color: INK, fontSize: 11 },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        transform: [{ filter: "datum.kind === 'word'" }],
        mark: { type: 'text', color: INK, fontSize: 11, fontStyle: 'italic' },
        encoding: { x, y: { value: 12 }, text: { field: 'label' } },
      },
    ],
  };
  const parts = points.map((p) => `${formatCalendarDate(p.asOf)}${series.length > 1 ? ` (${p.series})` : ''}: ${p.label}`);
  return {
    key: `${snapshots.map((s) => s.contentHash.slice(0, 12)).join('+')}:history:${request.metric}:${request.subject}`,
    name: 'history.png',
    spec,
    width: WIDTH * SCALE,
    height: HISTORY_HEIGHT * SCALE,
    description: altText(title, caption, parts),
  };
}

/**
 * The reply with `chart` attached, for a command's one-line use; an answer
 * to a mistake (ephemeral) or a missing chart leaves it as it is.
 */
export function withChart(reply: Reply, chart: ReplyChart | undefined): Reply {
  if (chart === undefined || reply.ephemeral === true) return reply;
  const kept = charted.get(reply);
  if (kept?.chart === chart) return kept.reply;
  const charts = { ...reply, charts: [...(reply.charts ?? []), chart] };
  charted.set(reply, { chart, reply: charts });
  return charts;
}

/** The same reply with the same chart is the same object, so what is kept per reply (its split into messages) is found again. */
const charted = new WeakMap<Reply, { readonly chart: ReplyChart; readonly reply: Reply }>();
