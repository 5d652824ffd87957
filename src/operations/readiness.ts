import type { FactStore } from '../facts/factStore';
import type { StateStore } from '../state/stateStore';
import type { ShardState } from './metrics';

/**
 * What readiness depends on, filled in as start-up reaches each part: the
 * state store and the fact store once opened, the shards once the client
 * exists, and `stopping` the moment shutdown begins.
 */
export interface Watched {
  stopping: boolean;
  state?: Pick<StateStore, 'ping'>;
  store?: FactStore;
  shards?: () => readonly ShardState[];
}

/** A probe answers in time even while the database hangs: a state that takes longer is reported as not answering. */
export const STATE_PING_TIMEOUT_MS = 1_000;

function pingWithin<T>(ping: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([ping, late]).finally(() => clearTimeout(timer));
}

/**
 * Why this process cannot serve members now, or undefined when it can: every
 * shard it holds is ready, a snapshot is loaded, and the state store answers
 * a query (on either engine).
 */
export async function readinessProblem(watched: Watched): Promise<string | undefined> {
  if (watched.stopping) return 'shutting down';
  if (watched.state === undefined || watched.store === undefined) return 'still opening the state database and loading the data';
  const shards = watched.shards?.() ?? [];
  if (shards.length === 0) return 'not connected to Discord yet';
  const waiting = shards.filter((shard) => !shard.ready);
  if (waiting.length > 0) return waiting.map((shard) => `shard ${shard.id} is ${shard.status}`).join('; ');
  if (watched.store.all().length === 0) return 'no snapshot is loaded';
  try {
    await pingWithin(watched.state.ping(), STATE_PING_TIMEOUT_MS);
  } catch (error) {
    return `the state database does not answer: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}
