import {
  ButtonStyle,
  ComponentType,
  EmbedType,
  InteractionResponseType,
  SelectMenuDefaultValueType,
  type APIEmbed,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { DiscordIssueParams } from './formErrors';
import { boundedText, characterCount, snowflakeSchema } from './textSchemas';

/**
 * Discord's documented limits on what a message, webhook message or
 * interaction response may carry, written as zod schemas so one parse both
 * types the body and yields Discord's `50035 Invalid Form Body` errors.
 * Objects strip unknown keys the way Discord ignores them.
 */

const EMBED_TOTAL_LIMIT = 6000;

const isoTimestamp = z.string().superRefine((value, ctx) => {
  if (!Number.isNaN(Date.parse(value))) return;
  const params: DiscordIssueParams = { discordCode: 'BASE_TYPE_DATETIME' };
  ctx.addIssue({ code: 'custom', message: `Could not parse ${value}. Should be ISO8601.`, params });
});

const embedSchema = z.object({
  title: boundedText(0, 256).optional(),
  type: z.enum(EmbedType).optional(),
  description: boundedText(0, 4096).optional(),
  url: z.string().optional(),
  timestamp: isoTimestamp.optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  footer: z.object({ text: boundedText(1, 2048), icon_url: z.string().optional() }).optional(),
  image: z.object({ url: z.string() }).optional(),
  thumbnail: z.object({ url: z.string() }).optional(),
  video: z.object({ url: z.string().optional() }).optional(),
  provider: z.object({ name: z.string().optional(), url: z.string().optional() }).optional(),
  author: z.object({ name: boundedText(1, 256), url: z.string().optional(), icon_url: z.string().optional() }).optional(),
  fields: z
    .array(z.object({ name: boundedText(1, 256), value: boundedText(1, 1024), inline: z.boolean().optional() }))
    .max(25)
    .optional(),
});

const emojiSchema = z.object({
  id: snowflakeSchema.optional(),
  name: z.string().optional(),
  animated: z.boolean().optional(),
});

const customIdSchema = boundedText(1, 100);

const buttonSchema = z.discriminatedUnion('style', [
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.literal([ButtonStyle.Primary, ButtonStyle.Secondary, ButtonStyle.Success, ButtonStyle.Danger]),
    custom_id: customIdSchema,
    label: boundedText(0, 80).optional(),
    emoji: emojiSchema.optional(),
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.literal(ButtonStyle.Link),
    url: boundedText(1, 512),
    label: boundedText(0, 80).optional(),
    emoji: emojiSchema.optional(),
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.literal(ButtonStyle.Premium),
    sku_id: snowflakeSchema,
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
]);

const selectBase = {
  custom_id: customIdSchema,
  placeholder: boundedText(0, 150).optional(),
  min_values: z.number().int().min(0).max(25).optional(),
  max_values: z.number().int().min(1).max(25).optional(),
  disabled: z.boolean().optional(),
  id: z.number().int().optional(),
};

const stringSelectSchema = z.object({
  type: z.literal(ComponentType.StringSelect),
  ...selectBase,
  options: z
    .array(
      z.object({
        label: boundedText(1, 100),
        value: boundedText(1, 100),
        description: boundedText(0, 100).optional(),
        emoji: emojiSchema.optional(),
        default: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(25),
});

function defaultValues<T extends SelectMenuDefaultValueType>(...types: [T, ...T[]]) {
  return z.array(z.object({ id: snowflakeSchema, type: z.literal(types) })).optional();
}

const userSelectSchema = z.object({
  type: z.literal(ComponentType.UserSelect),
  ...selectBase,
  default_values: defaultValues(SelectMenuDefaultValueType.User),
});
const roleSelectSchema = z.object({
  type: z.literal(ComponentType.RoleSelect),
  ...selectBase,
  default_values: defaultValues(SelectMenuDefaultValueType.Role),
});
const mentionableSelectSchema = z.object({
  type: z.literal(ComponentType.MentionableSelect),
  ...selectBase,
  default_values: defaultValues(SelectMenuDefaultValueType.User, SelectMenuDefaultValueType.Role),
});
const channelSelectSchema = z.object({
  type: z.literal(ComponentType.ChannelSelect),
  ...selectBase,
  channel_types: z.array(z.number().int()).optional(),
  default_values: defaultValues(SelectMenuDefaultValueType.Channel),
});

const rowComponentSchema = z.discriminatedUnion('type', [
  buttonSchema,
  stringSelectSchema,
  userSelectSchema,
  roleSelectSchema,
  mentionableSelectSchema,
  channelSelectSchema,
]);

const actionRowSchema = z
  .object({
    type: z.literal(ComponentType.ActionRow),
    components: z.array(rowComponentSchema).min(1).max(5),
    id: z.number().int().optional(),
  })
  .superRefine((row, ctx) => {
    const selects = row.components.filter((c) => c.type !== ComponentType.Button).length;
    if (selects > 0 && row.components.length > 1) {
      const params: DiscordIssueParams = { discordCode: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED' };
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'The specified component exceeds the maximum width',
        params,
      });
    }
  });

const allowedMentionsSchema = z
  .object({
    parse: z.array(z.enum(['roles', 'users', 'everyone'])).optional(),
    roles: z.array(snowflakeSchema).max(100).optional(),
    users: z.array(snowflakeSchema).max(100).optional(),
    replied_user: z.boolean().optional(),
  })
  .superRefine((mentions, ctx) => {
    for (const kind of ['users', 'roles'] as const) {
      if (mentions.parse?.includes(kind) && (mentions[kind]?.length ?? 0) > 0) {
        const params: DiscordIssueParams = { discordCode: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE' };
        ctx.addIssue({
          code: 'custom',
          path: ['parse'],
          message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
          params,
        });
      }
    }
  });

/** discord.js sends kept attachments whole, `description: null` included, and Discord takes them. */
const attachmentSchema = z.object({
  id: z.union([snowflakeSchema, z.number().int()]),
  filename: z.string().nullish(),
  description: boundedText(0, 1024).nullish(),
});

/** The fields every kind of message body shares. `null` clears a field in an edit. */
const messageFields = {
  content: boundedText(0, 2000).nullish(),
  embeds: z.array(embedSchema).max(10).nullish(),
  components: z.array(actionRowSchema).max(5).nullish(),
  allowed_mentions: allowedMentionsSchema.nullish(),
  // Ten at most, but counted with the files they name: see messageFiles.ts (30015).
  attachments: z.array(attachmentSchema).nullish(),
  flags: z.number().int().nullish(),
  tts: z.boolean().nullish(),
};

interface MessageShape {
  readonly embeds?: readonly z.infer<typeof embedSchema>[] | null;
  readonly components?: readonly z.infer<typeof actionRowSchema>[] | null;
}

/** Discord's message-wide rules: all embeds together ≤ 6000 characters, custom ids unique. */
function checkWholeMessage(message: MessageShape, ctx: z.RefinementCtx): void {
  const embedTotal = (message.embeds ?? []).reduce((sum, embed) => sum + embedLength(embed), 0);
  if (embedTotal > EMBED_TOTAL_LIMIT) {
    const params: DiscordIssueParams = { discordCode: 'MAX_EMBED_SIZE_EXCEEDED' };
    ctx.addIssue({
      code: 'custom',
      path: ['embeds'],
      message: `Embed size exceeds maximum size of ${EMBED_TOTAL_LIMIT}`,
      params,
    });
  }
  const customIds = (message.components ?? []).flatMap((row) => row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])));
  if (new Set(customIds).size !== customIds.length) {
    const params: DiscordIssueParams = { discordCode: 'COMPONENT_CUSTOM_ID_DUPLICATED' };
    ctx.addIssue({ code: 'custom', path: ['components'], message: 'Component custom id cannot be duplicated', params });
  }
}

/** The characters Discord counts toward the 6000 limit of one embed. */
function embedLength(embed: APIEmbed): number {
  const parts = [embed.title, embed.description, embed.footer?.text, embed.author?.name];
  for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  return parts.reduce((sum, part) => sum + (part === undefined ? 0 : characterCount(part)), 0);
}

/** `POST /channels/:id/messages`. */
export const messageCreateSchema = z
  .object({
    ...messageFields,
    nonce: z.union([boundedText(0, 25), z.number().int()]).nullish(),
    enforce_nonce: z.boolean().nullish(),
    message_reference: z
      .object({
        message_id: snowflakeSchema.optional(),
        channel_id: snowflakeSchema.optional(),
        guild_id: snowflakeSchema.optional(),
        fail_if_not_exists: z.boolean().optional(),
      })
      .nullish(),
    sticker_ids: z.array(snowflakeSchema).max(3).nullish(),
  })
  .superRefine(checkWholeMessage);

/** `PATCH` of a channel message or of an interaction's webhook message. */
export const messageEditSchema = z.object(messageFields).superRefine(checkWholeMessage);

/** `POST /webhooks/:app/:token` (an interaction follow-up). */
export const webhookExecuteSchema = z
  .object({
    ...messageFields,
    username: boundedText(1, 80).nullish(),
    avatar_url: z.string().nullish(),
  })
  .superRefine(checkWholeMessage);

const autocompleteChoiceSchema = z.object({
  name: boundedText(1, 100),
  value: z.union([boundedText(1, 100), z.number()]),
  name_localizations: z.record(z.string(), boundedText(1, 100)).nullish(),
});

const messageCallbackData = z.object(messageFields).superRefine(checkWholeMessage);

/** `POST /interactions/:id/:token/callback`. */
export const interactionCallbackSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(InteractionResponseType.Pong) }),
  z.object({ type: z.literal(InteractionResponseType.ChannelMessageWithSource), data: messageCallbackData }),
  z.object({
    type: z.literal(InteractionResponseType.DeferredChannelMessageWithSource),
    data: z.object({ flags: z.number().int().nullish() }).nullish(),
  }),
  z.object({ type: z.literal(InteractionResponseType.DeferredMessageUpdate) }),
  z.object({ type: z.literal(InteractionResponseType.UpdateMessage), data: messageCallbackData.nullish() }),
  z.object({
    type: z.literal(InteractionResponseType.ApplicationCommandAutocompleteResult),
    data: z.object({ choices: z.array(autocompleteChoiceSchema).max(25) }),
  }),
  z.object({
    type: z.literal(InteractionResponseType.Modal),
    data: z.object({
      custom_id: customIdSchema,
      title: boundedText(1, 45),
      components: z
        .array(z.looseObject({ type: z.number().int() }))
        .min(1)
        .max(5),
    }),
  }),
]);

/** The message-bearing fields shared by every body above. */
export type MessageFieldsBody = z.infer<typeof messageEditSchema>;
