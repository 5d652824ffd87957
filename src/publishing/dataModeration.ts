import type { UnresolvedNumber } from '../draft/draftFigure';
import type { SnapshotDiff } from '../facts/diffSnapshots';
import type { ReloadOutcome } from '../facts/factStore';
import type { DataError, Snapshot } from '../facts/snapshot';

/**
 * What data moderators do to the data every server is told, as the commands
 * see it: import a draft, review it, publish it, look back, roll back. The
 * state database holds every version and every step; the in-memory store
 * serves what is in service. Implemented by `createDataDesk`.
 */

/** Who did it: a Discord user id, or the operator's way in (`console`, `SIGHUP`, `start-up`). */
export type Actor = string;

/** How many figures, sources and narrative entries a snapshot holds. */
export interface SnapshotCounts {
  readonly figures: number;
  readonly sources: number;
  readonly narrative: number;
}

/** How a snapshot's size is told: figures, sources, narrative entries. */
export function countsOf(snapshot: Snapshot): SnapshotCounts {
  return { figures: snapshot.figures.length, sources: snapshot.sources.size, narrative: snapshot.narrative.length };
}

/** A file as it was uploaded (or read from a local path in the console): at most MAX_UPLOAD_BYTES. */
export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A file the bot hands back: a snapshot's figures.json or narrative.md, or a list of problems. */
export interface DataFile {
  readonly name: string;
  readonly text: string;
}

export interface ImportRequest {
  readonly actor: Actor;
  /** An article (.txt/.md, drafted) or a figures.json edited by hand. */
  readonly file: UploadedFile;
  /** The narrative.md that goes with a figures.json. */
  readonly narrative?: UploadedFile;
  /** YYYY-MM-DD; for an article, overrides the date the drafter would choose; for figures.json, must match its asOf. */
  readonly asOf?: string;
}

/** What the review shows a moderator before anyone else sees the data. */
export interface DraftReview {
  readonly draftId: string;
  readonly kind: 'article' | 'figures';
  /** The uploaded file's name, as given. */
  readonly fileName: string;
  readonly asOf: string;
  /** How the as-of date was chosen (article drafts), e.g. "the last date the article covers". */
  readonly asOfReason?: string;
  readonly expiresAt: Date;
  readonly counts: SnapshotCounts;
  readonly contentHash: string;
  /** Every validation error, located; a draft with any cannot be published. */
  readonly errors: readonly DataError[];
  /** Numbers the drafter could not place (article drafts), with their lines. */
  readonly unresolved: readonly UnresolvedNumber[];
  /** What the diff compares with: the version in service for the same date, else the latest snapshot. Absent when nothing is in service. */
  readonly comparedWith?: { readonly asOf: string; readonly version: number; readonly sameDate: boolean };
  /** Only for a draft without errors. */
  readonly diff?: SnapshotDiff;
  /** The draft is exactly what is already in service for its date. */
  readonly unchanged: boolean;
}

export type ImportOutcome = { readonly ok: true; readonly review: DraftReview } | { readonly ok: false; readonly problem: string };

/** Why a button on a draft cannot do what it says. */
export type DraftRefusal =
  | { readonly reason: 'missing' }
  | { readonly reason: 'expired'; readonly expiredAt: Date }
  | { readonly reason: 'published'; readonly version: number; readonly by: Actor; readonly at: Date }
  | { readonly reason: 'discarded'; readonly by: Actor; readonly at: Date }
  | { readonly reason: 'not-owner'; readonly owner: Actor }
  | { readonly reason: 'invalid'; readonly errors: number }
  /** Someone else changed the draft's date since it was reviewed: publishing would replace what the review never showed. */
  | { readonly reason: 'changed'; readonly asOf: string; readonly version?: number }
  /** The draft is exactly the version already in service: publishing it would only add a copy. */
  | { readonly reason: 'unchanged'; readonly asOf: string; readonly version: number }
  | { readonly reason: 'busy' }
  /** The state database (PostgreSQL) cannot be reached; the bot is reconnecting. */
  | { readonly reason: 'unreachable' };

/** A version made current: by a publish, a rollback or the data folder. */
export interface VersionChange {
  readonly asOf: string;
  readonly version: number;
  readonly contentHash: string;
  /** The version it replaced; absent when the date was not in service. */
  readonly previousVersion?: number;
  /** Against what the date served before, or the previous latest snapshot. */
  readonly diff: SnapshotDiff;
  /**
   * Stored and in service in the database, but this process could not serve
   * it (another version in service no longer loads): why, in a sentence.
   * Members still see the previous data here until that is fixed.
   */
  readonly notServed?: string;
}

