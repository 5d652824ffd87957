import type { Reply, ReplyEmbed, ReplyField } from '../reply';
import { blocksOf } from './blocksOf';
import { DISCORD_LIMITS as L } from './discordLimits';
import { fitComponents } from './fitComponents';
import { splitBlocks } from './splitBlocks';
import { truncate } from './truncate';

const CONT = ' (cont.)';
/** Discord refuses empty field names and values; a zero-width space is the accepted way to show nothing. */
const BLANK = '\u200b';

/** One embed as it will be sent: a part of one of the reply's embeds. */
interface Piece {
  /** Position of the reply embed this piece continues. */
  readonly source: number;
  readonly embed: ReplyEmbed;
  readonly footer?: string;
  readonly title: string;
  readonly description?: string;
  readonly fields: ReplyField[];
}

interface Message {
  content?: string;
  readonly pieces: Piece[];
  /** Characters counted against the per-message embed total, footers included. */
  size: number;
}

function continued(text: string, max: number): string {
  return text.trim() === '' ? CONT.trim() : `${truncate(text, max - CONT.length)}${CONT}`;
}

function isBlank(text: string | undefined): text is undefined {
  return text === undefined || text.trim() === '';
}

/** `text` as it is if it fits, else cut at block, line, then word boundaries. */
function chunks(text: string | undefined, max: number): string[] {
  if (isBlank(text)) return [];
  return text.length <= max ? [text] : splitBlocks(blocksOf(text), max);
}

/** Over-long values continue in fields named "name (cont.)", so nothing is cut off. */
function fitField(field: ReplyField): ReplyField[] {
  const values = chunks(field.value, L.fieldValue);
  const firstName = isBlank(field.name) ? BLANK : truncate(field.name, L.fieldName);
  return (values.length > 0 ? values : [BLANK]).map((value, i) => ({
    name: i === 0 ? firstName : continued(field.name, L.fieldName),
    value,
    ...(field.inline !== undefined && { inline: field.inline }),
  }));
}

