import { diffSnapshots } from '../facts/diffSnapshots';
import type { FactStore, ReloadOutcome } from '../facts/factStore';
import { formatDataError } from '../facts/formatDataError';
import { formatDiff } from '../facts/formatDiff';
import { loadDataDirFolders } from '../facts/loadDataDir';
import { isCalendarDate } from '../facts/period';
import type { LoadResult } from '../facts/loadResult';
import type { DataError, Snapshot } from '../facts/snapshot';
import type { Logger } from '../logger';
import type { DataChangeAction, DataChangeMetrics } from '../operations/metrics';
import { StateDbBusyError } from '../schedule/openStateDb';
import { StateDbUnavailableError } from '../state/connectionHealth';
import type { StateAccess, StateStore } from '../state/stateStore';
import type { NewAuditEntry } from './dataAudit';
import { draftRefusal, type StoredDraft } from './dataDrafts';
import type {
  Actor,
  ChangeOutcome,
  ChangePlan,
  DataFile,
  DataDirReload,
  DataModeration,
  DiscardOutcome,
  DraftFilesOutcome,
  DraftRefusal,
  DraftReview,
  ExportOutcome,
  HistoryOutcome,
  ImportOutcome,
  ImportRequest,
  PublishOutcome,
  SnapshotCounts,
  VersionChange,
  VersionSummary,
} from './dataModeration';
import {
  buildVersion,
  importChangedFolders,
  readServiceState,
  refusedDetail,
  shortHash,
  SnapshotCache,
  allSnapshotsOf,
  type FolderImport,
  type ServiceState,
} from './publishedData';

const BUSY_PROBLEM = 'the state database is busy (another process is writing to it); nothing changed, so try again in a moment';
const UNAVAILABLE_PROBLEM = 'the state database cannot be reached right now; try again in a minute (/data history shows what was saved)';

export interface DataDeskOptions {
  readonly state: StateStore;
  /** Built by openPublishedData from the same state. */
  readonly store: FactStore;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly metrics?: DataChangeMetrics;
}

/** How often a desk compares what it serves with what is in service: the fallback when no notification came (SQLite, a lost connection). */
export const SERVICE_CHECK_MS = 30_000;

/** The desk, and the step that follows changes made by other processes. */
export interface DataDesk extends DataModeration {
  /**
   * Serves what is in service now, if another process changed it: one read
   * when nothing changed. True when the store was swapped.
   */
  catchUp(): Promise<boolean>;
}

/** `${asOf} ${contentHash}` of each date, sorted: two processes serving the same set serve the same data. */
function servedKey(snapshots: readonly { readonly asOf: string; readonly contentHash: string }[]): string {
  return snapshots
    .map((s) => `${s.asOf} ${s.contentHash}`)
    .sort()
    .join('\n');
}

function refusalDetail(refusal: DraftRefusal): string {
  switch (refusal.reason) {
    case 'missing':
      return 'no such draft';
    case 'expired':
      return `the draft expired at ${refusal.expiredAt.toISOString()}`;
    case 'published':
      return `the draft was already published as version ${refusal.version} by ${refusal.by}`;
    case 'discarded':
      return `the draft was discarded by ${refusal.by}`;
    case 'not-owner':
      return `the draft belongs to ${refusal.owner}`;
    case 'invalid':
      return `the draft has ${refusal.errors} validation error(s)`;
    case 'unchanged':
      return `the draft is identical to version ${refusal.version}, in service`;
    case 'changed':
      return `${refusal.asOf} changed since the review (${refusal.version === undefined ? 'now out of service' : `version ${refusal.version} is in service`})`;
    case 'busy':
      return 'the state database was busy';
    case 'unreachable':
      return 'the state database could not be reached';
  }
}

function draftFilesOf(draft: { readonly figures: string; readonly narrative?: string }): DataFile[] {
  return [
    { name: 'figures.json', text: draft.figures },
    ...(draft.narrative === undefined ? [] : [{ name: 'narrative.md', text: draft.narrative }]),
  ];
}

