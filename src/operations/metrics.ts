import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * How an interaction ended for the member: the command's answer, a refusal on
 * our side that they can act on (an unknown command, an expired control, the
 * state database busy), or a failure with a ref.
 */
export type InteractionOutcome = 'answered' | 'refused' | 'failed';

/** What the interaction router reports. */
export interface InteractionMetrics {
  /** `command` is a command name; anything not among the bot's commands is counted as "unknown". */
  interaction(command: string, outcome: InteractionOutcome, seconds: number, deferred: boolean): void;
  autocomplete(command: string, seconds: number): void;
}

/** How one recap period ended, as the scheduler's run summary counts them. */
const RECAP_POST_OUTCOMES = ['posted', 'failed', 'retried', 'skipped', 'error'] as const;
export type RecapPostOutcome = (typeof RECAP_POST_OUTCOMES)[number];

export interface RecapMetrics {
  recapPosts(outcome: RecapPostOutcome, count: number): void;
}

const DATA_CHANGE_ACTIONS = ['publish', 'rollback', 'remove', 'reload'] as const;
export type DataChangeAction = (typeof DATA_CHANGE_ACTIONS)[number];
/** Done: the store serves the change. Refused: nothing changed, and the moderator was told why. Failed: an error with a ref. */
const DATA_CHANGE_OUTCOMES = ['done', 'refused', 'failed'] as const;
export type DataChangeOutcome = (typeof DATA_CHANGE_OUTCOMES)[number];

export interface DataChangeMetrics {
  dataChange(action: DataChangeAction, outcome: DataChangeOutcome): void;
}

/** One gateway shard this process holds, as readiness and the metrics read it. */
export interface ShardState {
  readonly id: number;
  readonly ready: boolean;
  /** discord.js's word for where the shard is: Ready, Connecting, Resuming, Disconnected… */
  readonly status: string;
  /** The last heartbeat's round trip; negative before the first. */
  readonly pingMs: number;
}

/** What the Discord shell reports: interactions and its REST traffic. */
export interface DiscordMetrics extends InteractionMetrics {
  /** Every REST response: a 429, and whether it answered a retried request. */
  restResponse(status: number, retries: number): void;
  /** discord.js held a request back to stay inside a rate limit. */
  rateLimitWait(): void;
}

export interface Metrics extends DiscordMetrics, RecapMetrics, DataChangeMetrics {
  readonly contentType: string;
  /** Everything in the Prometheus text format. */
  text(): Promise<string>;
}

export interface MetricsOptions {
  /** The only values the `command` label takes, besides "unknown": never user input. */
  readonly commandNames: Iterable<string>;
  /** The as-of date of the newest snapshot in service, read at every scrape; undefined while none is loaded yet. */
  readonly newestSnapshot: () => Date | undefined;
  /** Read at every scrape, so the figures are never older than the scrape. */
  readonly shards: () => Iterable<ShardState>;
  readonly clock: () => Date;
}

/** Up to Discord's 3 s window and past it, where a deferred answer ends. */
const INTERACTION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15];
/** Autocomplete has no deferral: past 3 s the member sees "Loading options failed". */
const AUTOCOMPLETE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3];

