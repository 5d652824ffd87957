import type { AutocompleteChoice } from '../command';
import type { FactStore } from '../facts/factStore';
import { METRICS, type MetricId } from '../facts/metrics';
import { rankSubjects } from '../facts/rankSubjects';
import type { Snapshot } from '../facts/snapshot';
import { formatPeriod } from '../render/formatPeriod';
import { parsePeriod } from '../facts/period';
import { subjectsWithFigures, type Answerable } from './pickSubject';

const LIMIT = 25;

/** The indices the command can answer for, by name and alias, best match first. */
export function indexChoices(snapshot: Snapshot, text: string, answerable: Answerable): AutocompleteChoice[] {
  const offered = new Set(subjectsWithFigures(snapshot, answerable).map((s) => s.id));
  return rankSubjects(snapshot, text, snapshot.subjects.length)
    .filter((s) => offered.has(s.id))
    .slice(0, LIMIT)
    .map((s) => ({
      name: s.aliases.length > 0 ? `${s.name} (${s.aliases.slice(0, 4).join(', ')})` : s.name,
      value: s.id,
    }));
}

function dateLabel(date: string): string {
  const period = parsePeriod(date);
  return period.ok ? formatPeriod(period.period) : date;
}

/** Dates from a list, newest first, filtered by what was typed. */
export function dateChoices(dates: readonly string[], text: string, describe: (date: string) => string = dateLabel): AutocompleteChoice[] {
  const typed = text.trim().toLowerCase();
  return [...dates]
    .sort((a, b) => b.localeCompare(a))
    .map((date) => ({ name: `${date} · ${describe(date)}`, value: date }))
    .filter((c) => c.name.toLowerCase().includes(typed))
    .slice(0, LIMIT);
}

/** The as-of dates loaded, newest first. */
export function snapshotDateChoices(store: FactStore, text: string): AutocompleteChoice[] {
  return dateChoices(store.dates(), text, (date) => `data as of ${dateLabel(date)}`);
}

/** Metrics by label, filtered by what was typed (label or id). */
export function metricChoices(metrics: readonly MetricId[], text: string): AutocompleteChoice[] {
  const typed = text.trim().toLowerCase();
  return metrics
    .filter((id) => id.includes(typed) || METRICS[id].label.toLowerCase().includes(typed))
    .slice(0, LIMIT)
    .map((id) => ({ name: METRICS[id].label, value: id }));
}

/** The indices any loaded snapshot has `metric` for (every index with a figure while no metric is chosen yet), best match first. */
export function historyIndexChoices(
  latest: Snapshot,
  snapshots: readonly Snapshot[],
  metric: MetricId | undefined,
  text: string,
): AutocompleteChoice[] {
  const figures = snapshots.flatMap((s) => s.figures.filter((f) => metric === undefined || f.metric === metric));
  return indexChoices(latest, text, { figures, concerns: (f, id) => f.subject === id });
}