export type PublishOutcome = ({ readonly ok: true } & VersionChange) | ({ readonly ok: false } & DraftRefusal);

export type DraftFilesOutcome =
  { readonly ok: true; readonly asOf: string; readonly files: readonly DataFile[] } | ({ readonly ok: false } & DraftRefusal);

export type DiscardOutcome = { readonly ok: true; readonly asOf: string } | ({ readonly ok: false } & DraftRefusal);

/** One stored version of a snapshot, without its text. */
export interface VersionSummary {
  readonly asOf: string;
  readonly version: number;
  readonly contentHash: string;
  readonly counts: SnapshotCounts;
  readonly origin: 'import' | 'data-dir';
  /** Who published it (a user id), or `DATA_DIR`'s importer (`start-up`, `SIGHUP`, a user id for `/data reload`). */
  readonly createdBy: Actor;
  readonly createdAt: Date;
  readonly inService: boolean;
}

export type AuditAction = 'import' | 'publish' | 'rollback' | 'remove' | 'reload' | 'discard';

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly asOf?: string;
  readonly version?: number;
  readonly contentHash?: string;
  readonly counts?: SnapshotCounts;
  readonly outcome: 'ok' | 'refused';
  /** What was refused and why, or what a reload changed, in a sentence. */
  readonly detail?: string;
}

export type HistoryOutcome =
  | {
      readonly ok: true;
      readonly asOf: string;
      /** Newest first. */
      readonly versions: readonly VersionSummary[];
      /** The steps that touched this date, and reloads, newest first (at most 25). */
      readonly audit: readonly AuditEntry[];
    }
  | { readonly ok: false; readonly problem: string };

export type ExportOutcome =
  | {
      readonly ok: true;
      readonly asOf: string;
      readonly version: number;
      readonly contentHash: string;
      readonly files: readonly DataFile[];
    }
  | { readonly ok: false; readonly problem: string };

/** What a rollback or removal would do, shown before the moderator confirms. */
export type ChangePlan =
  | {
      readonly ok: true;
      readonly asOf: string;
      /** The version in service now; absent when the date is out of service. */
      readonly current?: VersionSummary;
      /** Rollback: the version that would be put back. Absent for a removal. */
      readonly target?: VersionSummary;
    }
  | { readonly ok: false; readonly problem: string };

export type ChangeOutcome =
  | ({ readonly ok: true; readonly action: 'rollback' } & VersionChange)
  | { readonly ok: true; readonly action: 'remove'; readonly asOf: string; readonly version: number; readonly notServed?: string }
  | { readonly ok: false; readonly problem: string };

/** A reload of DATA_DIR: the store's outcome, and the versions it made from folders that changed. */
export type DataDirReload = ReloadOutcome & { readonly imported: readonly VersionChange[] };

export interface DataModeration {
  /** Decodes, drafts (articles) and validates exactly as a reload would, then keeps the draft for 24 h. */
  importDraft(request: ImportRequest): Promise<ImportOutcome>;
  publishDraft(draftId: string, actor: Actor): Promise<PublishOutcome>;
  draftFiles(draftId: string, actor: Actor): Promise<DraftFilesOutcome>;
  discardDraft(draftId: string, actor: Actor): Promise<DiscardOutcome>;
  /** The snapshot in service for `asOf` (default: the latest) as files that re-import to the same content hash. */
  exportSnapshot(asOf?: string): Promise<ExportOutcome>;
  /** Versions and steps of one date (default: the latest in service). */
  history(asOf?: string): Promise<HistoryOutcome>;
  /** Without `version`: the newest kept version older than the one in service. */
  planRollback(asOf: string, version?: number): Promise<ChangePlan>;
  /**
   * Puts `version` back in service, only if `expectedCurrent` is still what
   * is in service (null: the date is out of service), so a confirmation
   * pressed after someone else changed the date does nothing.
   */
  rollback(asOf: string, version: number, expectedCurrent: number | null, actor: Actor): Promise<ChangeOutcome>;
  planRemove(asOf: string): Promise<ChangePlan>;
  /** Takes `asOf` out of service (kept in history) if `expectedCurrent` is still in service; never the last date in service. */
  remove(asOf: string, expectedCurrent: number, actor: Actor): Promise<ChangeOutcome>;
  /** Reads DATA_DIR: folders whose content changed since they were last imported become new versions. */
  reload(actor: Actor): Promise<DataDirReload>;
}
