import type { FactStore } from '../facts/factStore';
import type { StateDb } from '../schedule/openStateDb';
import type { ShardState } from './metrics';

/**
 * What readiness depends on, filled in as start-up reaches each part: the
 * state database and the store once opened, the shards once the client exists,
 * and `stopping` the moment shutdown begins.
 */
export interface Watched {
  stopping: boolean;
  db?: StateDb;
  store?: FactStore;
  shards?: () => readonly ShardState[];
}

/**
 * Why this process cannot serve members now, or undefined when it can: every
 * shard it holds is ready, a snapshot is loaded, and the state database
 * answers a query.
 */
export function readinessProblem(watched: Watched): string | undefined {
  if (watched.stopping) return 'shutting down';
  if (watched.db === undefined || watched.store === undefined) return 'still opening the state database and loading the data';
  const shards = watched.shards?.() ?? [];
  if (shards.length === 0) return 'not connected to Discord yet';
  const waiting = shards.filter((shard) => !shard.ready);
  if (waiting.length > 0) return waiting.map((shard) => `shard ${shard.id} is ${shard.status}`).join('; ');
  if (watched.store.all().length === 0) return 'no snapshot is loaded';
  try {
    watched.db.prepare('SELECT 1').get();
  } catch (error) {
    return `the state database does not answer: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}
