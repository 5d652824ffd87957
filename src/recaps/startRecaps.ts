import { hostname } from 'node:os';
import { PermissionFlagsBits, type Client } from 'discord.js';
import type { FactStore } from '../facts/factStore';
import type { ChartRenderer } from '../charts/chartRenderer';
import type { Logger } from '../logger';
import type { RecapMetrics } from '../operations/metrics';
import { fitReply } from '../render/fitReply';
import type { Reply } from '../reply';
import { startRecapScheduler } from '../schedule/recapScheduler';
import { postRecapOccurrence, runDueRecaps, type RecapRunnerDeps } from '../schedule/runDueRecaps';
import { subscriptionStatus } from '../schedule/subscriptionStatus';
import type { StateStore } from '../state/stateStore';
import { composeRecap } from './composeRecap';
import { createPostedMessageFinder } from './createPostedMessageFinder';
import { createRecapPoster } from './createRecapPoster';
import type { ChannelCheck, RecapAdmin } from './recapAdmin';

export interface RecapsOptions {
  readonly state: StateStore;
  readonly client: Client<true>;
  readonly store: FactStore;
  readonly staleAfterDays: number;
  readonly graceHours: number;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly metrics?: RecapMetrics;
  /** Draws the card's chart; without it the card goes without one. */
  readonly charts?: Pick<ChartRenderer, 'pngs'>;
  /** Whether this process posts a server's scheduled recaps (it holds the server's shard); default every server. */
  readonly holdsGuild?: (guildId: string) => boolean;
}

export interface Recaps {
  readonly admin: RecapAdmin;
  /** Stops the minute tick and waits for a running fan-out to finish. */
  stop(): Promise<void>;
}

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

const NO_HISTORY_ADVICE =
  'Tip: also grant me Read Message History there. After a long outage I then check the channel before re-sending a recap that may already have arrived, so it does not appear twice.';
const NO_ATTACH_ADVICE =
  'Tip: also grant me Attach Files there, so the recap card carries its chart; without it the card goes without one.';

/**
 * The recap parts for "now": composed once per snapshot and day and shared by
 * every channel of a fan-out (the staleness line changes with the day).
 */
function memoizedRecap(store: FactStore, staleAfterDays: number, clock: () => Date): () => readonly Reply[] {
  let cached: { key: string; parts: readonly Reply[] } | undefined;
  return () => {
    const snapshot = store.latest();
    const now = clock();
    const key = `${snapshot.contentHash}:${now.toISOString().slice(0, 10)}`;
    if (cached?.key !== key) cached = { key, parts: fitReply(composeRecap(snapshot, now, staleAfterDays)) };
    return cached.parts;
  };
}

/** Wires the scheduler core to Discord: the poster, channel checks and the minute tick. */
export function startRecaps(options: RecapsOptions): Recaps {
  const { state, client, logger, clock } = options;
  const recap = memoizedRecap(options.store, options.staleAfterDays, clock);
  const drawer = options.charts;
  const log = logger.child({ part: 'recaps' });
  const deps: RecapRunnerDeps<Reply> = {
    state,
    owner: `${hostname()}:${process.pid}`,
    composeRecap: recap,
    postMessage: createRecapPoster(
      client.rest,
      drawer && {
        draw: (charts) => drawer.pngs(charts),
        failed: (error) => log.warn({ err: error }, "the recap card's chart could not be drawn; it is posted without it"),
      },
    ),
    findPostedMessages: createPostedMessageFinder(client.rest, client.user.id),
    logger: log,
    clock,
    graceHours: options.graceHours,
    contentKey: () => options.store.latest().contentHash,
    skipRepeatedContent: true,
    ...(options.holdsGuild !== undefined && { holdsGuild: options.holdsGuild }),
  };

  async function checkChannel(guildId: string, channelId: string): Promise<ChannelCheck> {
    const channel = await client.channels.fetch(channelId).catch(() => null);
    if (channel === null || channel.isDMBased() || channel.guildId !== guildId) {
      return { ok: false, reason: 'I cannot see that channel in this server.' };
    }
    if (!channel.isSendable()) return { ok: false, reason: 'it is not a channel messages can be posted in.' };
    const permissions = channel.permissionsFor(client.user);
    const missing = NEEDED.filter(([flag]) => !permissions?.has(flag)).map(([, name]) => name);
    if (missing.length > 0)
      return { ok: false, reason: `I am missing ${missing.join(', ')} there. Grant them to my role in that channel and try again.` };
    const advice = [
      ...(permissions?.has(PermissionFlagsBits.ReadMessageHistory) !== true ? [NO_HISTORY_ADVICE] : []),
      ...(permissions?.has(PermissionFlagsBits.AttachFiles) !== true ? [NO_ATTACH_ADVICE] : []),
    ];
    if (advice.length > 0) return { ok: true, advice: advice.join('\n') };
    return { ok: true };
  }

  const admin: RecapAdmin = {
    checkChannel,
    async setSchedule(subscription, now) {
      await state.subscriptions.save(subscription, now);
      scheduler.refresh();
    },
    turnOff: (guildId, now) => state.subscriptions.removeGuild(guildId, now, 'recaps were turned off'),
    status: (guildId, now) => subscriptionStatus(state, guildId, now),
    async postNow(guildId, now) {
      const subscription = await state.subscriptions.get(guildId);
      if (subscription === undefined) return { ok: false, reason: 'no recap channel is set; use /recaps set first.' };
      // Each post-now is its own period (to the millisecond), so it neither replaces nor blocks the
      // scheduled post, and it is recorded for /recaps status. No tick visits a manual period, so it
      // gets one attempt; the moderator decides whether to run it again.
      const period = `manual-${now.toISOString()}`;
      const outcome = await postRecapOccurrence({ ...deps, maxAttempts: 1, skipRepeatedContent: false }, subscription, { at: now, period });
      if (outcome.kind === 'posted' || outcome.kind === 'failed') options.metrics?.recapPosts(outcome.kind, 1);
      else if (outcome.kind === 'retrying') options.metrics?.recapPosts('retried', 1);
      switch (outcome.kind) {
        case 'posted':
          return { ok: true, channelId: subscription.channelId, messageIds: outcome.messageIds };
        case 'failed':
        case 'retrying': {
          const row = await state.ledger.get({ guildId, channelId: subscription.channelId, period });
          const posted = row?.partsPosted ?? 0;
          return {
            ok: false,
            reason: `${outcome.error} (${posted} of ${recap().length} messages were posted). Run /recaps post-now again to retry.`,
          };
        }
        case 'cancelled':
          return { ok: false, reason: `${outcome.reason}, so the post stopped; check /recaps status.` };
        default:
          return { ok: false, reason: 'another post to this channel is under way; check /recaps status.' };
      }
    },
  };

  const tick = async (now: Date) => {
    const summary = await runDueRecaps(deps, now);
    const { metrics } = options;
    if (metrics !== undefined) {
      metrics.recapPosts('posted', summary.posted);
      metrics.recapPosts('failed', summary.failed);
      metrics.recapPosts('retried', summary.retried);
      metrics.recapPosts('skipped', summary.skipped);
      metrics.recapPosts('error', summary.errors);
    }
    const busy = Object.values(summary).some((n) => n > 0);
    log[busy ? 'info' : 'debug']({ ...summary, at: now.toISOString() }, 'recap tick');
  };
  const scheduler = startRecapScheduler({ tick, clock, logger: deps.logger, hasSchedules: () => state.subscriptions.any() });
  return {
    admin,
    stop: () => scheduler.stop(),
  };
}
