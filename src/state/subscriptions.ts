import type { RecapSubscription, SubscriptionChoice, UnreadableSubscription } from '../schedule/subscriptionStore';

/** Where and when each server's weekly recap posts, as every engine keeps it. */
export interface Subscriptions {
  /**
   * Sets a guild's recap channel and schedule, replacing any earlier choice;
   * setting exactly what is stored keeps `updatedAt`. Moving to another
   * channel ends what the old channel was still owed, in the same transaction.
   */
  save(choice: SubscriptionChoice, now: Date): Promise<RecapSubscription>;
  /** Undefined when recaps are off; throws if the stored row is unreadable. */
  get(guildId: string): Promise<RecapSubscription | undefined>;
  /** Whether any server has recaps scheduled, readable or not. */
  any(): Promise<boolean>;
  /** Every subscription by guild id, unreadable rows set apart so one bad row cannot stop the others. */
  list(): Promise<{ readonly subscriptions: readonly RecapSubscription[]; readonly unreadable: readonly UnreadableSubscription[] }>;
  /** Forgets the guild's subscription and ends its unfinished periods with `reason`; the ledger keeps its history. */
  removeGuild(guildId: string, now: Date, reason: string): Promise<boolean>;
}
