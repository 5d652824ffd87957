import { problemReply, type CommandContext } from '../command';
import type { Snapshot } from '../facts/snapshot';
import { SnapshotMemo } from '../facts/snapshotMemo';
import { citeSources } from '../render/citeSources';
import { DISCORD_LIMITS } from '../render/discordLimits';
import { datingLine, freshnessColor, staleDataLine } from '../render/dataAge';
import { commandMention, escapeDataText } from '../render/discordText';
import { formatCalendarDate } from '../render/formatCalendarDate';
import { pagedReply, pagesOf } from '../render/pagedText';
import type { Reply, ReplyButton, ReplyEmbed, ReplyField } from '../reply';
import { narrativeBlocks, type DiscordText } from './narrativeBlocks';

/** A command named at the end of an answer, as a Discord command mention: `</outlook:…> each scenario in full`. */
export interface SeeAlso {
  readonly command: string;
  readonly subcommand?: string;
  readonly text: string;
}

/**
 * What a member answer shows, worked out from the data alone (no clock, no
 * command ids), so a command can keep it per snapshot. The dating, colour,
 * mentions and buttons are added per answer by {@link answerReply}.
 */
export interface AnswerView {
  /** Plain text naming the subject ("Russell 2000: short interest"); escaped here. */
  readonly title: string;
  /** The one line a member reads first, in Discord Markdown with data text escaped, ending with its as-of date. */
  readonly headline: string;
  /** Supporting lines in Discord Markdown, data text escaped. */
  readonly body?: readonly string[];
  readonly fields?: readonly ReplyField[];
  /** The sources behind what the answer shows, listed once in its footer. */
  readonly sources: readonly number[];
  /** Every figure in full (notes, bases, why reports differ), answered privately behind a Details button. */
  readonly details?: { readonly lines: readonly string[]; readonly sources: readonly number[] };
  /** Long narrative, answered privately behind a Read more button. */
  readonly more?: { readonly narrative: readonly (string | DiscordText)[]; readonly sources: readonly number[] };
  readonly seeAlso?: readonly SeeAlso[];
}

/**
 * Views kept per snapshot (which never changes) and per argument (a subject
 * id or a fixed key, never text a member typed, so the map stays small); a
 * reload's new snapshot starts a fresh map.
 */
const views = new SnapshotMemo<AnswerView>();

export function cachedView(snapshot: Snapshot, command: string, arg: string, build: () => AnswerView): AnswerView {
  return views.get(snapshot, `${command} ${arg}`, build);
}

/** `**Russell 2000 2,521.48** · −0.4% day · about +0.8% week · as of 5 Dec 2025 [3]` */
export function headlineLine(lead: string, parts: readonly string[], asOf: string, cited: readonly number[] = []): string {
  const numbers = [...new Set(cited)]
    .sort((a, b) => a - b)
    .map((n) => `[${n}]`)
    .join('');
  return [`**${lead}**`, ...parts, `as of ${formatCalendarDate(asOf)}`].join(' · ') + (numbers === '' ? '' : ` ${numbers}`);
}

/**
 * `<command>:<action>:<as-of>:<page>:<arg>`: stateless, and about the
 * snapshot the member was reading, so a restart or a reload loses nothing.
 */
export function followUpId(command: string, action: string, asOf: string, page: number, arg: string): string {
  return `${command}:${action}:${asOf}:${page}:${arg}`;
}

function seeAlsoLine(seeAlso: readonly SeeAlso[], ctx: CommandContext): string | undefined {
  if (seeAlso.length === 0) return undefined;
  return seeAlso.map((s) => `${commandMention(ctx.commandIds, s.command, s.subcommand)} ${s.text}`).join(' · ');
}

/**
 * A member answer: the headline first, the warning line when the data is
 * old (the data's age is said there and nowhere else), the supporting
 * figures, the sources once in the footer, and buttons for the details and
 * the long narrative. Every answer has one colour meaning: current or old data.
 */
export function answerReply(command: string, snapshot: Snapshot, arg: string, view: AnswerView, ctx: CommandContext): Reply {
  const key = `${command} ${arg} ${ctx.now.toISOString().slice(0, 10)} ${ctx.staleAfterDays}`;
  const kept = answered.get(view);
  if (kept?.key === key && kept.commandIds === ctx.commandIds) return kept.reply;
  const reply = buildAnswer(command, snapshot, arg, view, ctx);
  answered.set(view, { key, commandIds: ctx.commandIds, reply });
  return reply;
}

/**
 * Answers built, per view: the dating and colour change only with the UTC
 * day (and the mentions with the command ids), so a busy /levels builds its
 * reply once a day rather than on every call, and the router's split of it
 * is kept too (`fitReply` keeps its parts per reply).
 */
const answered = new WeakMap<
  AnswerView,
  { readonly key: string; readonly commandIds: CommandContext['commandIds']; readonly reply: Reply }
>();