/**
 * The data moderation desk over the state store and the in-memory store.
 * Every change is serialised in this process and made in one state
 * transaction (on SQLite waiting asynchronously for another process's lock),
 * with its audit row; only after the commit is the store swapped to what is then in
 * service. A snapshot is validated before its transaction, so one the loader
 * rejects is never stored.
 */
export function createDataDesk(options: DataDeskOptions): DataDesk {
  const { state, store, dataDir, logger, clock, metrics } = options;
  const cache = new SnapshotCache(store.all());
  let queue: Promise<unknown> = Promise.resolve();

  /** One change at a time, in the order asked for. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }

  /** A change in turn, counted by how it ended: done, refused with a reason, or thrown (answered with a ref). */
  function change<T extends { readonly ok: boolean }>(action: DataChangeAction, work: () => Promise<T>): Promise<T> {
    const run = serial(work);
    if (metrics === undefined) return run;
    run.then(
      (outcome) => metrics.dataChange(action, outcome.ok ? 'done' : 'refused'),
      () => metrics.dataChange(action, 'failed'),
    );
    return run;
  }

  function write<T>(work: (tx: StateAccess) => Promise<T>): Promise<T> {
    return state.transaction(work);
  }

  /** Records a refusal; a busy database only loses the record, never the answer. */
  async function auditRefusal(entry: Omit<NewAuditEntry, 'outcome' | 'at'>, log: Record<string, unknown>): Promise<void> {
    logger.warn({ ...log, actor: entry.actor, action: entry.action, asOf: entry.asOf }, `data ${entry.action} refused`);
    try {
      await state.audit.record({ ...entry, at: clock(), outcome: 'refused' });
    } catch (error) {
      if (!(error instanceof StateDbBusyError)) throw error;
    }
  }

  function logChange(
    actor: Actor,
    action: string,
    change: { asOf: string; version: number; contentHash: string },
    counts?: SnapshotCounts,
  ) {
    logger.info(
      {
        actor,
        action,
        asOf: change.asOf,
        version: change.version,
        hash: shortHash(change.contentHash),
        ...(counts === undefined ? {} : { counts }),
      },
      `data ${action}`,
    );
  }

  /** Why a committed change is not what this process serves, for its answer; empty when it is. */
  function notServed(outcome: ReloadOutcome): { notServed?: string } {
    if (outcome.ok) return {};
    const first = outcome.errors[0];
    return {
      notServed: `${outcome.errors.length} problem(s) in the versions in service${first === undefined ? '' : `, first: ${formatDataError(first)}`}`,
    };
  }

  /** Swaps the store to `state` (committed); the outcome's diff is the store's. */
  async function swapTo(state: ServiceState) {
    // The commit, a rebuild and the diffs are each long at 100× the shipped data: members' interactions get the loop in between.
    await yieldToLoop();
    const snapshots = allSnapshotsOf(state, cache);
    await yieldToLoop();
    const outcome = await store.reload(() => Promise.resolve(snapshots));
    if (outcome.ok) cache.keepOnly(store.all());
    else
      logger.error({ errors: outcome.errors.map(formatDataError) }, 'a version in service does not load; still serving the previous data');
    return outcome;
  }

  /** What the date served before a change, else the latest snapshot: what a change is compared with. */
  function servedBefore(asOf: string): Snapshot {
    return store.all().find((s) => s.asOf === asOf) ?? store.latest();
  }

  /** The snapshot of a stored version: cached, or built from its text (undefined when it is not stored or does not load). */
  async function snapshotOfVersion(access: StateAccess, asOf: string, version: number, contentHash: string): Promise<Snapshot | undefined> {
    const cached = cache.get(asOf, contentHash);
    if (cached !== undefined) return cached;
    const text = await access.versions.text(asOf, version);
    if (text === undefined) return undefined;
    const built = buildVersion(text);
    if (!built.ok) return undefined;
    cache.add(built.value);
    return built.value;
  }

  /** The draft's snapshot, validated again unless this process already built the same content. */
  function draftSnapshot(draft: StoredDraft): LoadResult<Snapshot> {
    const cached = cache.get(draft.asOf, draft.contentHash);
    if (cached !== undefined) return { ok: true, value: cached };
    return buildVersion({
      asOf: draft.asOf,
      version: 0,
      contentHash: draft.contentHash,
      figures: draft.figures,
      ...(draft.narrative === undefined ? {} : { narrative: draft.narrative }),
    });
  }

  async function reviewOf(tx: StateAccess, draft: StoredDraft, snapshot: Snapshot | undefined): Promise<DraftReview> {
    const sameDate = await tx.versions.inServiceFor(draft.asOf);
    const latest = (await tx.versions.listInService()).at(-1);
    const compared = sameDate ?? latest;
    const before = compared === undefined ? undefined : await snapshotOfVersion(tx, compared.asOf, compared.version, compared.contentHash);
    return {
      draftId: draft.id,
      kind: draft.kind,
      fileName: draft.fileName,
      asOf: draft.asOf,
      ...(draft.findings.asOfReason === undefined ? {} : { asOfReason: draft.findings.asOfReason }),
      expiresAt: draft.expiresAt,
      counts: draft.findings.counts,
      contentHash: draft.contentHash,
      errors: draft.findings.errors,
      unresolved: draft.findings.unresolved,
      ...(compared === undefined
        ? {}
        : { comparedWith: { asOf: compared.asOf, version: compared.version, sameDate: sameDate !== undefined } }),
      ...(snapshot !== undefined && before !== undefined ? { diff: diffSnapshots(before, snapshot) } : {}),
      unchanged: sameDate?.contentHash === draft.contentHash,
    };
  }

  async function importDraft(request: ImportRequest): Promise<ImportOutcome> {
    const { actor } = request;
    // The drafter loads with the first import, not at start-up: most days nobody imports, and the bot then holds none of it.
    const { prepareDraft } = await import('./draftImport');
    const prepared = prepareDraft(request, store.all());
    if (!prepared.ok) {
      await auditRefusal(
        {
          actor,
          action: 'import',
          ...(request.asOf !== undefined && isCalendarDate(request.asOf) ? { asOf: request.asOf } : {}),
          detail: prepared.problem,
        },
        { file: request.file.name },
      );
      return { ok: false, problem: prepared.problem };
    }
    const { snapshot, ...draft } = prepared.draft;
    if (snapshot !== undefined) cache.add(snapshot);
    const review = await write(async (tx) => {
      const now = clock();
      await tx.drafts.deleteStale(now);
      const against = (await tx.versions.inServiceFor(draft.asOf))?.version;
      const findings = { ...draft.findings, ...(against === undefined ? {} : { reviewedAgainst: against }) };
      const stored = await tx.drafts.save({ ...draft, findings, owner: actor }, now);
      const errors = stored.findings.errors.length;
      await tx.audit.record({
        at: now,
        actor,
        action: 'import',
        asOf: stored.asOf,
        contentHash: stored.contentHash,
        counts: stored.findings.counts,
        outcome: 'ok',
        detail: `draft ${stored.id} from ${stored.fileName}${errors === 0 ? '' : ` with ${errors} validation error(s)`}`,
      });
      return reviewOf(tx, stored, snapshot);
    });
    logger.info(
      {
        actor,
        action: 'import',
        file: draft.fileName,
        draft: review.draftId,
        asOf: review.asOf,
        hash: shortHash(review.contentHash),
        counts: review.counts,
        errors: review.errors.length,
      },
      'data draft imported',
    );
    return { ok: true, review };
  }

  async function publishDraft(draftId: string, actor: Actor): Promise<PublishOutcome> {
    const draft: StoredDraft | undefined = await state.drafts.get(draftId);
    const refuse = async (refusal: DraftRefusal): Promise<PublishOutcome> => {
      if (refusal.reason === 'busy' || refusal.reason === 'unreachable') {
        logger.warn({ actor, action: 'publish', draft: draftId }, `data publish refused: ${refusal.reason}`);
      } else
        await auditRefusal(
          { actor, action: 'publish', ...(draft === undefined ? {} : { asOf: draft.asOf }), detail: refusalDetail(refusal) },
          { draft: draftId, reason: refusal.reason },
        );
      return { ok: false, ...refusal };
    };
    const early = draftRefusal(draft, actor, clock(), true);
    if (early !== undefined || draft === undefined) return refuse(early ?? { reason: 'missing' });
    const built = draftSnapshot(draft);
    if (!built.ok) return refuse({ reason: 'invalid', errors: built.errors.length });
    const snapshot = built.value;
    // The closure below needs the draft narrowed to defined.
    const published = draft;
    let committed: { refusal: DraftRefusal } | { version: number; previousVersion?: number; state: ServiceState };
    try {
      committed = await write(async (tx) => {
        const now = clock();
        // Another process may have published or discarded it since it was read.
        const refusal = draftRefusal(await tx.drafts.get(draftId), actor, now, true);
        if (refusal !== undefined) return { refusal };
        const previous = await tx.versions.inServiceFor(published.asOf);
        if (previous?.version !== published.findings.reviewedAgainst) {
          return {
            refusal: { reason: 'changed' as const, asOf: published.asOf, ...(previous === undefined ? {} : { version: previous.version }) },
          };
        }
        if (previous?.contentHash === published.contentHash) {
          return { refusal: { reason: 'unchanged' as const, asOf: published.asOf, version: previous.version } };
        }
        const version = await tx.versions.add(
          {
            asOf: published.asOf,
            figures: published.figures,
            ...(published.narrative === undefined ? {} : { narrative: published.narrative }),
            contentHash: published.contentHash,
            counts: published.findings.counts,
            origin: 'import',
            createdBy: actor,
          },
          now,
        );
        await tx.versions.putInService(published.asOf, version, actor, now);
        await tx.drafts.markPublished(draftId, actor, version, now);
        await tx.audit.record({
          at: now,
          actor,
          action: 'publish',
          asOf: published.asOf,
          version,
          contentHash: published.contentHash,
          counts: published.findings.counts,
          outcome: 'ok',
          detail: `draft ${draftId} from ${published.fileName}`,
        });
        await tx.drafts.deleteStale(now);
        cache.add(snapshot);
        return {
          version,
          ...(previous === undefined ? {} : { previousVersion: previous.version }),
          state: await readServiceState(tx, cache),
        };
      });
    } catch (error) {
      if (error instanceof StateDbBusyError || error instanceof StateDbUnavailableError) return refuse(stateRefusal(error));
      throw error;
    }
    if ('refusal' in committed) return refuse(committed.refusal);
    const before = servedBefore(published.asOf);
    const swapped = await swapTo(committed.state);
    logChange(
      actor,
      'publish',
      { asOf: published.asOf, version: committed.version, contentHash: published.contentHash },
      published.findings.counts,
    );
    return {
      ok: true,
      asOf: published.asOf,
      version: committed.version,
      contentHash: published.contentHash,
      ...(committed.previousVersion === undefined ? {} : { previousVersion: committed.previousVersion }),
      diff: diffSnapshots(before, snapshot),
      ...notServed(swapped),
    };
  }

  async function draftFiles(draftId: string, actor: Actor): Promise<DraftFilesOutcome> {
    const draft = await state.drafts.get(draftId);
    const refusal = draftRefusal(draft, actor, clock(), false);
    if (refusal !== undefined || draft === undefined) return { ok: false, ...(refusal ?? { reason: 'missing' }) };
    return { ok: true, asOf: draft.asOf, files: draftFilesOf(draft) };
  }

  async function discardDraft(draftId: string, actor: Actor): Promise<DiscardOutcome> {
    const outcome: DiscardOutcome = await write(async (tx): Promise<DiscardOutcome> => {
      const now = clock();
      const draft = await tx.drafts.get(draftId);
      const refusal = draftRefusal(draft, actor, now, false);
      if (refusal !== undefined || draft === undefined) return { ok: false, ...(refusal ?? { reason: 'missing' }) };
      await tx.drafts.markDiscarded(draftId, actor, now);
      await tx.audit.record({
        at: now,
        actor,
        action: 'discard',
        asOf: draft.asOf,
        contentHash: draft.contentHash,
        counts: draft.findings.counts,
        outcome: 'ok',
        detail: `draft ${draftId} from ${draft.fileName}`,
      });
      await tx.drafts.deleteStale(now);
      return { ok: true, asOf: draft.asOf };
    });
    if (outcome.ok) logger.info({ actor, action: 'discard', draft: draftId, asOf: outcome.asOf }, 'data draft discarded');
    else await auditRefusal({ actor, action: 'discard', detail: refusalDetail(outcome) }, { draft: draftId, reason: outcome.reason });
    return outcome;
  }

  /** The latest date in service, for the commands whose date is optional. */
  async function latestInService(): Promise<string | undefined> {
    return (await state.versions.listInService()).at(-1)?.asOf;
  }

  async function exportSnapshot(asOf?: string): Promise<ExportOutcome> {
    return busyAsProblem(async (): Promise<ExportOutcome> => {
      const date = asOf ?? (await latestInService());
      if (date === undefined) return { ok: false, problem: 'no snapshot is in service' };
      const current = await state.versions.inServiceFor(date);
      if (current === undefined) return { ok: false, problem: await notInService(state, date) };
      const text = await state.versions.text(date, current.version);
      if (text === undefined) return { ok: false, problem: await notInService(state, date) };
      return { ok: true, asOf: date, version: current.version, contentHash: current.contentHash, files: draftFilesOf(text) };
    });
  }

  async function notInService(access: StateAccess, asOf: string): Promise<string> {
    return (await access.versions.list(asOf)).length === 0
      ? `no snapshot of ${asOf} is stored`
      : `${asOf} is out of service (removed); /data rollback ${asOf} puts a version of it back`;
  }

  async function history(asOf?: string): Promise<HistoryOutcome> {
    return busyAsProblem(async (): Promise<HistoryOutcome> => {
      const date = asOf ?? (await latestInService());
      if (date === undefined) return { ok: false, problem: 'no snapshot is in service' };
      const versions = await state.versions.list(date);
      if (versions.length === 0) return { ok: false, problem: `no snapshot of ${date} is stored` };
      return { ok: true, asOf: date, versions, audit: await state.audit.of(date) };
    });
  }

  /** The rollback `version` (or, without one, the newest kept version older than the one in service) would make. */
  async function rollbackPlan(asOf: string, version: number | undefined): Promise<ChangePlan> {
    const versions = await state.versions.list(asOf);
    if (versions.length === 0) return { ok: false, problem: `no snapshot of ${asOf} is stored` };
    const current = versions.find((v) => v.inService);
    let target: VersionSummary | undefined;
    if (version !== undefined) {
      target = versions.find((v) => v.version === version);
      if (target === undefined) {
        return { ok: false, problem: `${asOf} has no version ${version}; its versions are 1 to ${versions[0]?.version ?? 1}` };
      }
      if (target.inService) return { ok: false, problem: `version ${version} of ${asOf} is already in service` };
    } else {
      // Newest first: the first older than the current one, or the newest of a date out of service.
      target = current === undefined ? versions[0] : versions.find((v) => v.version < current.version);
      if (target === undefined) {
        return { ok: false, problem: `${asOf} has no version older than version ${current?.version ?? 0}, the one in service` };
      }
    }
    return { ok: true, asOf, ...(current === undefined ? {} : { current }), target };
  }

  async function removalPlan(access: StateAccess, asOf: string): Promise<ChangePlan> {
    const current = await access.versions.inServiceFor(asOf);
    if (current === undefined) return { ok: false, problem: await notInService(access, asOf) };
    if ((await access.versions.listInService()).length <= 1) {
      return {
        ok: false,
        problem: `${asOf} is the last snapshot in service, and members must always have one; publish another date first`,
      };
    }
    return { ok: true, asOf, current };
  }

  /** Refuses a confirmation pressed after someone else changed the date. */
  async function staleProblem(tx: StateAccess, asOf: string, expected: number | null): Promise<string | undefined> {
    const now = (await tx.versions.inServiceFor(asOf))?.version ?? null;
    if (now === expected) return undefined;
    const was = expected === null ? 'out of service' : `version ${expected}`;
    const is = now === null ? 'out of service' : `version ${now}`;
    return `${asOf} changed since this was planned (it was ${was}, it is now ${is}); nothing was done, so look again`;
  }

  /** The version a rollback puts back, built, or why it cannot be. */
  async function rollbackTarget(
    asOf: string,
    version: number,
  ): Promise<{ summary: VersionSummary; snapshot: Snapshot } | { problem: string }> {
    const plan = await rollbackPlan(asOf, version);
    if (!plan.ok) return { problem: plan.problem };
    if (plan.target === undefined) return { problem: `${asOf} has no version ${version}` };
    const snapshot = await snapshotOfVersion(state, asOf, version, plan.target.contentHash);
    if (snapshot === undefined) return { problem: `version ${version} of ${asOf} no longer passes the loader, so it cannot be put back` };
    return { summary: plan.target, snapshot };
  }

  async function rollback(asOf: string, version: number, expectedCurrent: number | null, actor: Actor): Promise<ChangeOutcome> {
    const refused = async (problem: string): Promise<ChangeOutcome> => {
      await auditRefusal({ actor, action: 'rollback', asOf, version, detail: problem }, {});
      return { ok: false, problem };
    };
    const target = await rollbackTarget(asOf, version);
    if ('problem' in target) return refused(target.problem);
    const { summary, snapshot } = target;
    const committed: { problem: string } | { state: ServiceState } = await write(async (tx) => {
      const stale = await staleProblem(tx, asOf, expectedCurrent);
      if (stale !== undefined) return { problem: stale };
      const now = clock();
      await tx.versions.putInService(asOf, version, actor, now);
      await tx.audit.record({
        at: now,
        actor,
        action: 'rollback',
        asOf,
        version,
        contentHash: summary.contentHash,
        counts: summary.counts,
        outcome: 'ok',
        detail: expectedCurrent === null ? `${asOf} is back in service` : `replaces version ${expectedCurrent}`,
      });
      return { state: await readServiceState(tx, cache) };
    });
    if ('problem' in committed) return refused(committed.problem);
    const before = servedBefore(asOf);
    const swapped = await swapTo(committed.state);
    logChange(actor, 'rollback', { asOf, version, contentHash: summary.contentHash }, summary.counts);
    const change: VersionChange = {
      asOf,
      version,
      contentHash: summary.contentHash,
      ...(expectedCurrent === null ? {} : { previousVersion: expectedCurrent }),
      diff: diffSnapshots(before, snapshot),
      ...notServed(swapped),
    };
    return { ok: true, action: 'rollback', ...change };
  }

  async function remove(asOf: string, expectedCurrent: number, actor: Actor): Promise<ChangeOutcome> {
    const committed: { problem: string } | { state: ServiceState; summary: VersionSummary } = await write(async (tx) => {
      const stale = await staleProblem(tx, asOf, expectedCurrent);
      if (stale !== undefined) return { problem: stale };
      const plan = await removalPlan(tx, asOf);
      if (!plan.ok || plan.current === undefined) return { problem: plan.ok ? await notInService(tx, asOf) : plan.problem };
      const now = clock();
      await tx.versions.takeOutOfService(asOf);
      await tx.audit.record({
        at: now,
        actor,
        action: 'remove',
        asOf,
        version: expectedCurrent,
        contentHash: plan.current.contentHash,
        counts: plan.current.counts,
        outcome: 'ok',
        detail: `${asOf} is out of service; its versions are kept`,
      });
      return { state: await readServiceState(tx, cache), summary: plan.current };
    });
    if ('problem' in committed) {
      await auditRefusal({ actor, action: 'remove', asOf, version: expectedCurrent, detail: committed.problem }, {});
      return { ok: false, problem: committed.problem };
    }
    const swapped = await swapTo(committed.state);
    logChange(actor, 'remove', { asOf, version: expectedCurrent, contentHash: committed.summary.contentHash }, committed.summary.counts);
    return { ok: true, action: 'remove', asOf, version: expectedCurrent, ...notServed(swapped) };
  }

  async function reload(actor: Actor): Promise<DataDirReload> {
    const folders = await loadDataDirFolders(dataDir);
    const refuse = async (errors: readonly DataError[]): Promise<DataDirReload> => {
      const outcome = await store.reload(() => Promise.resolve({ ok: false, errors }));
      return { ...outcome, imported: [] };
    };
    if (!folders.ok) {
      await auditRefusal(
        { actor, action: 'reload', detail: refusedDetail(folders.errors) },
        { errors: folders.errors.map(formatDataError) },
      );
      return refuse(folders.errors);
    }
    for (const folder of folders.value) cache.add(folder.snapshot);
    let committed: { imports: FolderImport[]; state: ServiceState };
    try {
      committed = await write(async (tx) => {
        const imports = await importChangedFolders(tx, folders.value, actor, clock());
        return { imports, state: await readServiceState(tx, cache) };
      });
    } catch (error) {
      if (error instanceof StateDbBusyError || error instanceof StateDbUnavailableError) {
        // Every reload leaves a line, this one too: a SIGHUP has no one else to tell.
        logger.warn({ actor, action: 'reload' }, `data reload refused: ${error instanceof StateDbBusyError ? 'busy' : 'unreachable'}`);
        return refuse([{ file: 'state database', message: error instanceof StateDbBusyError ? BUSY_PROBLEM : UNAVAILABLE_PROBLEM }]);
      }
      throw error;
    }
    await yieldToLoop();
    const imported = committed.imports.map((change): VersionChange => ({
      asOf: change.asOf,
      version: change.version,
      contentHash: change.contentHash,
      ...(change.previousVersion === undefined ? {} : { previousVersion: change.previousVersion }),
      diff: diffSnapshots(servedBefore(change.asOf), change.snapshot),
    }));
    const outcome = await swapTo(committed.state);
    for (const change of committed.imports) logChange(actor, 'reload', change, change.counts);
    if (outcome.ok) {
      // One line per reload whatever it brought, with what members now see changing, as the operator reads it after a SIGHUP.
      logger.info(
        { actor, action: 'reload', latest: store.latest().asOf, imported: imported.length, changes: formatDiff(outcome.diff) },
        'data reloaded',
      );
    }
    return { ...outcome, imported };
  }

  /** The service this process last failed to load, so a broken version is logged once, not at every check. */
  let refusedKey: string | undefined;

  async function catchUp(): Promise<boolean> {
    const inService = await state.versions.listInService();
    const key = servedKey(inService);
    if (key === servedKey(store.all()) || key === refusedKey) return false;
    const before = store.latest();
    const outcome = await swapTo(await readServiceState(state, cache));
    refusedKey = outcome.ok ? undefined : key;
    if (outcome.ok) {
      logger.info(
        {
          latest: store.latest().asOf,
          hash: shortHash(store.latest().contentHash),
          was: shortHash(before.contentHash),
          changes: formatDiff(outcome.diff),
        },
        'data changed by another process; now serving it',
      );
    }
    return outcome.ok;
  }

  return {
    catchUp: () => serial(catchUp),
    importDraft: (request) => serial(() => busyAsProblem(() => importDraft(request))),
    publishDraft: (draftId, actor) => change('publish', () => busyAsRefusal(() => publishDraft(draftId, actor))),
    draftFiles: (draftId, actor) => busyAsRefusal(() => draftFiles(draftId, actor)),
    discardDraft: (draftId, actor) => serial(() => busyAsRefusal(() => discardDraft(draftId, actor))),
    exportSnapshot,
    history,
    planRollback: (asOf, version) => busyAsProblem(() => rollbackPlan(asOf, version)),
    rollback: (asOf, version, expectedCurrent, actor) =>
      change('rollback', () => busyAsProblem(() => rollback(asOf, version, expectedCurrent, actor))),
    planRemove: (asOf) => busyAsProblem(() => removalPlan(state, asOf)),
    remove: (asOf, expectedCurrent, actor) => change('remove', () => busyAsProblem(() => remove(asOf, expectedCurrent, actor))),
    reload: (actor) => change('reload', () => reload(actor)),
  };
}

