import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand, problemReply } from '../src/command';
import { briefingReply } from '../src/briefing/briefingReply';
import { wholeNumberOption } from '../src/briefing/optionSchemas';
import type { Snapshot, Source } from '../src/facts/snapshot';
import { escapeDataText, maskedLink } from '../src/render/discordText';
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

export const sources = defineCommand({
  definition: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('The numbered sources behind every figure, or what one source backs')
    .addIntegerOption((o) => o.setName('number').setDescription('One source by its number').setMinValue(1).setAutocomplete(true)),
  options: (ctx) => optionsFor(ctx.store.latest()),
  handle({ number }, ctx) {
    const snapshot = ctx.store.latest();
    if (number === undefined) {
      return briefingReply({
        snapshot,
        now: ctx.now,
        staleAfterDays: ctx.staleAfterDays,
        title: `Sources (${snapshot.sources.size})`,
        narrative: [{ discord: [...snapshot.sources.values()].map((s) => `- ${sourceLine(s)}`).join('\n') }],
        sources: [],
      });
    }
    const source = snapshot.sources.get(number);
    if (source === undefined) {
      return problemReply(`There is no source [${number}]. Sources are numbered ${numberRange(snapshot)}; /sources lists them all.`);
    }
    const subjectsById = new Map(snapshot.subjects.map((s) => [s.id, s]));
    const backed = snapshot.figures
      .filter((f) => f.sources.includes(number))
      // Value and period tell apart two figures of one metric, such as this week's and last week's move.
      .map((f) => `- ${formatFigureLine(f, subjectsById)}`);
    const passages = snapshot.narrative.filter((e) => e.sources.includes(number)).map((e) => `- ${e.topic}: ${escapeDataText(e.title)}`);
    return briefingReply({
      snapshot,
      now: ctx.now,
      staleAfterDays: ctx.staleAfterDays,
      title: `Source [${number}]: ${source.publisher}`,
      narrative: [
        sourceLine(source),
        backed.length > 0 ? `**Figures it backs**\n${backed.join('\n')}` : 'It backs no figure directly.',
        ...(passages.length > 0 ? [`**Cited in**\n${passages.join('\n')}`] : []),
      ].map((discord) => ({ discord })),
      sources: [number],
    });
  },
  autocomplete(option, _invocation, ctx) {
    const typed = option.value.trim().toLowerCase();
    return [...ctx.store.latest().sources.values()]
      .filter((s) => `${s.number} ${s.publisher}`.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({ name: `[${s.number}] ${s.publisher}`, value: s.number }));
  },
});
