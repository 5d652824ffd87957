import { forEachConcurrently } from './forEachConcurrently';
import { recapOccurrencesBetween, type RecapOccurrence } from './occurrences';
import type { StateStore } from '../state/stateStore';
import { DEFAULT_MAX_ATTEMPTS, type RecapClaim, type RecapKey, type UnrecordedSendWindow } from './recapLedger';
import type { RecapLogger } from './recapLogger';
import { recapNonce } from './recapNonce';
import type { RecapSubscription } from './subscriptionStore';

/** What the Discord shell reports for one message create. */
export type PostResult =
  | { readonly ok: true; readonly messageId: string }
  | {
      readonly ok: false;
      /** True when trying again cannot help: unknown channel (10003), missing access (50001) or permissions (50013). */
      readonly permanent: boolean;
      readonly error: string;
    };

/** Which recap to compose. */
export interface RecapRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly period: string;
  readonly scheduledAt: Date;
  readonly timeZone: string;
}

/** Everything the due-check needs from outside; the Discord side and the recap's content arrive as functions. */
export interface RecapRunnerDeps<Part> {
  /** Where subscriptions and the ledger live; on SQLite its clock judges the leases, so tests give it theirs. */
  readonly state: StateStore;
  /** Names this process in claims, e.g. host and pid, so the ledger shows who holds a period. */
  readonly owner: string;
  /** The recap's messages, in posting order. Called once per claim: memoize per period to share work between guilds. */
  readonly composeRecap: (request: RecapRequest) => readonly Part[] | Promise<readonly Part[]>;
  /** Sends one message with `nonce` and `enforce_nonce: true`, after the poster's own retries. */
  readonly postMessage: (channelId: string, part: Part, nonce: string) => Promise<PostResult>;
  /**
   * Messages this bot posted in the channel inside `window` that read exactly
   * like `part`, oldest first. Asked once when resuming an interrupted
   * attempt, for the part it may have sent without recording: after Discord
   * has forgotten the nonce, only the channel's history can tell.
   */
  readonly findPostedMessages?: (channelId: string, part: Part, window: UnrecordedSendWindow) => Promise<readonly string[]>;
  readonly logger: RecapLogger;
  /** The time for ledger writes during the run, which can outlast the tick's `now` on a large fan-out. */
  readonly clock: () => Date;
  /** How late a period may still be posted; older unclaimed periods are recorded as skipped. */
  readonly graceHours?: number;
  /** Subscriptions handled at once. */
  readonly concurrency?: number;
  /** How long a claim is honoured without progress before another runner may take it over. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Wait before the first retry of a transient failure; each further retry waits four times longer. */
  readonly retryDelayMs?: number;
  /** What a recap composed now would say (the data's content hash); recorded with each post. */
  readonly contentKey?: () => string;
  /**
   * Skip a period, recorded with its reason, when the channel's last recap said the same: a weekly
   * recap of data that has not changed would repeat itself every week. Manual posts leave it off.
   */
  readonly skipRepeatedContent?: boolean;
  /**
   * Whether this process posts for a server: the one holding its gateway shard does. Default: every
   * server. The ledger's claims still keep two holders of one shard (a rolling deploy) from both posting.
   */
  readonly holdsGuild?: (guildId: string) => boolean;
}

/** What one run did, for the tick's log line. */
export interface RecapRunSummary {
  /** Periods whose recap is now fully in its channel. */
  readonly posted: number;
  /** Periods that failed for good this run: a permanent error, the last attempt, or the grace window ran out. */
  readonly failed: number;
  /** Periods that failed transiently this run and will be tried again on a later tick. */
  readonly retried: number;
  /** Periods found missed beyond the grace window and recorded as skipped. */
  readonly skipped: number;
  /** Subscriptions that could not be read or processed; each is logged. */
  readonly errors: number;
}

/** RECAP_GRACE_HOURS's default: a recap up to half a day late is still worth posting. */
export const DEFAULT_GRACE_HOURS = 12;
/**
 * Enough in flight to keep discord.js's queue at Discord's ~50 requests/s: a
 * recap is one message, so each channel is one request between ledger writes,
 * and 25 at a time left the queue idle often enough to miss the limit's pace by 10 %.
 */