/** Lets queued I/O (interactions) run before the next long synchronous step. */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `work`, or the answer for a state database that stayed locked by another
 * process or cannot be reached: the one place either becomes an answer.
 */
async function unlessBusy<T, B>(work: () => Promise<T>, answer: (error: StateDbBusyError | StateDbUnavailableError) => B): Promise<T | B> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StateDbBusyError || error instanceof StateDbUnavailableError) return answer(error);
    throw error;
  }
}

/** For the steps that answer with a problem sentence. */
function busyAsProblem<T>(work: () => Promise<T>): Promise<T | { ok: false; problem: string }> {
  return unlessBusy(
    work,
    (error) => ({ ok: false, problem: error instanceof StateDbBusyError ? BUSY_PROBLEM : UNAVAILABLE_PROBLEM }) as const,
  );
}

/** Which of the two a draft's button is told: a lock clears in seconds, a lost database in a minute or more. */
function stateRefusal(error: StateDbBusyError | StateDbUnavailableError): { readonly reason: 'busy' | 'unreachable' } {
  return { reason: error instanceof StateDbBusyError ? 'busy' : 'unreachable' };
}

/** For the steps on a draft, whose buttons answer with a refusal. */
function busyAsRefusal<T>(work: () => Promise<T>): Promise<T | { ok: false; reason: 'busy' | 'unreachable' }> {
  return unlessBusy(work, (error) => ({ ok: false, ...stateRefusal(error) }) as const);
}

export interface FollowOptions {
  readonly state: Pick<StateStore, 'onServiceChange'>;
  readonly desk: Pick<DataDesk, 'catchUp'>;
  readonly logger: Pick<Logger, 'warn'>;
  readonly checkEveryMs?: number;
}

/**
 * Keeps this process serving what any process put in service: the desk
 * catches up on every notification of the state store and, as the fallback,
 * every `checkEveryMs`. Returns the stop.
 */
export function followServiceChanges(options: FollowOptions): () => void {
  const { state, desk, logger } = options;
  const check = (why: string) => () =>
    void desk
      .catchUp()
      .catch((error: unknown) => logger.warn({ err: error, why }, 'could not check what is in service; trying again later'));
  const unsubscribe = state.onServiceChange(check('notified'));
  const timer = setInterval(check('periodic check'), options.checkEveryMs ?? SERVICE_CHECK_MS);
  timer.unref();
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
