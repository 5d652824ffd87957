import { buildSnapshot } from '../facts/buildSnapshot';
import { FactStore } from '../facts/factStore';
import { formatDataError } from '../facts/formatDataError';
import { loadDataDirFolders } from '../facts/loadDataDir';
import type { SnapshotFolder } from '../facts/loadSnapshot';
import type { LoadResult } from '../facts/loadResult';
import type { DataError, Snapshot } from '../facts/snapshot';
import type { Logger } from '../logger';
import { StateDbBusyError } from '../schedule/openStateDb';
import { StateDbUnavailableError } from '../state/connectionHealth';
import type { StateAccess, StateStore } from '../state/stateStore';
import { countsOf, type Actor, type SnapshotCounts } from './dataModeration';
import type { InService, VersionText } from './snapshotVersions';

/**
 * The published data as the state database holds it, turned into Snapshots
 * for the FactStore, and `DATA_DIR` brought into it: at start-up (seeding an
 * empty database) and on every reload, a folder whose content changed since
 * it was last imported becomes a new version in service.
 */

/** The first 12 hex digits of a content hash: enough to tell versions apart in a log line. */
export function shortHash(contentHash: string): string {
  return contentHash.slice(0, 12);
}

function cacheKey(asOf: string, contentHash: string): string {
  return `${asOf}\n${contentHash}`;
}

/** Snapshots not in service kept built beyond those in service (a draft about to be published, a rollback's target). */
const EXTRA_CACHED = 8;

/**
 * Snapshots already built, by date and content hash: the same content is
 * validated once, however often the store is rebuilt around it.
 */
export class SnapshotCache {
  private readonly built = new Map<string, Snapshot>();
  private kept = new Set<string>();

  constructor(inService: readonly Snapshot[] = []) {
    this.keepOnly(inService);
  }

  get(asOf: string, contentHash: string): Snapshot | undefined {
    return this.built.get(cacheKey(asOf, contentHash));
  }

  /** Keeps the object already cached for the same content, so the store goes on serving the very snapshot it had. */
  add(snapshot: Snapshot): void {
    const key = cacheKey(snapshot.asOf, snapshot.contentHash);
    const known = this.built.get(key);
    this.built.delete(key);
    this.built.set(key, known ?? snapshot);
    const extra = [...this.built.keys()].filter((k) => !this.kept.has(k));
    for (const old of extra.slice(0, Math.max(0, extra.length - EXTRA_CACHED))) this.built.delete(old);
  }

  /** After a swap: what is in service stays cached for good; everything else goes. */
  keepOnly(inService: readonly Snapshot[]): void {
    this.kept = new Set(inService.map((s) => cacheKey(s.asOf, s.contentHash)));
    this.built.clear();
    for (const snapshot of inService) this.built.set(cacheKey(snapshot.asOf, snapshot.contentHash), snapshot);
  }
}

/** A stored version validated as a folder named by its date would be, its files named `<asOf> version <n>/…`. */
export function buildVersion(text: VersionText): LoadResult<Snapshot> {
  const folder = `${text.asOf} version ${text.version}`;
  return buildSnapshot({
    folderName: text.asOf,
    folderDisplay: folder,
    figures: { display: `${folder}/figures.json`, text: text.figures },
    ...(text.narrative === undefined ? {} : { narrative: { display: `${folder}/narrative.md`, text: text.narrative } }),
    contentHash: text.contentHash,
  });
}

/**
 * What is in service, read in one transaction: the versions, the snapshots
 * already built for them (taken from the cache now, since building the others
 * may evict them), and the text of the rest.
 */
export interface ServiceState {
  readonly inService: readonly InService[];
  readonly built: ReadonlyMap<string, Snapshot>;
  readonly texts: readonly VersionText[];
}

/** Call inside the transaction that changed what is in service, so the state read is the one it committed. */
export async function readServiceState(state: StateAccess, cache: SnapshotCache): Promise<ServiceState> {
  const inService = await state.versions.listInService();
  const built = new Map<string, Snapshot>();
  const texts: VersionText[] = [];
  for (const row of inService) {
    const cached = cache.get(row.asOf, row.contentHash);
    if (cached !== undefined) built.set(cacheKey(row.asOf, row.contentHash), cached);
    else {
      const text = await state.versions.text(row.asOf, row.version);
      if (text !== undefined) texts.push(text);
    }
  }
  return { inService, built, texts };
}

