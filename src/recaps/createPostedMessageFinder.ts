import { Routes, SnowflakeUtil, type APIEmbed, type APIMessage, type REST } from 'discord.js';
import { toApiMessageBody } from '../discord/toMessagePayload';
import type { Reply } from '../reply';

/** Our clock and Discord's may disagree by a little; look a little earlier than asked. */
const CLOCK_SKEW_MS = 60_000;
/** The most Discord returns per page; an interrupted post is among the first messages after its attempt began. */
const PAGE = 100;

/** What a reader sees of a message; Discord adds to embeds (type, sizes) and may trim text, so compare only this. */
function fingerprint(content: string | undefined, embeds: readonly APIEmbed[]): string {
  const text = (value: string | undefined) => (value ?? '').trim();
  return JSON.stringify([
    text(content),
    embeds.map((e) => [
      text(e.title),
      text(e.description),
      text(e.footer?.text),
      (e.fields ?? []).map((f) => [text(f.name), text(f.value)]),
    ]),
  ]);
}

/**
 * Looks through a channel's messages since a time for one this bot posted
 * that reads exactly like a recap part. Discord does not return nonces in a
 * channel's history, so the text is what identifies the message. Needs Read
 * Message History; without it Discord lists nothing and the answer is "none".
 */
export function createPostedMessageFinder(
  rest: REST,
  botUserId: string,
): (channelId: string, part: Reply, since: Date) => Promise<string | undefined> {
  return async (channelId, part, since) => {
    const body = toApiMessageBody(part);
    const wanted = fingerprint(body.content, body.embeds ?? []);
    const after = SnowflakeUtil.generate({ timestamp: since.getTime() - CLOCK_SKEW_MS }).toString();
    const messages = (await rest.get(Routes.channelMessages(channelId), {
      query: new URLSearchParams({ after, limit: String(PAGE) }),
    })) as APIMessage[];
    // Newest first from Discord; the oldest match is the one the interrupted attempt sent.
    return messages.findLast((m) => m.author.id === botUserId && fingerprint(m.content, m.embeds) === wanted)?.id;
  };
}
