import type { NewDraft, StoredDraft } from '../publishing/dataDrafts';
import type { Actor } from '../publishing/dataModeration';

/** Drafts of new data between the import and the moderator's button. */
export interface DataDrafts {
  /** Stores a new open draft under a random id, expiring DRAFT_LIFETIME_MS after `now`. */
  save(draft: NewDraft, now: Date): Promise<StoredDraft>;
  get(id: string): Promise<StoredDraft | undefined>;
  /** Closes an open draft as published as `version`; a draft already closed is left as it is. */
  markPublished(id: string, actor: Actor, version: number, now: Date): Promise<void>;
  /** Closes an open draft as discarded; a draft already closed is left as it is. */
  markDiscarded(id: string, actor: Actor, now: Date): Promise<void>;
  /** Forgets drafts expired more than EXPIRED_DRAFT_KEPT_MS ago; returns how many. */
  deleteStale(now: Date): Promise<number>;
}
