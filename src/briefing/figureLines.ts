import { conflictingFigures } from '../facts/conflictingFigures';
import { METRICS } from '../facts/metrics';
import type { Figure, Snapshot } from '../facts/snapshot';
import { ageInDays } from '../render/calendarAge';
import { escapeDataText } from '../render/discordText';
import { formatPeriod } from '../render/formatPeriod';
import { formatValue } from '../render/formatValue';

/**
 * A basis this short qualifies the number itself ("Median constituent, % of
 * market cap", "1-year forward P/E") and stays beside it; a longer one is an
 * explanation, read behind the Details button.
 */
const SHORT_BASIS = 40;

export function cites(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('');
}

interface Names {
  readonly subject: (id: string) => string;
  readonly conflicts: ReadonlyMap<string, readonly Figure[]>;
}

/** Names and conflict groups, worked out once per snapshot (a snapshot never changes). */
const namesBySnapshot = new WeakMap<Snapshot, Names>();

function namesOf(snapshot: Snapshot): Names {
  let names = namesBySnapshot.get(snapshot);
  if (names === undefined) {
    const byId = new Map(snapshot.subjects.map((s) => [s.id, escapeDataText(s.name)]));
    names = { subject: (id) => byId.get(id) ?? escapeDataText(id), conflicts: conflictingFigures(snapshot) };
    namesBySnapshot.set(snapshot, names);
  }
  return names;
}

/** A subject's name as members read it, escaped for Discord Markdown. */
export function subjectName(snapshot: Snapshot, id: string): string {
  return namesOf(snapshot).subject(id);
}

/**
 * How a period is labelled beside a weekly move: the week that ended within
 * the seven days before the data's as-of date is "This week", the one before
 * it "Last week", so two moves of one metric are never both "Weekly move".
 */
function periodLabel(snapshot: Snapshot, figure: Figure): string {
  const period = formatPeriod(figure.period);
  if (figure.metric !== 'change-1w') return `${METRICS[figure.metric].label} · ${period}`;
  const daysBefore = ageInDays(figure.period.end, new Date(`${snapshot.asOf}T12:00:00Z`));
  if (daysBefore >= 0 && daysBefore < 7) return `This week (${period})`;
  if (daysBefore >= 7 && daysBefore < 14) return `Last week (${period})`;
  return `${METRICS[figure.metric].label} · ${period}`;
}

/** `**about 30%** vs Russell Top 200 — 1-year forward P/E`: the value and what it is measured against. */
function valueText(snapshot: Snapshot, figure: Figure): string {
  const versus = figure.comparedTo === undefined ? '' : ` vs ${subjectName(snapshot, figure.comparedTo)}`;
  const basis = figure.basis !== undefined && figure.basis.length <= SHORT_BASIS ? ` — ${escapeDataText(figure.basis)}` : '';
  return `**${formatValue(figure)}**${versus}${basis}`;
}