/**
 * The process's metrics in a registry of its own (not prom-client's global
 * one, so a test or a second bot in one process starts from zero), with
 * Node's default process metrics under their usual names so stock dashboards
 * read them.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const known = new Set(options.commandNames);
  const commandLabel = (name: string) => (known.has(name) ? name : 'unknown');
  const registers = [registry];

  const interactions = new Counter({
    name: 'briefing_desk_interactions_total',
    help: 'Slash commands and component clicks handled, by command and outcome (answered, refused, failed).',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const deferred = new Counter({
    name: 'briefing_desk_interactions_deferred_total',
    help: 'Interactions acknowledged first and answered by an edit: a slow handler, an attachment download or a private deferral.',
    labelNames: ['command'] as const,
    registers,
  });
  const interactionSeconds = new Histogram({
    name: 'briefing_desk_interaction_duration_seconds',
    help: 'From the interaction reaching the handler to its answer sent, by command.',
    labelNames: ['command'] as const,
    buckets: INTERACTION_BUCKETS,
    registers,
  });
  const autocompleteSeconds = new Histogram({
    name: 'briefing_desk_autocomplete_duration_seconds',
    help: 'From an autocomplete request reaching the handler to its choices sent, by command.',
    labelNames: ['command'] as const,
    buckets: AUTOCOMPLETE_BUCKETS,
    registers,
  });
  const recapPosts = new Counter({
    name: 'briefing_desk_recap_posts_total',
    help: 'Recap periods by outcome: posted, failed for good, retried later, skipped (missed or repeated data), error (subscription unreadable).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const rest429 = new Counter({
    name: 'briefing_desk_discord_rest_429_total',
    help: 'REST responses with status 429 (rate limited); discord.js waits and retries them.',
    registers,
  });
  const restRetries = new Counter({
    name: 'briefing_desk_discord_rest_retries_total',
    help: 'REST responses to a request discord.js sent again after a 5xx or a network error.',
    registers,
  });
  const rateLimitWaits = new Counter({
    name: 'briefing_desk_discord_rate_limit_waits_total',
    help: 'Requests discord.js held back to stay inside a rate limit.',
    registers,
  });
  const dataChanges = new Counter({
    name: 'briefing_desk_data_changes_total',
    help: 'Publishes, rollbacks, removals and DATA_DIR reloads by outcome (done, refused, failed).',
    labelNames: ['action', 'outcome'] as const,
    registers,
  });
  // Alerts on failures read increase() over a window, which needs the series to exist at zero before the first one.
  for (const outcome of RECAP_POST_OUTCOMES) recapPosts.inc({ outcome }, 0);
  for (const action of DATA_CHANGE_ACTIONS) for (const outcome of DATA_CHANGE_OUTCOMES) dataChanges.inc({ action, outcome }, 0);

  new Gauge({
    name: 'briefing_desk_snapshot_age_seconds',
    help: 'Seconds from the as-of date of the newest snapshot in service to now.',
    registers,
    collect() {
      this.reset();
      const newest = options.newestSnapshot();
      if (newest !== undefined) this.set((options.clock().getTime() - newest.getTime()) / 1000);
    },
  });

  new Gauge({
    name: 'briefing_desk_shard_ready',
    help: 'Per gateway shard this process holds: 1 when ready, 0 otherwise (connecting, resuming, disconnected).',
    labelNames: ['shard'] as const,
    registers,
    collect() {
      this.reset();
      for (const shard of options.shards()) this.set({ shard: String(shard.id) }, shard.ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'briefing_desk_shard_heartbeat_seconds',
    help: "Per gateway shard: the last heartbeat's round trip to Discord.",
    labelNames: ['shard'] as const,
    registers,
    collect() {
      this.reset();
      for (const shard of options.shards()) if (shard.pingMs >= 0) this.set({ shard: String(shard.id) }, shard.pingMs / 1000);
    },
  });

  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    interaction(command, outcome, seconds, wasDeferred) {
      const label = commandLabel(command);
      interactions.inc({ command: label, outcome });
      interactionSeconds.observe({ command: label }, seconds);
      if (wasDeferred) deferred.inc({ command: label });
    },
    autocomplete(command, seconds) {
      autocompleteSeconds.observe({ command: commandLabel(command) }, seconds);
    },
    recapPosts(outcome, count) {
      if (count > 0) recapPosts.inc({ outcome }, count);
    },
    restResponse(status, retries) {
      if (status === 429) rest429.inc();
      if (retries > 0) restRetries.inc();
    },
    rateLimitWait: () => rateLimitWaits.inc(),
    dataChange(action, outcome) {
      dataChanges.inc({ action, outcome });
    },
  };
}