function buildAnswer(command: string, snapshot: Snapshot, arg: string, view: AnswerView, ctx: CommandContext): Reply {
  const stale = staleDataLine(snapshot.asOf, ctx.now, ctx.staleAfterDays);
  const also = seeAlsoLine(view.seeAlso ?? [], ctx);
  const top = [view.headline, ...(stale !== undefined ? [stale] : [])].join('\n');
  const fields = view.fields ?? [];
  // The mentions close the answer: after the fields when there are any, since Discord draws fields after the description.
  const rest = [...(view.body ?? []), ...(also !== undefined && fields.length === 0 ? [also] : [])];
  const allFields = also !== undefined && fields.length > 0 ? [...fields, { name: 'More', value: also }] : fields;
  const embed: ReplyEmbed = {
    title: escapeDataText(view.title),
    description: rest.length > 0 ? `${top}\n\n${rest.join('\n')}` : top,
    color: freshnessColor(snapshot.asOf, ctx.now, ctx.staleAfterDays),
    ...(allFields.length > 0 && { fields: allFields }),
    footer: citeSources(view.sources, snapshot.sources),
  };
  const buttons: ReplyButton[] = [
    ...(view.details !== undefined ? [{ action: 'details', label: 'Details', style: 'secondary' } as const] : []),
    ...(view.more !== undefined ? [{ action: 'more', label: 'Read more', style: 'primary' } as const] : []),
  ]
    .map(
      ({ action, label, style }) =>
        ({ kind: 'button', customId: followUpId(command, action, snapshot.asOf, 1, arg), label, style }) as const,
    )
    // Room for page 999: a cut id would open nothing. Only a subject id of some 50 characters needs more; /sources still has its figures.
    .filter((button) => button.customId.length + 2 <= DISCORD_LIMITS.customId);
  return { embeds: [embed], ...(buttons.length > 0 && { components: [buttons] }) };
}

/**
 * What a Details button (action `details`) or a Read more button (any other
 * action, such as outlook's one scenario) answers: privately, one page per
 * message with Previous and Next, each page dated above its text (and warned
 * about, when the data is old) and citing the sources of the whole text.
 */
export function followUpReply(
  command: string,
  snapshot: Snapshot,
  id: { readonly action: string; readonly page: number; readonly arg: string },
  view: AnswerView,
  ctx: CommandContext,
): Reply {
  let title: string;
  let blocks: readonly string[];
  let sources: readonly number[];
  if (id.action === 'details' && view.details !== undefined) {
    title = `${view.title} · details`;
    // One block, so the pager keeps the list tight and cuts it only between lines.
    blocks = [view.details.lines.join('\n')];
    sources = view.details.sources;
  } else if (id.action !== 'details' && view.more !== undefined) {
    title = view.title;
    blocks = view.more.narrative.flatMap((part) => (typeof part === 'string' ? narrativeBlocks(snapshot, part) : [part.discord]));
    sources = view.more.sources;
  } else {
    return problemReply('This button has expired. Run the command again.');
  }
  return pagedReply({
    title: escapeDataText(title),
    lead: datingLine(snapshot.asOf, ctx.now, ctx.staleAfterDays),
    pages: pagesOf(blocks),
    page: id.page,
    customId: (page) => followUpId(command, id.action, snapshot.asOf, page, id.arg),
    footer: citeSources(sources, snapshot.sources),
    color: freshnessColor(snapshot.asOf, ctx.now, ctx.staleAfterDays),
  });
}

/** The parts of a follow-up's custom id, and the snapshot it is about, or the answer saying it is no longer loaded. */
export function parseFollowUp(
  command: string,
  customId: string,
  ctx: CommandContext,
): { ok: true; snapshot: Snapshot; action: string; page: number; arg: string } | { ok: false; reply: Reply } {
  const [, action = '', asOf = '', page = '1', ...rest] = customId.split(':');
  const snapshot = ctx.store.dates().includes(asOf) ? ctx.store.asOf(asOf) : undefined;
  if (snapshot === undefined) {
    return {
      ok: false,
      reply: problemReply(
        `That answer was about the data of ${escapeDataText(asOf)}, which is no longer loaded. Run ${commandMention(ctx.commandIds, command)} again for the data loaded now (${ctx.store.dates().join(', ')}).`,
      ),
    };
  }
  return { ok: true, snapshot, action, page: Number(page), arg: rest.join(':') };
}

/**
 * The component handler of a command whose answers carry Details and Read
 * more buttons: finds the snapshot the member was reading by the as-of date
 * in the custom id, or says it is no longer loaded.
 */
export function answerComponent(
  command: string,
  viewOf: (snapshot: Snapshot, arg: string) => AnswerView | undefined,
): (customId: string, values: readonly string[], ctx: CommandContext) => Promise<Reply> {
  return async (customId, _values, ctx) => {
    const parsed = parseFollowUp(command, customId, ctx);
    if (!parsed.ok) return parsed.reply;
    const view = viewOf(parsed.snapshot, parsed.arg);
    if (view === undefined) return problemReply('This button has expired. Run the command again.');
    return followUpReply(command, parsed.snapshot, parsed, view, ctx);
  };
}
