import { METRICS } from '../facts/metrics';
import { describeValue } from '../facts/sourceFidelity';
import type { Draft } from './draftSnapshot';

/**
 * What a person reviewing a draft reads: each figure with the line it came
 * from, each number left unresolved with its line and sentence. The same
 * facts as one JSON object for tools.
 */

export interface NarrativeHeading {
  readonly topic: string;
  readonly key: string;
  readonly title: string;
}

export function narrativeHeadings(narrative: string): NarrativeHeading[] {
  const out: NarrativeHeading[] = [];
  let topic = '';
  for (const line of narrative.split('\n')) {
    const t = /^# (\S+)$/.exec(line);
    if (t) topic = t[1]!;
    const e = /^## ([a-z0-9-]+): (.*)$/.exec(line);
    if (e) out.push({ topic, key: e[1]!, title: e[2]! });
  }
  return out;
}

export function draftJson(draft: Draft): object {
  return {
    asOf: draft.asOf,
    figures: draft.figures.map((f) => ({ id: f.id, line: f.line })),
    unresolved: draft.unresolved.map((u) => ({ line: u.line, text: u.text, number: u.number })),
    sources: draft.figuresFile.sources,
    narrative: narrativeHeadings(draft.narrative),
  };
}

export function draftReport(draft: Draft, writtenTo: string): string {
  const names = new Map(draft.figuresFile.subjects.map((s) => [s.id, s.name]));
  const lines = [
    `Drafted ${writtenTo}: as of ${draft.asOf} (${draft.asOfReason}).`,
    `${draft.figures.length} figures, ${draft.figuresFile.sources.length} sources, ${narrativeHeadings(draft.narrative).length} narrative entries; ${draft.unresolved.length} numbers left unresolved.`,
    '',
    'Figures (article line, id, what it says, sources):',
  ];
  for (const { line, id, figure: f } of draft.figures) {
    const what = `${names.get(f.subject) ?? f.subject} · ${METRICS[f.metric].label}${f.segment === undefined ? '' : ` (${f.segment})`}: ${f.qualifier === undefined ? '' : `${f.qualifier} `}${describeValue(f.value)} ${f.unit}`;
    lines.push(`  line ${String(line).padEnd(4)} ${id}  ${what}  ${f.sources.map((n) => `[${n}]`).join('')}`);
  }
  for (const r of draft.repeats) lines.push(`  line ${String(r.line).padEnd(4)} "${r.number}" repeats ${r.id}`);
  lines.push('');
  if (draft.unresolved.length === 0) lines.push('Every number of the article is in a figure.');
  else {
    lines.push('Unresolved: not figures until a person decides (article line, number, why, sentence):');
    for (const u of draft.unresolved)
      lines.push(`  line ${String(u.line).padEnd(4)} "${u.number}": ${u.reason}`, `             “${u.text}”`);
  }
  lines.push(
    '',
    'Review the figures against the article, add what the unresolved list should hold, then run data:check with DATA_DIR set to the draft folder.',
  );
  return `${lines.join('\n')}\n`;
}
