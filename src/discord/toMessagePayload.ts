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

function toEmbeds(reply: Reply): APIEmbed[] {
  return (reply.embeds ?? []).map((e) => ({
    title: e.title,
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

/**
 * One message of a Reply (already fitted to Discord's limits) as the router
 * posts it: the body discord.js's reply would have built, without its
 * MessagePayload layer (resolving, snake-casing a body that already is).
 * Each file is `files[n]`, listed in `attachments` with its description.
 */
export function toInteractionMessage(reply: Reply): InteractionMessage {
  const files = reply.files ?? [];
  return {
    body: {
      ...(reply.content !== undefined && { content: reply.content }),
      embeds: toEmbeds(reply),
      components: toRows(reply),
      // Data text must never ping anyone, so every message says so.
      allowed_mentions: { parse: [] },
      ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
      ...(files.length > 0 && {
        attachments: files.map((f, index) => ({
          id: String(index),
          ...(f.description !== undefined && { description: f.description }),
        })),
      }),
    },
    ...(files.length > 0 && { files: files.map((f) => ({ name: f.name, data: Buffer.from(f.content, 'utf8') })) }),
  };
}

/** The same message as a raw REST body (snake_case), for posts outside an interaction. */
export function toApiMessageBody(reply: Reply): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(reply.content !== undefined && { content: reply.content }),
    embeds: toEmbeds(reply),
    components: toRows(reply),
    allowed_mentions: { parse: [] },
  };
}