export const DEFAULT_CONCURRENCY = 50;
/** Short, so a crashed claim is retried while Discord still remembers its nonces (a few minutes). */
export const DEFAULT_LEASE_MS = 2 * 60_000;
/** The first retry lands inside Discord's nonce memory too, in case a 5xx hid a message that was in fact created. */
export const DEFAULT_RETRY_DELAY_MS = 2 * 60_000;

const HOUR_MS = 3_600_000;
/** How far back missed periods are recorded: a week and a day, enough to explain a weekly recap lost to downtime. */
const MISSED_LOOKBACK_MS = 8 * 24 * HOUR_MS;

interface Tally {
  posted: number;
  failed: number;
  retried: number;
  skipped: number;
  errors: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One pass of the recap scheduler at `now`. For every subscription, each
 * occurrence in (now − grace, now] after the subscription last changed is
 * claimed in the ledger, composed and posted part by part, resuming after any
 * parts an interrupted attempt already posted; each unclaimed occurrence that
 * fell out of the grace window is recorded as skipped. Periods of the same
 * channel left unfinished under an earlier schedule (a retry pending, a crashed
 * post) are finished within their grace window, or given up on after it.
 * Subscriptions run
 * `concurrency` at a time, and an error in one is logged and counted without
 * stopping the others.
 */
export async function runDueRecaps<Part>(deps: RecapRunnerDeps<Part>, now: Date): Promise<RecapRunSummary> {
  const tally: Tally = { posted: 0, failed: 0, retried: 0, skipped: 0, errors: 0 };
  const listed = await deps.state.subscriptions.list();
  const held = deps.holdsGuild ?? (() => true);
  const subscriptions = listed.subscriptions.filter((s) => held(s.guildId));
  const unreadable = listed.unreadable.filter((row) => held(row.guildId));
  for (const row of unreadable) {
    tally.errors += 1;
    deps.logger.error({ guildId: row.guildId, problem: row.problem }, 'recap subscription is unreadable; skipping it');
  }
  await forEachConcurrently(subscriptions, deps.concurrency ?? DEFAULT_CONCURRENCY, async (subscription) => {
    try {
      await runSubscription(deps, subscription, now, tally);
    } catch (error) {
      tally.errors += 1;
      deps.logger.error(
        { guildId: subscription.guildId, channelId: subscription.channelId, err: error },
        'recap subscription failed; continuing with the others',
      );
    }
  });
  return { ...tally };
}

async function runSubscription<Part>(deps: RecapRunnerDeps<Part>, subscription: RecapSubscription, now: Date, tally: Tally): Promise<void> {
  const graceHours = deps.graceHours ?? DEFAULT_GRACE_HOURS;
  const graceStart = now.getTime() - graceHours * HOUR_MS;
  const since = subscription.updatedAt.getTime();
  const { schedule } = subscription;
  const keyOf = (occurrence: RecapOccurrence): RecapKey => ({
    guildId: subscription.guildId,
    channelId: subscription.channelId,
    period: occurrence.period,
  });

  const missed = recapOccurrencesBetween(schedule, new Date(Math.max(since, graceStart - MISSED_LOOKBACK_MS)), new Date(graceStart));
  for (const occurrence of missed) {
    const key = keyOf(occurrence);
    // Reading first keeps the every-minute tick off the write lock for periods already settled.
    const existing = await deps.state.ledger.get(key);
    if (existing === undefined) {
      if (await deps.state.ledger.markSkipped(key, deps.clock(), `missed by more than ${graceHours} h`)) {
        tally.skipped += 1;
        deps.logger.warn({ ...key, scheduledAt: occurrence.at.toISOString() }, 'recap period missed; recorded as skipped');
      }
    } else if (existing.status === 'claimed' || (existing.status === 'failed' && existing.retryAt !== undefined)) {
      const reason = `not posted within ${graceHours} h`;
      if (await deps.state.ledger.markExpired(key, deps.clock(), deps.leaseMs ?? DEFAULT_LEASE_MS, reason)) {
        tally.failed += 1;
        deps.logger.error({ ...key, error: existing.error }, `recap ${reason}; giving up`);
      }
    }
  }

  const due = recapOccurrencesBetween(schedule, new Date(Math.max(since, graceStart)), now);

  // Periods of this channel left unfinished under an earlier schedule: the days or time changed
  // while a retry was pending or a crashed post was half done. Finish them before anything newer,
  // or give up past grace.
  const duePeriods = new Set(due.map((occurrence) => occurrence.period));
  const unfinished = await deps.state.ledger.unfinished(subscription.guildId, subscription.channelId);
  for (const pending of unfinished) {
    const at = pending.scheduledAt;
    if (at === undefined || duePeriods.has(pending.key.period)) continue;
    if (at.getTime() > graceStart) {
      countOutcome(tally, await postRecapOccurrence(deps, subscription, { period: pending.key.period, at }));
      continue;
    }
    const reason = `not posted within ${graceHours} h`;
    if (await deps.state.ledger.markExpired(pending.key, deps.clock(), deps.leaseMs ?? DEFAULT_LEASE_MS, reason)) {
      tally.failed += 1;
      deps.logger.error({ ...pending.key, error: pending.error }, `recap ${reason}; giving up`);
    }
  }

  for (const occurrence of due) {
    const status = (await deps.state.ledger.get(keyOf(occurrence)))?.status;
    if (status === 'posted' || status === 'skipped') continue;
    countOutcome(tally, await postRecapOccurrence(deps, subscription, occurrence));
  }
}

function countOutcome(tally: Tally, outcome: RecapPostOutcome): void {
  if (outcome.kind === 'posted') tally.posted += 1;
  else if (outcome.kind === 'failed') tally.failed += 1;
  else if (outcome.kind === 'retrying') tally.retried += 1;
  else if (outcome.kind === 'skipped') tally.skipped += 1;
}

/** How one attempt at one period ended. */
export type RecapPostOutcome =
  | { readonly kind: 'posted'; readonly messageIds: readonly string[] }
  /** Final: a permanent error, or the last attempt failed. */
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'retrying'; readonly error: string; readonly retryAt: Date }
  /** Claimed, then closed without posting because the channel already has this content. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Posted, skipped, failed for good, or held by a live claim: nothing to do. */
  | { readonly kind: 'not-claimed' }
  /** Another runner took the claim over after this one's lease ran out; it finishes the period. */
  | { readonly kind: 'taken-over' }
  /** Recaps were turned off or moved while this attempt ran; it stopped before its next message. */
  | { readonly kind: 'cancelled'; readonly reason: string };