function itemName(snapshot: Snapshot, figure: Figure, omitSubject: string | undefined): string {
  const segment = figure.segment === undefined ? undefined : escapeDataText(figure.segment);
  if (figure.subject === omitSubject) return segment ?? '';
  const name = subjectName(snapshot, figure.subject);
  return segment === undefined ? name : `${name} (${segment})`;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Figures of one metric and period on one line, so indices are compared at a
 * glance: `Short interest · 7 Dec 2025: Russell 2000 **around 5.5%** · S&P 500
 * **2.4%** [16][31]`. Figures that say the same thing from the same sources
 * are named together (`Dow, S&P 500 and Nasdaq Composite **around +0.2–0.3%**`).
 */
function metricLine(snapshot: Snapshot, group: readonly Figure[], omitSubject: string | undefined): string {
  // Segments of one subject (sectors, oscillators) name the subject once, before them.
  const [first] = group;
  const oneSubject = group.length > 1 && group.every((f) => f.subject === first!.subject && f.segment !== undefined);
  const shared = oneSubject && first!.subject !== omitSubject ? `${subjectName(snapshot, first!.subject)}: ` : '';
  if (oneSubject) omitSubject = first!.subject;
  const merged: { names: string[]; value: string; cites: string }[] = [];
  for (const figure of group) {
    const value = valueText(snapshot, figure);
    const cited = cites(figure.sources);
    const same = merged.find((m) => m.value === value && m.cites === cited);
    const name = itemName(snapshot, figure, omitSubject);
    if (same !== undefined) same.names.push(name);
    else merged.push({ names: [name], value, cites: cited });
  }
  const oneSource = merged.every((m) => m.cites === merged[0]!.cites);
  const items = merged.map((m) => {
    const names = joinNames(m.names.filter((n) => n !== ''));
    const each = m.names.length > 1 ? ' each' : '';
    return `${names === '' ? '' : `${names} `}${m.value}${each}${oneSource ? '' : ` ${m.cites}`}`;
  });
  return `${periodLabel(snapshot, group[0]!)}: ${shared}${items.join(' · ')}${oneSource ? ` ${merged[0]!.cites}` : ''}`;
}

/**
 * Reports that disagree, one compact line each (value · date · source), under
 * the label most of them share; why they differ is in the Details.
 */
function conflictLines(snapshot: Snapshot, group: readonly Figure[], omitSubject: string | undefined): string[] {
  const first = group[0]!;
  const who = first.subject === omitSubject ? '' : `${subjectName(snapshot, first.subject)} · `;
  const counts = new Map<string, number>();
  for (const f of group) counts.set(METRICS[f.metric].label, (counts.get(METRICS[f.metric].label) ?? 0) + 1);
  const heading = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return [
    `${who}${heading}: sources differ`,
    ...group.map((f) => {
      const value = formatValue(f);
      const label = METRICS[f.metric].label;
      // "record high (record high)" says nothing twice; the label is kept where it tells the claims apart.
      const named = label === heading || value.toLowerCase().includes(label.toLowerCase()) ? '' : ` (${label.toLowerCase()})`;
      return `• **${value}**${named} · ${formatPeriod(f.period)} ${cites(f.sources)}`;
    }),
  ];
}

/**
 * The figures as compact lines: one line per metric and period (indices side
 * by side), conflicting reports together, and a note shared by several figures
 * stated once. Other notes and long bases are left to {@link detailLines}.
 * `omitSubject` is the subject the answer's title already names.
 */
export function compactLines(snapshot: Snapshot, figures: readonly Figure[], omitSubject?: string): string[] {
  const { conflicts } = namesOf(snapshot);
  const groups = new Map<string, Figure[]>();
  const lines: (string | Figure[])[] = [];
  const conflictsShown = new Set<string>();
  for (const figure of figures) {
    const conflict = figure.conflictGroup === undefined ? undefined : conflicts.get(figure.conflictGroup);
    if (conflict !== undefined && figure.conflictGroup !== undefined) {
      if (conflictsShown.has(figure.conflictGroup)) continue;
      conflictsShown.add(figure.conflictGroup);
      lines.push(...conflictLines(snapshot, conflict, omitSubject));
      continue;
    }
    const key = `${figure.metric}|${figure.period.text}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
      lines.push(group);
    }
    group.push(figure);
  }
  const noteCounts = new Map<string, number>();
  for (const figure of figures) if (figure.note !== undefined) noteCounts.set(figure.note, (noteCounts.get(figure.note) ?? 0) + 1);
  const rendered: string[] = [];
  const said = new Set<string>();
  for (const line of lines) {
    if (typeof line === 'string') {
      rendered.push(line);
      continue;
    }
    rendered.push(metricLine(snapshot, line, omitSubject));
    // A note several figures share follows the line that shows them, once.
    for (const { note } of line) {
      if (note === undefined || (noteCounts.get(note) ?? 0) < 2 || said.has(note)) continue;
      said.add(note);
      rendered.push(`*${escapeDataText(note)}*`);
    }
  }
  return rendered;
}

/**
 * Every figure in full, one line each: what it is, its value and period, its
 * sources, what it is measured against, its basis and its note. Conflicting
 * reports come together, each with the explanation of where it comes from.
 */
export function detailLines(snapshot: Snapshot, figures: readonly Figure[]): string[] {
  const { conflicts } = namesOf(snapshot);
  const shown = new Set<Figure>();
  const notesSaid = new Set<string>();
  const lines: string[] = [];
  // One line per figure: Discord ends a list item at a line break, so a note on the next line would stand apart from it.
  const line = (figure: Figure): string => {
    const what = `${subjectName(snapshot, figure.subject)} · ${METRICS[figure.metric].label}${figure.segment !== undefined ? ` (${escapeDataText(figure.segment)})` : ''}`;
    const versus = figure.comparedTo === undefined ? '' : ` vs ${subjectName(snapshot, figure.comparedTo)}`;
    const basis = figure.basis === undefined ? '' : ` — ${escapeDataText(figure.basis)}`;
    // A note shared by the figures listed together is said at the first of them only.
    const note = figure.note === undefined || notesSaid.has(figure.note) ? '' : ` — *${escapeDataText(figure.note)}*`;
    if (figure.note !== undefined) notesSaid.add(figure.note);
    return `- ${what}: **${formatValue(figure)}**${versus}${basis} · ${formatPeriod(figure.period)} ${cites(figure.sources)}${note}`;
  };
  for (const figure of figures) {
    if (shown.has(figure)) continue;
    const group = figure.conflictGroup === undefined ? undefined : conflicts.get(figure.conflictGroup);
    if (group === undefined) {
      shown.add(figure);
      lines.push(line(figure));
      continue;
    }
    lines.push(`**Sources differ on the ${METRICS[figure.metric].label.toLowerCase()}:**`);
    for (const partner of group) {
      shown.add(partner);
      lines.push(line(partner));
    }
  }
  return lines;
}

/** Whether the figure's value is a number or a range, not a word such as "low-teens". */
export function isNumeric(figure: Figure): boolean {
  return typeof figure.value === 'number' || !('word' in figure.value);
}

/**
 * `20–30%`: a family of numeric estimates (`isNumeric`) said as one value,
 * from the lowest low to the highest high, the line members quote.
 */
export function spread(figures: readonly Figure[]): string {
  const lows = figures.map((f) => (typeof f.value === 'number' ? f.value : 'low' in f.value ? f.value.low : 0));
  const highs = figures.map((f) => (typeof f.value === 'number' ? f.value : 'high' in f.value ? f.value.high : 0));
  const low = Math.min(...lows);
  const high = Math.max(...highs);
  return formatValue({ metric: figures[0]!.metric, unit: figures[0]!.unit, value: low === high ? low : { low, high } });
}

/** Every source number the given figures cite, conflict partners included. */
export function citedBy(snapshot: Snapshot, figures: readonly Figure[]): number[] {
  const { conflicts } = namesOf(snapshot);
  const partners = figures.flatMap((f) => (f.conflictGroup === undefined ? [] : (conflicts.get(f.conflictGroup) ?? [])));
  return [...new Set([...figures, ...partners].flatMap((f) => f.sources))];
}

/** Whether the Details would tell more than the compact lines: a note, a long basis or a conflict. */
export function hasDetails(figures: readonly Figure[]): boolean {
  return figures.some(
    (f) => f.note !== undefined || f.conflictGroup !== undefined || (f.basis !== undefined && f.basis.length > SHORT_BASIS),
  );
}
