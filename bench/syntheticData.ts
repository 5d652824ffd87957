import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { figuresFileSchema } from '../src/facts/figuresSchema';

/** figures.json as written, before defaults. */
export type FiguresDoc = z.input<typeof figuresFileSchema>;

/** A snapshot folder's two files, as text. */
export interface SnapshotTexts {
  readonly figures: string;
  readonly narrative: string;
}

const DAY_MS = 86_400_000;
const DATE_KEY = /^(## )(\d{4}-\d{2}-\d{2})(:.*)$/;
const ENTRY_KEY = /^(## )([a-z0-9-]+)(:.*)$/;

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The topics of a narrative in order, each with the lines under its `# topic` heading. */
function topics(narrative: string): { heading: string; body: string[] }[] {
  const out: { heading: string; body: string[] }[] = [];
  for (const line of narrative.split('\n')) {
    if (line.startsWith('# ')) out.push({ heading: line, body: [] });
    else out.at(-1)?.body.push(line);
  }
  return out;
}

/**
 * The base snapshot repeated `factor` times in one folder: every figure,
 * source and narrative entry copied with fresh ids, source numbers and keys
 * (date keys move by whole spans of days so copies never collide), so the
 * result is valid data `factor` times the size.
 */
export function scaleSnapshot(base: { figures: FiguresDoc; narrative: string }, factor: number): SnapshotTexts {
  const stride = Math.max(...base.figures.sources.map((s) => s.number));
  const renumber = (n: number, copy: number) => n + copy * stride;
  const copies = Array.from({ length: factor }, (_, copy) => copy);
  const suffix = (text: string, copy: number) => (copy === 0 ? text : `${text}-x${copy}`);

  const figures: FiguresDoc = {
    ...base.figures,
    sources: copies.flatMap((copy) => base.figures.sources.map((s) => ({ ...s, number: renumber(s.number, copy) }))),
    figures: copies.flatMap((copy) =>
      base.figures.figures.map((f) => ({
        ...f,
        id: suffix(f.id, copy),
        sources: f.sources.map((n) => renumber(n, copy)),
        ...(f.conflictGroup === undefined ? {} : { conflictGroup: suffix(f.conflictGroup, copy) }),
      })),
    ),
  };

  const dates = [...base.narrative.matchAll(/^## (\d{4}-\d{2}-\d{2}):/gm)].map((m) => Date.parse(`${m[1]}T00:00:00Z`));
  const spanDays = dates.length === 0 ? 1 : (Math.max(...dates) - Math.min(...dates)) / DAY_MS + 1;
  const copyLine = (line: string, copy: number) => {
    const date = DATE_KEY.exec(line);
    if (date) return `${date[1]}${shiftDate(date[2]!, copy * spanDays)}${date[3]}`;
    const entry = ENTRY_KEY.exec(line);
    if (entry) return `${entry[1]}${suffix(entry[2]!, copy)}${entry[3]}`;
    return line.replace(/\[(\d+)\](?!\()/g, (_, n: string) => `[${renumber(Number(n), copy)}]`);
  };
  const narrative = topics(base.narrative)
    .map((t) => [t.heading, ...copies.flatMap((copy) => t.body.map((line) => copyLine(line, copy)))].join('\n'))
    .join('\n');

  return { figures: JSON.stringify(figures, null, 2), narrative };
}

/** Writes `texts` as the snapshot folder `data/<asOf>/` of a fresh temp dir; returns the data dir and a remover. */
export async function writeSyntheticDataDir(asOf: string, texts: SnapshotTexts): Promise<{ dataDir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'briefing-desk-bench-'));
  const folder = join(root, 'data', asOf);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'figures.json'), texts.figures);
  await writeFile(join(folder, 'narrative.md'), texts.narrative);
  return { dataDir: join(root, 'data'), remove: () => rm(root, { recursive: true, force: true }) };
}
