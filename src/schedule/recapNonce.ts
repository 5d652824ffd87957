import { createHash } from 'node:crypto';
import type { RecapKey } from './recapLedger';

/** Discord's limit on a message nonce's length. */
const NONCE_MAX_LENGTH = 25;

/**
 * The nonce to send part `partIndex` of a period's recap with, alongside
 * `enforce_nonce: true`. The same key and part always give the same nonce, so
 * when a retried claim re-sends a part that reached Discord before a crash,
 * Discord returns the first message instead of posting a second (for the few
 * minutes it remembers nonces). 25 base-36 digits of sha256 carry about 129
 * bits, far beyond any chance of two recaps colliding.
 */
export function recapNonce(key: RecapKey, partIndex: number): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([key.guildId, key.channelId, key.period, partIndex]))
    .digest('hex');
  return BigInt(`0x${digest}`).toString(36).slice(0, NONCE_MAX_LENGTH);
}