/**
 * Claims one period of a subscription in the ledger and, if the claim is
 * granted, composes the recap and posts the parts not yet in the channel,
 * each with its {@link recapNonce}, recording each as it lands. This is the
 * whole of a scheduled post, exported so a manual post can go through the
 * same ledger.
 */
export async function postRecapOccurrence<Part>(
  deps: RecapRunnerDeps<Part>,
  subscription: RecapSubscription,
  occurrence: RecapOccurrence,
): Promise<RecapPostOutcome> {
  const key: RecapKey = { guildId: subscription.guildId, channelId: subscription.channelId, period: occurrence.period };
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // A tick works from the subscriptions it read when it began; a moderator may have moved or
  // stopped this one since. The check and the claim are one transaction.
  const claim = await deps.state.transaction(async (tx) =>
    (await tx.subscriptions.get(key.guildId))?.channelId !== key.channelId
      ? undefined
      : tx.ledger.claim(key, { owner: deps.owner, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS, maxAttempts, scheduledAt: occurrence.at }),
  );
  if (claim === undefined) return { kind: 'not-claimed' };
  const context = { ...key, attempt: claim.attempt };

  const fail = async (permanent: boolean, error: string): Promise<RecapPostOutcome> => {
    const retryDelayMs = (deps.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 4 ** (claim.attempt - 1);
    const retryAt = !permanent && claim.attempt < maxAttempts ? new Date(deps.clock().getTime() + retryDelayMs) : undefined;
    if (!(await deps.state.ledger.markFailed(claim, deps.clock(), error, retryAt))) return lostClaim(deps, claim);
    if (retryAt === undefined) {
      deps.logger.error({ ...context, error, permanent }, 'recap post failed for good');
      return { kind: 'failed', error };
    }
    deps.logger.warn({ ...context, error, retryAt: retryAt.toISOString() }, 'recap post failed; will retry');
    return { kind: 'retrying', error, retryAt };
  };

  const contentKey = deps.contentKey?.();
  if (
    deps.skipRepeatedContent === true &&
    contentKey !== undefined &&
    claim.partsPosted === 0 &&
    (await deps.state.ledger.lastPostedContentKey(key.guildId, key.channelId)) === contentKey
  ) {
    const reason = 'no new data since the last recap posted here';
    if (!(await deps.state.ledger.skipClaim(claim, deps.clock(), reason))) return lostClaim(deps, claim);
    deps.logger.info({ ...context }, 'recap skipped: the channel already has this data');
    return { kind: 'skipped', reason };
  }

  let parts: readonly Part[];
  try {
    parts = await deps.composeRecap({
      guildId: key.guildId,
      channelId: key.channelId,
      period: key.period,
      scheduledAt: occurrence.at,
      timeZone: subscription.schedule.timeZone,
    });
  } catch (error) {
    return fail(false, `composing the recap failed: ${describe(error)}`);
  }
  if (parts.length === 0) return fail(true, 'the recap had no messages to post');

  const messageIds = [...claim.messageIds];
  for (let partIndex = claim.partsPosted; partIndex < parts.length; partIndex += 1) {
    const part = parts[partIndex] as Part;
    const unrecorded = partIndex === claim.partsPosted ? await findUnrecordedSend(deps, claim, part) : undefined;
    // Composing and reading the history take time; the claim may have been closed meanwhile.
    if (unrecorded === undefined && !(await deps.state.ledger.renew(claim))) return lostClaim(deps, claim);
    let result: PostResult;
    try {
      result =
        unrecorded !== undefined
          ? { ok: true, messageId: unrecorded }
          : await deps.postMessage(key.channelId, part, recapNonce(key, partIndex));
    } catch (error) {
      result = { ok: false, permanent: false, error: describe(error) };
    }
    if (!result.ok) return fail(result.permanent, result.error);
    const messageId = result.messageId;
    if (!(await deps.state.ledger.recordPart(claim, partIndex, messageId))) return lostClaim(deps, claim, messageId);
    messageIds.push(messageId);
  }
  if (!(await deps.state.ledger.markPosted(claim, deps.clock(), contentKey))) return lostClaim(deps, claim);
  deps.logger.info({ ...context, parts: parts.length }, 'recap posted');
  return { kind: 'posted', messageIds };
}

/**
 * The message an interrupted earlier attempt sent without recording it, if
 * the channel shows one that no other period has recorded as its own. A
 * failed look-up is logged and treated as none: the nonce still guards a
 * retry within Discord's memory of it.
 */
async function findUnrecordedSend<Part>(deps: RecapRunnerDeps<Part>, claim: RecapClaim, part: Part): Promise<string | undefined> {
  if (claim.unrecordedSendAfter === undefined || deps.findPostedMessages === undefined) return undefined;
  try {
    const candidates = await deps.findPostedMessages(claim.key.channelId, part, claim.unrecordedSendAfter);
    const recorded = await deps.state.ledger.recordedMessageIds(claim.key.guildId, claim.key.channelId);
    const messageId = candidates.find((id) => !recorded.has(id));
    if (messageId !== undefined) {
      deps.logger.warn(
        { ...claim.key, attempt: claim.attempt, messageId },
        'recap part was already in the channel; recording it, not posting again',
      );
    }
    return messageId;
  } catch (error) {
    deps.logger.warn(
      { ...claim.key, attempt: claim.attempt, error: describe(error) },
      'could not read the channel to check for an unrecorded post',
    );
    return undefined;
  }
}

/**
 * What became of a claim this runner no longer holds: another runner took it
 * over after the lease ran out, or recaps were turned off or moved and the
 * period was closed. A message sent just before is named in the log, since
 * the ledger could not record it.
 */
async function lostClaim<Part>(deps: RecapRunnerDeps<Part>, claim: RecapClaim, unrecordedMessageId?: string): Promise<RecapPostOutcome> {
  const row = await deps.state.ledger.get(claim.key);
  const fields = { ...claim.key, attempt: claim.attempt, ...(unrecordedMessageId !== undefined && { unrecordedMessageId }) };
  if (row?.status === 'claimed') {
    deps.logger.warn(fields, 'recap claim was taken over by another runner after its lease ran out; leaving the period to it');
    return { kind: 'taken-over' };
  }
  const reason = row?.error ?? 'the period was closed';
  deps.logger.info({ ...fields, reason }, 'recap stopped: the period was closed while it was posting');
  return { kind: 'cancelled', reason };
}
