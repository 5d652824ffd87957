import { Routes, SnowflakeUtil, type APIEmbed, type APIMessage, type REST } from 'discord.js';
import { toApiMessageBody } from '../discord/toMessagePayload';
import type { Reply } from '../reply';
import type { UnrecordedSendWindow } from '../schedule/recapLedger';

/** Our clock and Discord's may disagree by a little; look a little earlier than asked. */
const CLOCK_SKEW_MS = 60_000;
/** The most Discord returns per page. */
const PAGE = 100;
/**
 * How far to read: a catch-up post can run hours after the period was due, so
 * the in-flight message may sit behind a busy channel's chatter. Only resumed
 * attempts read, so the cost is rare.
 */
const MAX_PAGES = 10;

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
 * Looks through a channel's messages after the last recorded part (or, with
 * none, after the period was due; up to a thousand) for ones this bot posted
 * that read exactly like a recap part, oldest first. Discord does not return
 * nonces in a channel's history, so the text is what identifies the message.
 * Needs Read Message History; without it Discord lists nothing and the answer
 * is "none".
 */
export function createPostedMessageFinder(
  rest: REST,
  botUserId: string,
): (channelId: string, part: Reply, window: UnrecordedSendWindow) => Promise<readonly string[]> {
  return async (channelId, part, window) => {
    const body = toApiMessageBody(part);
    const wanted = fingerprint(body.content, body.embeds ?? []);
    let after = window.messageId ?? SnowflakeUtil.generate({ timestamp: window.time.getTime() - CLOCK_SKEW_MS }).toString();
    const matches: string[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const listed = (await rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ after, limit: String(PAGE) }),
      })) as APIMessage[];
      // Sorted here by id (creation order) rather than trusting the order of the page.
      const oldestFirst = [...listed].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      matches.push(...oldestFirst.filter((m) => m.author.id === botUserId && fingerprint(m.content, m.embeds) === wanted).map((m) => m.id));
      const newest = oldestFirst.at(-1);
      if (newest === undefined || listed.length < PAGE) break;
      after = newest.id;
    }
    return matches;
  };
}
