import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
  type RawFile,
} from 'discord.js';
import type { Reply, ReplyComponent } from '../reply';

/** Chart PNGs by chart key, as the chart renderer drew them. */
export type ChartImages = ReadonlyMap<string, Uint8Array>;

const NO_IMAGES: ChartImages = new Map();

/** One message as Discord's REST API takes it from an interaction: the snake_case body and its files, as @discordjs/rest uploads them. */
export interface InteractionMessage {
  readonly body: RESTPostAPIWebhookWithTokenJSONBody;
  readonly files?: RawFile[];
}

const BUTTON_STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
} as const;

function toComponent(component: ReplyComponent): APIComponentInMessageActionRow {
  if (component.kind === 'button') {
    return { type: ComponentType.Button, style: BUTTON_STYLES[component.style], custom_id: component.customId, label: component.label };
  }
  return {
    type: ComponentType.StringSelect,
    custom_id: component.customId,
    placeholder: component.placeholder,
    options: component.options.map((o) => ({ label: o.label, value: o.value, ...(o.description && { description: o.description }) })),
  };
}

/** The first embed shows `image` (an attachment's name) as its picture. */
function toEmbeds(reply: Reply, image?: string): APIEmbed[] {
  return (reply.embeds ?? []).map((e, i) => ({
    title: e.title,
    ...(i === 0 && image !== undefined && { image: { url: `attachment://${image}` } }),
    ...(e.description !== undefined && { description: e.description }),
    ...(e.color !== undefined && { color: e.color }),
    ...(e.fields && { fields: e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false })) }),
    ...(e.footer !== undefined && { footer: { text: e.footer } }),
    ...(e.timestamp !== undefined && { timestamp: e.timestamp }),
  }));
}

function toRows(reply: Reply): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return (reply.components ?? []).map((row) => ({ type: ComponentType.ActionRow, components: row.map(toComponent) }));
}

/** A message's attachments: its drawn charts (PNG) first, then its files (UTF-8 text), each with its alt text. */
function attachmentsOf(
  reply: Reply,
  images: ChartImages,
): { readonly name: string; readonly data: Buffer; readonly description?: string }[] {
  const charts = (reply.charts ?? []).flatMap((chart) => {
    const png = images.get(chart.key);
    // A view of the cached bytes, not a copy: every answer with this chart uploads the same PNG.
    return png === undefined
      ? []
      : [{ name: chart.name, data: Buffer.from(png.buffer, png.byteOffset, png.byteLength), description: chart.description }];
  });
  const files = (reply.files ?? []).map((f) => ({
    name: f.name,
    data: Buffer.from(f.content, 'utf8'),
    ...(f.description !== undefined && { description: f.description }),
  }));
  return [...charts, ...files];
}

/** The name of the chart the first embed shows: the reply's first chart, when it was drawn and there is an embed to show it in. */
function shownChart(reply: Reply, images: ChartImages): string | undefined {
  const first = reply.charts?.[0];
  return first !== undefined && images.has(first.key) ? first.name : undefined;
}

/**
 * One message of a Reply (already fitted to Discord's limits) as the router
 * posts it: the body discord.js's reply would have built, without its
 * MessagePayload layer (resolving, snake-casing a body that already is).
 * Each file is `files[n]`, listed in `attachments` with its description; the
 * first chart drawn in `images` is also the first embed's image. A chart not
 * drawn is left out: the answer's text states every figure anyway.
 */
export function toInteractionMessage(reply: Reply, images: ChartImages = NO_IMAGES): InteractionMessage {
  const files = attachmentsOf(reply, images);
  return {
    body: {
      ...(reply.content !== undefined && { content: reply.content }),
      embeds: toEmbeds(reply, shownChart(reply, images)),
      components: toRows(reply),
      // Data text must never ping anyone, so every message says so.
      allowed_mentions: { parse: [] },
      ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
      ...(files.length > 0 && {
        attachments: files.map((f, index) => ({
          id: String(index),
          filename: f.name,
          ...(f.description !== undefined && { description: f.description }),
        })),
      }),
    },
    ...(files.length > 0 && { files: files.map((f) => ({ name: f.name, data: f.data })) }),
  };
}

/** The same message as a raw REST body (snake_case), for posts outside an interaction; files and charts are not sent (see {@link toChannelMessage}). */
export function toApiMessageBody(reply: Reply): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(reply.content !== undefined && { content: reply.content }),
    embeds: toEmbeds(reply),
    components: toRows(reply),
    allowed_mentions: { parse: [] },
  };
}

/** A channel message (a recap post) with its drawn charts and files uploaded as attachments, as {@link toInteractionMessage} builds them. */
export function toChannelMessage(
  reply: Reply,
  images: ChartImages,
): { readonly body: RESTPostAPIChannelMessageJSONBody; readonly files?: RawFile[] } {
  const { body, files } = toInteractionMessage({ ...reply, ephemeral: false }, images);
  const { flags: _none, ...channelBody } = body;
  return { body: channelBody, ...(files !== undefined && { files }) };
}