/**
 * The Snapshots of a service state, one per version in service that loads,
 * already built or built now (and cached), and every problem of every version
 * that does not. A version in service that yields no snapshot is an error,
 * never a date silently left out.
 */
export function snapshotsOf(state: ServiceState, cache: SnapshotCache): { snapshots: readonly Snapshot[]; errors: readonly DataError[] } {
  const errors: DataError[] = [];
  const built = new Map(state.built);
  for (const text of state.texts) {
    const result = buildVersion(text);
    if (result.ok) {
      cache.add(result.value);
      built.set(cacheKey(text.asOf, text.contentHash), result.value);
    } else errors.push(...result.errors);
  }
  const snapshots: Snapshot[] = [];
  for (const row of state.inService) {
    const snapshot = built.get(cacheKey(row.asOf, row.contentHash));
    if (snapshot !== undefined) snapshots.push(snapshot);
    else if (!errors.some((e) => e.file.startsWith(`${row.asOf} version ${row.version}/`)))
      errors.push({ file: 'state database', message: `${row.asOf} version ${row.version} is in service, but its text could not be read` });
  }
  if (snapshots.length === 0 && errors.length === 0) errors.push({ file: 'state database', message: 'no snapshot is in service' });
  return { snapshots, errors };
}

/** All of a service state, or nothing: what a change swaps in, so members never see part of it. */
export function allSnapshotsOf(state: ServiceState, cache: SnapshotCache): LoadResult<readonly Snapshot[]> {
  const { snapshots, errors } = snapshotsOf(state, cache);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: snapshots };
}

/** A `DATA_DIR` folder that became the version in service of its date. */
export interface FolderImport {
  readonly asOf: string;
  readonly version: number;
  readonly contentHash: string;
  readonly counts: SnapshotCounts;
  readonly previousVersion?: number;
  readonly snapshot: Snapshot;
}

/**
 * Inside a write transaction: every folder whose content differs from what
 * it held when last imported becomes the next version of its date, in
 * service, each with an audit row; a folder equal to what is in service is
 * only marked imported. A reload that changed nothing is audited too.
 */
export async function importChangedFolders(
  state: StateAccess,
  folders: readonly SnapshotFolder[],
  actor: Actor,
  now: Date,
): Promise<FolderImport[]> {
  const imports: FolderImport[] = [];
  for (const { snapshot, figures, narrative } of folders) {
    const { asOf, contentHash } = snapshot;
    if ((await state.versions.lastFolderImport(asOf)) === contentHash) continue;
    await state.versions.recordFolderImport(asOf, contentHash, now);
    const current = await state.versions.inServiceFor(asOf);
    if (current?.contentHash === contentHash) continue;
    const counts = countsOf(snapshot);
    const version = await state.versions.add(
      { asOf, figures, ...(narrative === undefined ? {} : { narrative }), contentHash, counts, origin: 'data-dir', createdBy: actor },
      now,
    );
    await state.versions.putInService(asOf, version, actor, now);
    const previous = current === undefined ? {} : { previousVersion: current.version };
    await state.audit.record({
      at: now,
      actor,
      action: 'reload',
      asOf,
      version,
      contentHash,
      counts,
      outcome: 'ok',
      detail: `the DATA_DIR folder changed since it was last imported; version ${version} is in service`,
    });
    imports.push({ asOf, version, contentHash, counts, ...previous, snapshot });
  }
  // A restart is not a reload anyone asked for: one that changed nothing would only crowd the audit.
  if (imports.length === 0 && actor !== 'start-up') {
    await state.audit.record({
      at: now,
      actor,
      action: 'reload',
      outcome: 'ok',
      detail: 'no DATA_DIR folder changed since it was last imported',
    });
  }
  return imports;
}

