import { nextOccurrence } from './occurrences';
import type { StateAccess } from '../state/stateStore';
import type { RecapSubscription } from './subscriptionStore';

/** Everything `/recaps status` shows for one server. */
export interface RecapSubscriptionStatus {
  /** Undefined when recaps are off; the history below may still exist. */
  readonly subscription?: RecapSubscription;
  readonly nextPost?: { readonly at: Date; readonly period: string };
  readonly lastPost?: {
    readonly at: Date;
    readonly period: string;
    readonly channelId: string;
    readonly messageIds: readonly string[];
  };
  readonly lastFailure?: {
    readonly at: Date;
    readonly period: string;
    readonly channelId: string;
    readonly reason: string;
    readonly attempts: number;
    /** Set while a transient failure still has a retry coming. */
    readonly retryAt?: Date;
  };
  readonly lastSkip?: { readonly at: Date; readonly period: string; readonly channelId: string; readonly reason: string };
}

/** The guild's schedule, when it posts next, and how its latest post, failure and skip went. */
export async function subscriptionStatus(state: StateAccess, guildId: string, now: Date): Promise<RecapSubscriptionStatus> {
  const subscription = await state.subscriptions.get(guildId);
  const posted = await state.ledger.latest(guildId, 'posted');
  const failed = await state.ledger.latest(guildId, 'failed');
  const skipped = await state.ledger.latest(guildId, 'skipped');
  return {
    subscription,
    nextPost: subscription === undefined ? undefined : nextOccurrence(subscription.schedule, now),
    lastPost:
      posted?.finishedAt === undefined
        ? undefined
        : {
            at: posted.finishedAt,
            period: posted.key.period,
            channelId: posted.key.channelId,
            messageIds: posted.messageIds,
          },
    lastFailure:
      failed?.finishedAt === undefined
        ? undefined
        : {
            at: failed.finishedAt,
            period: failed.key.period,
            channelId: failed.key.channelId,
            reason: failed.error ?? 'unknown error',
            attempts: failed.attempts,
            retryAt: failed.retryAt,
          },
    lastSkip:
      skipped?.finishedAt === undefined
        ? undefined
        : {
            at: skipped.finishedAt,
            period: skipped.key.period,
            channelId: skipped.key.channelId,
            reason: skipped.error ?? 'no reason recorded',
          },
  };
}
