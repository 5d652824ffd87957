import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply } from '../src/command';
import { answerReply, cachedView, headlineLine, type AnswerView } from '../src/briefing/memberAnswer';
import { wholeNumberOption } from '../src/briefing/optionSchemas';
import type { Snapshot, Source } from '../src/facts/snapshot';
import { commandMention, escapeDataText, maskedLink } from '../src/render/discordText';
import { formatCalendarDate } from '../src/render/formatCalendarDate';
import { formatFigureLine } from '../src/render/formatFigureLine';

/** `**[3]** [apnews.com](https://…): Title`, in Discord Markdown with the data escaped; only an https URL becomes a link. */
function sourceLine(source: Source): string {
  const publisher = escapeDataText(source.publisher);
  const name = source.url !== undefined ? maskedLink(publisher, source.url) : publisher;
  return `**[${source.number}]** ${name}${source.title !== undefined ? `: ${escapeDataText(source.title)}` : ''}`;
}

/** `1–42`; a loop rather than `Math.min(...numbers)`, whose arguments overflow the stack past about 100,000 sources. */
function numberRange(snapshot: Snapshot): string {
  let low = Infinity;
  let high = -Infinity;
  for (const n of snapshot.sources.keys()) {
    low = Math.min(low, n);
    high = Math.max(high, n);
  }
  return `${low}–${high}`;
}

function optionsSchema(snapshot: Snapshot) {
  const help = `expected a source number written in digits, such as 3; sources are numbered ${numberRange(snapshot)}`;
  return z.strictObject({ number: wholeNumberOption(help).optional() });
}

/** Built once per snapshot (snapshots never change): building a zod schema costs more than the answer it checks. */
const schemas = new WeakMap<Snapshot, ReturnType<typeof optionsSchema>>();

function optionsFor(snapshot: Snapshot): ReturnType<typeof optionsSchema> {
  let schema = schemas.get(snapshot);
  if (schema === undefined) {
    schema = optionsSchema(snapshot);
    schemas.set(snapshot, schema);
  }
  return schema;
}

/** Every source, one line each; kept per snapshot. */
function listView(snapshot: Snapshot): AnswerView {
  return cachedView(snapshot, 'sources', '*', () => ({
    title: `Sources (${snapshot.sources.size})`,
    headline: headlineLine(`${snapshot.sources.size} sources`, [`behind "${escapeDataText(snapshot.title)}"`], snapshot.asOf),
    body: [...snapshot.sources.values()].map((s) => `- ${sourceLine(s)}`),
    sources: [],
  }));
}

/** One source and every figure and passage it backs; kept per snapshot and source number (a number the data has). */
function sourceView(snapshot: Snapshot, number: number): AnswerView {
  return cachedView(snapshot, 'sources', String(number), () => {
    const source = snapshot.sources.get(number)!;
    const subjectsById = new Map(snapshot.subjects.map((s) => [s.id, s]));
    const backed = snapshot.figures
      .filter((f) => f.sources.includes(number))
      // Value and period tell apart two figures of one metric, such as this week's and last week's move.
      .map((f) => `- ${formatFigureLine(f, subjectsById)}`);
    const passages = snapshot.narrative.filter((e) => e.sources.includes(number)).map((e) => `- ${e.topic}: ${escapeDataText(e.title)}`);
    return {
      title: `Source [${number}]: ${source.publisher}`,
      headline: `${sourceLine(source)} · backs ${backed.length} figure${backed.length === 1 ? '' : 's'} · as of ${formatCalendarDate(snapshot.asOf)}`,
      body: [
        ...(backed.length > 0 ? ['**Figures it backs**', ...backed] : ['It backs no figure directly.']),
        ...(passages.length > 0 ? ['**Cited in**', ...passages] : []),
      ],
      sources: [number],
    };
  });
}

export const sources = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('The numbered sources behind every figure, or what one source backs')
    .addIntegerOption((o) => o.setName('number').setDescription('One source by its number').setMinValue(1).setAutocomplete(true)),
  options: (ctx) => optionsFor(ctx.store.latest()),
  handle({ number }, ctx) {
    const snapshot = ctx.store.latest();
    if (number === undefined) return answerReply('sources', snapshot, '', listView(snapshot), ctx);
    const view = snapshot.sources.has(number) ? sourceView(snapshot, number) : undefined;
    if (view === undefined) {
      return problemReply(
        `There is no source [${number}]. Sources are numbered ${numberRange(snapshot)}; ${commandMention(ctx.commandIds, 'sources')} lists them all.`,
      );
    }
    return answerReply('sources', snapshot, String(number), view, ctx);
  },
  autocomplete(option, _invocation, ctx) {
    const typed = option.value.trim().toLowerCase();
    return [...ctx.store.latest().sources.values()]
      .filter((s) => `${s.number} ${s.publisher}`.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({ name: `[${s.number}] ${s.publisher}`, value: s.number }));
  },
});