/** A sentence for the audit: how many problems DATA_DIR has, and the first. */
export function refusedDetail(errors: readonly DataError[]): string {
  const first = errors[0];
  return `DATA_DIR refused, nothing changed: ${errors.length} problem(s)${first === undefined ? '' : `, first: ${formatDataError(first)}`}`;
}

/** Start-up answers nobody yet, so it may wait as long as another process's start-up takes to import DATA_DIR. */
const STARTUP_STATE_WAIT_MS = 10_000;

/** `work` (one transaction), tried again while another process holds the state's lock, up to STARTUP_STATE_WAIT_MS in all. */
async function patiently<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STARTUP_STATE_WAIT_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StateDbBusyError) || Date.now() >= deadline) throw error;
    }
  }
}

export interface PublishedDataOptions {
  readonly state: StateStore;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export type PublishedData =
  | { readonly ok: true; readonly store: FactStore; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly lines: readonly string[] };

/**
 * Start-up: brings changed `DATA_DIR` folders into the state database (an
 * empty one is seeded, each folder becoming version 1), then builds the
 * FactStore from what is in service there. A broken `DATA_DIR` stops
 * start-up only when nothing is stored; otherwise the stored versions serve
 * and `warnings` (already logged) say why the folders were not read.
 * Another process starting on the same state at the same time is waited for
 * (up to STARTUP_STATE_WAIT_MS), and then finds the folders already imported.
 */
export async function openPublishedData(options: PublishedDataOptions): Promise<PublishedData> {
  try {
    return await openPublished(options);
  } catch (error) {
    if (error instanceof StateDbBusyError || error instanceof StateDbUnavailableError) {
      return { ok: false, lines: [`The state database: ${error.message}`] };
    }
    throw error;
  }
}

async function openPublished(options: PublishedDataOptions): Promise<PublishedData> {
  const { state: stateStore, dataDir, logger, clock } = options;
  const actor = 'start-up';
  const folders = await loadDataDirFolders(dataDir);
  const now = clock();
  const cache = new SnapshotCache();
  let warnings: string[] = [];
  let state: ServiceState;
  if (!folders.ok) {
    const lines = [`The data in ${dataDir} has ${folders.errors.length} problem(s):`, ...folders.errors.map(formatDataError)];
    if (!(await stateStore.versions.any())) return { ok: false, lines };
    warnings = [...lines, 'Serving the versions stored in the state database instead.'];
    state = await patiently(() =>
      stateStore.transaction(async (tx) => {
        await tx.audit.record({ at: now, actor, action: 'reload', outcome: 'refused', detail: refusedDetail(folders.errors) });
        return readServiceState(tx, cache);
      }),
    );
    logger.warn({ actor, errors: folders.errors.map(formatDataError) }, 'DATA_DIR refused at start-up; serving the stored versions');
  } else {
    for (const folder of folders.value) cache.add(folder.snapshot);
    const imported = await patiently(() =>
      stateStore.transaction(async (tx) => {
        const imports = await importChangedFolders(tx, folders.value, actor, now);
        return { imports, state: await readServiceState(tx, cache) };
      }),
    );
    state = imported.state;
    for (const change of imported.imports) {
      logger.info(
        { actor, action: 'reload', asOf: change.asOf, version: change.version, hash: shortHash(change.contentHash), counts: change.counts },
        'DATA_DIR folder imported',
      );
    }
  }
  const { snapshots, errors } = snapshotsOf(state, cache);
  const problems = [`The versions in service in the state database have ${errors.length} problem(s):`, ...errors.map(formatDataError)];
  if (snapshots.length === 0) return { ok: false, lines: problems };
  if (errors.length > 0) {
    // A version this build no longer accepts must not keep every other date from being served; /data rollback or a changed folder replaces it.
    warnings = [...warnings, ...problems, 'Serving the other dates; the dates above are left out until a version of them loads.'];
    logger.error({ errors: errors.map(formatDataError) }, 'versions in service do not load; serving the other dates');
  }
  const store = new FactStore(snapshots, clock);
  logger.info({ snapshots: store.dates(), figures: store.latest().figures.length }, 'data loaded');
  return { ok: true, store, warnings };
}
