import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import type { Reply } from '../reply';
import type { PostResult } from '../schedule/runDueRecaps';
import { toApiMessageBody } from '../discord/toMessagePayload';

/** Discord errors after which posting to that channel again cannot succeed until a moderator acts. */
const PERMANENT_CODES = new Set([10003, 50001, 50013]);

function describe(error: unknown): { permanent: boolean; error: string } {
  if (error instanceof DiscordAPIError) {
    const permanent = PERMANENT_CODES.has(Number(error.code)) || error.status === 403 || error.status === 404;
    const reasons: Record<number, string> = {
      10003: 'the channel no longer exists',
      50001: 'I no longer have access to the channel',
      50013: 'I am missing a permission in the channel (Send Messages or Embed Links)',
    };
    return {
      permanent,
      error: reasons[Number(error.code)] ?? `Discord refused the message (${error.status}, code ${error.code}: ${error.message})`,
    };
  }
  if (error instanceof HTTPError) return { permanent: false, error: `Discord answered ${error.status} after retries` };
  return { permanent: false, error: error instanceof Error ? error.message : String(error) };
}

/**
 * Posts one recap message through discord.js's REST queue (which waits out
 * 429s and retries 5xx). The nonce with `enforce_nonce` makes Discord return the
 * first message instead of posting twice when a crashed claim is retried.
 */
export function createRecapPoster(rest: REST): (channelId: string, part: Reply, nonce: string) => Promise<PostResult> {
  return async (channelId, part, nonce) => {
    try {
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...toApiMessageBody(part), nonce, enforce_nonce: true },
      })) as { id: string };
      return { ok: true, messageId: message.id };
    } catch (error) {
      return { ok: false, ...describe(error) };
    }
  };
}
