import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Reply, ReplyComponent } from '../reply';

/** Data text must never ping anyone, so every message carries this. */
export const NO_MENTIONS = { parse: [] } as const;

export interface MessagePayload {
  content?: string;
  files?: { attachment: Buffer; name: string; description?: string }[];
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: { parse: [] };
  flags?: MessageFlags.Ephemeral;
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

/** One message of a Reply (already fitted to Discord's limits) as discord.js's reply/followUp take it. */
export function toMessagePayload(reply: Reply): MessagePayload {
  return {
    ...(reply.content !== undefined && { content: reply.content }),
    embeds: toEmbeds(reply),
    components: toRows(reply),
    ...(reply.files !== undefined && {
      files: reply.files.map((f) => ({
        attachment: Buffer.from(f.content, 'utf8'),
        name: f.name,
        ...(f.description !== undefined && { description: f.description }),
      })),
    }),
    allowedMentions: { parse: [] },
    ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
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
