import type { RecapSubscriptionStatus } from '../schedule/subscriptionStatus';
import type { SubscriptionChoice } from '../schedule/subscriptionStore';

/** Whether the bot can post recaps in a channel; when it can, perhaps a permission worth adding. */
export type ChannelCheck = { readonly ok: true; readonly advice?: string } | { readonly ok: false; readonly reason: string };

export type PostNowResult =
  | { readonly ok: true; readonly channelId: string; readonly messageIds: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * What `/recaps` needs from the shell it runs in: the state database, and
 * Discord for checking and posting into channels. While another process
 * holds the state database's lock, the methods that use it wait a little,
 * without blocking other interactions, then throw `StateDbBusyError`.
 */
export interface RecapAdmin {
  /** Whether the bot can see the channel and post embeds in it; if not, why. */
  checkChannel(guildId: string, channelId: string): Promise<ChannelCheck>;
  setSchedule(subscription: SubscriptionChoice, now: Date): Promise<void>;
  /** False when the server had no schedule. */
  turnOff(guildId: string, now: Date): Promise<boolean>;
  status(guildId: string, now: Date): Promise<RecapSubscriptionStatus>;
  /** Posts the recap now to the configured channel, through the same ledger as scheduled posts. */
  postNow(guildId: string, now: Date): Promise<PostNowResult>;
}