function bodySize(piece: Pick<Piece, 'title' | 'description' | 'fields'>): number {
  return (
    piece.title.length +
    (piece.description?.length ?? 0) +
    piece.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * An embed cut into pieces that each fit one message with the footer: the
 * description in chunks, then the fields, at most 25 to a piece. Every piece
 * after the first is titled "<title> (cont.)".
 */
function piecesOf(embed: ReplyEmbed, source: number): Piece[] {
  const footer = isBlank(embed.footer) ? undefined : truncate(embed.footer, L.footer);
  const room = L.embedTotal - (footer?.length ?? 0);
  const firstTitle = truncate(embed.title, L.title);
  const nextTitle = continued(embed.title, L.title);
  const pieces: Piece[] = [];
  const start = (description?: string): Piece => ({
    source,
    embed,
    footer,
    title: pieces.length === 0 ? firstTitle : nextTitle,
    ...(description !== undefined && { description }),
    fields: [],
  });
  for (const description of chunks(embed.description, Math.min(L.description, room - nextTitle.length))) {
    pieces.push(start(description));
  }
  if (pieces.length === 0) pieces.push(start());
  for (const field of (embed.fields ?? []).flatMap(fitField)) {
    let piece = pieces[pieces.length - 1]!;
    if (piece.fields.length === L.fieldsPerEmbed || bodySize(piece) + field.name.length + field.value.length > room) {
      piece = start();
      pieces.push(piece);
    }
    piece.fields.push(field);
  }
  const nothingToShow =
    firstTitle === '' && footer === undefined && pieces.every((p) => p.description === undefined && p.fields.length === 0);
  // Discord rejects an empty embed; leaving it out loses nothing a member could read.
  return nothingToShow ? [] : pieces;
}

/** A piece carries its footer and timestamp when it is the last piece of its embed in its message. */
function toEmbeds(pieces: readonly Piece[]): ReplyEmbed[] {
  return pieces.map((piece, i) => {
    const closes = pieces[i + 1]?.source !== piece.source;
    const { embed } = piece;
    return {
      title: piece.title,
      ...(piece.description !== undefined && { description: piece.description }),
      ...(embed.color !== undefined && { color: embed.color }),
      ...(piece.fields.length > 0 && { fields: piece.fields }),
      ...(closes && piece.footer !== undefined && { footer: piece.footer }),
      ...(closes && embed.timestamp !== undefined && { timestamp: embed.timestamp }),
    };
  });
}

/**
 * A reply as one or more messages that each fit every Discord limit (see
 * `DISCORD_LIMITS`), keeping all of its text in order. Overflow moves on rather
 * than being cut: long content into further messages, a long description into
 * "<title> (cont.)" embeds, fields past 25 into the next embed, a long field
 * value into "<name> (cont.)" fields, embeds past 10 or 6,000 characters into
 * the next message. Only titles, field names and component labels, which cannot
 * continue, are shortened with "…". Each message that shows part of an embed
 * shows its footer on that part's last embed, so citations are never lost.
 * Content comes first, files and charts ride on the first message, components go on the
 * last, and every message keeps the reply's `ephemeral`.
 */
export function splitReply(reply: Reply): Reply[] {
  const messages: Message[] = chunks(reply.content, L.content).map((content) => ({ content, pieces: [], size: 0 }));
  const pieces = (reply.embeds ?? []).flatMap(piecesOf);
  for (const piece of pieces) {
    const message = messages[messages.length - 1];
    const continues = message?.pieces[message.pieces.length - 1]?.source === piece.source;
    const cost = bodySize(piece) + (continues ? 0 : (piece.footer?.length ?? 0));
    if (message !== undefined && message.pieces.length < L.embedsPerMessage && message.size + cost <= L.embedTotal) {
      message.pieces.push(piece);
      message.size += cost;
    } else {
      messages.push({ pieces: [piece], size: bodySize(piece) + (piece.footer?.length ?? 0) });
    }
  }
  if (messages.length === 0) messages.push({ pieces: [], size: 0 });
  const components = reply.components === undefined ? [] : fitComponents(reply.components);
  return messages.map((message, i) => ({
    ...(message.content !== undefined && { content: message.content }),
    ...(message.pieces.length > 0 && { embeds: toEmbeds(message.pieces) }),
    ...(i === messages.length - 1 && components.length > 0 && { components }),
    ...(i === 0 && reply.files !== undefined && reply.files.length > 0 && { files: reply.files }),
    ...(i === 0 && reply.charts !== undefined && reply.charts.length > 0 && { charts: reply.charts }),
    ...(reply.ephemeral !== undefined && { ephemeral: reply.ephemeral }),
  }));
}

/**
 * The most messages one answer may take. Every limit on the data still
 * allows a narrative that splits into hundreds of messages, and a recap is
 * posted to every subscribed channel: past this, an answer is cut rather than
 * flooding a channel.
 */
export const MAX_MESSAGES_PER_ANSWER = 5;

/**
 * {@link splitReply}, then at most {@link MAX_MESSAGES_PER_ANSWER} messages:
 * when there would be more, the last one says how many were left out, in
 * place of them, and carries the reply's components.
 */
export function fitReply(reply: Reply): readonly Reply[] {
  let parts = fitted.get(reply);
  if (parts === undefined) {
    parts = fit(reply);
    fitted.set(reply, parts);
  }
  return parts;
}

/** Parts kept per reply: replies are never changed after they are built, and an answer kept per snapshot and day is sent again and again. */
const fitted = new WeakMap<Reply, readonly Reply[]>();

function fit(reply: Reply): Reply[] {
  const messages = splitReply(reply);
  if (messages.length <= MAX_MESSAGES_PER_ANSWER) return messages;
  // splitReply puts components on its last message only, so the kept ones carry none.
  const kept = messages.slice(0, MAX_MESSAGES_PER_ANSWER - 1);
  const left = messages.length - kept.length;
  const last = messages[messages.length - 1]!;
  return [
    ...kept,
    {
      content: `…and ${left} more messages of this answer, left out: it is too long to post in full. Ask for one date, index or scenario to see the rest.`,
      ...(last.components !== undefined && { components: last.components }),
      ...(reply.ephemeral !== undefined && { ephemeral: reply.ephemeral }),
    },
  ];
}
