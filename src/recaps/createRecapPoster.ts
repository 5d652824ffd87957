import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import type { Reply, ReplyChart } from '../reply';
import type { PostResult } from '../schedule/runDueRecaps';
import { toChannelMessage, type ChartImages } from '../discord/toMessagePayload';

/** Discord's "Missing Permissions": refused for want of Send Messages, Embed Links or Attach Files. */
const MISSING_PERMISSIONS = 50013;

/** Discord errors after which posting to that channel again cannot succeed until a moderator acts. */
const PERMANENT_CODES = new Set([10003, 50001, 50013]);

function describe(error: unknown): { permanent: boolean; error: string } {
  if (error instanceof DiscordAPIError) {
    const permanent = PERMANENT_CODES.has(Number(error.code)) || error.status === 403 || error.status === 404;
    const reasons: Record<number, string> = {
      10003: 'the channel no longer exists',
      50001: 'I no longer have access to the channel',
      50013: 'I am missing a permission in the channel (Send Messages, Embed Links or Attach Files)',
    };
    return {
      permanent,
      error: reasons[Number(error.code)] ?? `Discord refused the message (${error.status}, code ${error.code}: ${error.message})`,
    };
  }
  if (error instanceof HTTPError) return { permanent: false, error: `Discord answered ${error.status} after retries` };
  return { permanent: false, error: error instanceof Error ? error.message : String(error) };
}

/** How the poster gets a recap's charts drawn, and where it says one could not be. */
export interface RecapCharts {
  readonly draw: (charts: readonly ReplyChart[]) => Promise<ChartImages>;
  readonly failed: (error: unknown) => void;
}

const NO_IMAGES: ChartImages = new Map();

/**
 * Posts one recap message, with its chart when one can be drawn, through
 * discord.js's REST queue (which waits out 429s and retries 5xx). The nonce
 * with `enforce_nonce` makes Discord return the first message instead of
 * posting twice when a crashed claim is retried. The card's text states every
 * figure, so a chart that cannot be drawn or attached (no Attach Files in the
 * channel) never costs the recap: it goes without it.
 */
export function createRecapPoster(
  rest: REST,
  charts?: RecapCharts,
): (channelId: string, part: Reply, nonce: string) => Promise<PostResult> {
  const post = async (channelId: string, part: Reply, nonce: string, images: ChartImages): Promise<string> => {
    const { body, files } = toChannelMessage(part, images);
    const message = (await rest.post(Routes.channelMessages(channelId), {
      body: { ...body, nonce, enforce_nonce: true },
      ...(files !== undefined && { files }),
    })) as { id: string };
    return message.id;
  };
  const imagesOf = async (part: Reply): Promise<ChartImages> => {
    if (charts === undefined || part.charts === undefined || part.charts.length === 0) return NO_IMAGES;
    try {
      return await charts.draw(part.charts);
    } catch (error) {
      charts.failed(error);
      return NO_IMAGES;
    }
  };
  return async (channelId, part, nonce) => {
    const images = await imagesOf(part);
    try {
      return { ok: true, messageId: await post(channelId, part, nonce, images) };
    } catch (error) {
      const withoutAttachFiles = images.size > 0 && error instanceof DiscordAPIError && Number(error.code) === MISSING_PERMISSIONS;
      if (!withoutAttachFiles) return { ok: false, ...describe(error) };
      try {
        return { ok: true, messageId: await post(channelId, part, nonce, NO_IMAGES) };
      } catch (again) {
        return { ok: false, ...describe(again) };
      }
    }
  };
}
