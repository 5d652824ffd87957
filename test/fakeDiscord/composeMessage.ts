import {
  EmbedType,
  MessageFlags,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIUser,
  type MessageType,
} from 'discord-api-types/v10';
import type { MessageFieldsBody } from './messageSchemas';

/** A file that arrived in a multipart body. */
export interface UploadedFile {
  /** The form field, `files[n]` as Discord asks. */
  readonly field: string;
  readonly filename: string;
  readonly bytes: Buffer;
  /** As the client declared it; empty when it gave none. */
  readonly contentType: string;
}

/** Who writes a new message and how Discord labels it. */
export interface Authoring {
  readonly id: string;
  readonly channelId: string;
  readonly author: APIUser;
  readonly at: number;
  readonly type: MessageType;
  /** Flags the request may not set itself, e.g. Ephemeral or Loading on an interaction response. */
  readonly forcedFlags: number;
  /** Flags the request may set: Discord drops the others. */
  readonly settableFlags: number;
  readonly nonce?: string | number | undefined;
  readonly webhookId?: string;
  readonly applicationId?: string;
  readonly interactionMetadata?: APIMessageInteractionMetadata;
}

/** What composing needs from the rest of the fake: user lookup for mentions. */
export interface ComposeContext {
  user(id: string): APIUser | undefined;
}

type BodyEmbed = NonNullable<MessageFieldsBody['embeds']>[number];

/**
 * Embeds as Discord stores them: typed "rich", and an image given as
 * `attachment://<filename>` pointing at that attachment of the message (its
 * CDN URL), as Discord resolves it. A name no attachment has stays as
 * written, so a test sees the image would not show.
 */
function storedEmbeds(embeds: readonly BodyEmbed[], attachments: readonly APIAttachment[]): APIEmbed[] {
  return embeds.map((embed) => {
    const named = embed.image?.url.startsWith('attachment://') ? embed.image.url.slice('attachment://'.length) : undefined;
    const attachment = named === undefined ? undefined : attachments.find((a) => a.filename === named);
    return {
      type: EmbedType.Rich,
      ...embed,
      ...(attachment !== undefined && { image: { url: attachment.url, proxy_url: attachment.proxy_url } }),
    };
  });
}

/**
 * Builds the message Discord would store for a validated body: embeds typed
 * "rich", the attachments `messageAttachments` settled on, and `mentions`
 * filled the way Discord does, i.e. only with the people `allowed_mentions`
 * lets it ping.
 */
export function composeMessage(
  authoring: Authoring,
  body: MessageFieldsBody,
  attachments: readonly APIAttachment[],
  context: ComposeContext,
): APIMessage {
  const content = body.content ?? '';
  const pinged = pingedBy(content, body.allowed_mentions, context);
  return {
    id: authoring.id,
    channel_id: authoring.channelId,
    author: authoring.author,
    content,
    timestamp: new Date(authoring.at).toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: pinged.everyone,
    mentions: pinged.users,
    mention_roles: pinged.roles,
    attachments: [...attachments],
    embeds: storedEmbeds(body.embeds ?? [], attachments),
    components: body.components ?? [],
    pinned: false,
    type: authoring.type,
    flags: authoring.forcedFlags | ((body.flags ?? 0) & authoring.settableFlags),
    ...(authoring.nonce === undefined ? {} : { nonce: authoring.nonce }),
    ...(authoring.webhookId === undefined ? {} : { webhook_id: authoring.webhookId }),
    ...(authoring.applicationId === undefined ? {} : { application_id: authoring.applicationId }),
    ...(authoring.interactionMetadata === undefined ? {} : { interaction_metadata: authoring.interactionMetadata }),
  };
}

/**
 * Applies an edit: fields present replace, `null` clears, absent ones stay;
 * `attachments` is the list `messageAttachments` settled on.
 * Editing a deferred ("thinking…") response turns it into a real message.
 */
export function editMessage(
  previous: APIMessage,
  body: MessageFieldsBody,
  attachments: readonly APIAttachment[],
  at: number,
  context: ComposeContext,
): APIMessage {
  const content = body.content === undefined ? previous.content : (body.content ?? '');
  const pinged = pingedBy(content, body.allowed_mentions, context);
  const suppressEmbeds = MessageFlags.SuppressEmbeds;
  const flags =
    body.flags === undefined || body.flags === null
      ? (previous.flags ?? 0)
      : ((previous.flags ?? 0) & ~suppressEmbeds) | (body.flags & suppressEmbeds);
  return {
    ...previous,
    content,
    embeds: body.embeds === undefined ? previous.embeds : storedEmbeds(body.embeds ?? [], attachments),
    components: body.components === undefined ? previous.components : (body.components ?? []),
    attachments: [...attachments],
    mentions: pinged.users,
    mention_roles: pinged.roles,
    mention_everyone: pinged.everyone,
    flags: flags & ~MessageFlags.Loading,
    edited_timestamp: (previous.flags ?? 0) & MessageFlags.Loading ? null : new Date(at).toISOString(),
  };
}

/** True when Discord would refuse the message as empty (50006). */
export function isEmptyMessage(message: APIMessage): boolean {
  return (
    message.content.trim() === '' &&
    message.embeds.length === 0 &&
    (message.components ?? []).length === 0 &&
    message.attachments.length === 0 &&
    (message.sticker_items ?? []).length === 0
  );
}

interface Pinged {
  readonly users: APIUser[];
  readonly roles: string[];
  readonly everyone: boolean;
}

/** Who the content pings under Discord's rules: without allowed_mentions, everyone mentioned. */
function pingedBy(content: string, allowed: MessageFieldsBody['allowed_mentions'], users: ComposeContext): Pinged {
  const mentionedUsers = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? '');
  const mentionedRoles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '');
  const mentionsEveryone = /@(everyone|here)\b/.test(content);
  const parse = allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone'];
  const userIds = mentionedUsers.filter((id) => parse.includes('users') || (allowed?.users ?? []).includes(id));
  return {
    users: [...new Set(userIds)].flatMap((id) => {
      const user = users.user(id);
      return user ? [user] : [];
    }),
    roles: [...new Set(mentionedRoles.filter((id) => parse.includes('roles') || (allowed?.roles ?? []).includes(id)))],
    everyone: mentionsEveryone && parse.includes('everyone'),
  };
}
