import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { UnresolvedNumber } from '../draft/draftFigure';
import type { DataError } from '../facts/snapshot';
import type { StateDb } from '../schedule/openStateDb';
import type { Actor, DraftRefusal, SnapshotCounts } from './dataModeration';

/**
 * Drafts of new data, kept in the state database between the import and the
 * moderator's button: each belongs to the moderator who imported it, and can
 * be published, downloaded or discarded for DRAFT_LIFETIME_MS.
 */

/** A review is read and decided within a day; a draft older than that is likely stale against what is published. */
export const DRAFT_LIFETIME_MS = 24 * 3_600_000;

/** An expired draft is kept this much longer, so a late button press is told "expired" rather than "not found". */
export const EXPIRED_DRAFT_KEPT_MS = 24 * 3_600_000;

/** What the import found, kept with the draft. */
export interface DraftFindings {
  readonly counts: SnapshotCounts;
  readonly errors: readonly DataError[];
  readonly unresolved: readonly UnresolvedNumber[];
  readonly asOfReason?: string;
  /** The version of the draft's date in service when it was reviewed; absent when none was. Publish refuses if that changed. */
  readonly reviewedAgainst?: number;
}

export interface NewDraft {
  readonly owner: Actor;
  readonly kind: 'article' | 'figures';
  readonly fileName: string;
  readonly asOf: string;
  readonly figures: string;
  readonly narrative?: string;
  readonly contentHash: string;
  readonly findings: DraftFindings;
}

export type StoredDraft = NewDraft & {
  readonly id: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
} & (
    | { readonly status: 'open' }
    | { readonly status: 'discarded'; readonly closedBy: Actor; readonly closedAt: Date }
    | { readonly status: 'published'; readonly closedBy: Actor; readonly closedAt: Date; readonly publishedVersion: number }
  );

const findingsSchema = z.object({
  counts: z.object({ figures: z.number().int(), sources: z.number().int(), narrative: z.number().int() }),
  errors: z.array(z.object({ file: z.string(), location: z.string().optional(), message: z.string() })),
  unresolved: z.array(z.object({ line: z.number().int(), text: z.string(), number: z.string(), reason: z.string() })),
  asOfReason: z.string().optional(),
  reviewedAgainst: z.number().int().optional(),
});

export const draftRow = z
  .object({
    id: z.string(),
    owner: z.string(),
    created_at: z.number().int(),
    expires_at: z.number().int(),
    kind: z.enum(['article', 'figures']),
    file_name: z.string(),
    as_of: z.string(),
    figures: z.string(),
    narrative: z.string().nullable(),
    content_hash: z.string(),
    review: z.string().transform((text) => findingsSchema.parse(JSON.parse(text))),
    status: z.enum(['open', 'published', 'discarded']),
    closed_by: z.string().nullable(),
    closed_at: z.number().int().nullable(),
    published_version: z.number().int().nullable(),
  })
  .transform((row, ctx): StoredDraft => {
    const { asOfReason, ...findings } = row.review;
    const base = {
      id: row.id,
      owner: row.owner,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      kind: row.kind,
      fileName: row.file_name,
      asOf: row.as_of,
      figures: row.figures,
      ...(row.narrative === null ? {} : { narrative: row.narrative }),
      contentHash: row.content_hash,
      findings: { ...findings, ...(asOfReason === undefined ? {} : { asOfReason }) },
    };
    if (row.status === 'open') return { ...base, status: 'open' };
    if (row.closed_by === null || row.closed_at === null) {
      ctx.addIssue({ code: 'custom', message: `a ${row.status} draft without who closed it and when` });
      return z.NEVER;
    }
    const closed = { closedBy: row.closed_by, closedAt: new Date(row.closed_at) };
    if (row.status === 'discarded') return { ...base, status: 'discarded', ...closed };
    if (row.published_version === null) {
      ctx.addIssue({ code: 'custom', message: 'a published draft without its version' });
      return z.NEVER;
    }
    return { ...base, status: 'published', ...closed, publishedVersion: row.published_version };
  });

/** Ids are random, so one cannot be guessed from another. */
export function newDraftId(): string {
  return randomBytes(9).toString('base64url');
}

/** Stores a new open draft, expiring DRAFT_LIFETIME_MS after `now`. */
export function saveDraft(db: StateDb, draft: NewDraft, now: Date): StoredDraft {
  const row = db
    .prepare(
      `INSERT INTO data_drafts (id, owner, created_at, expires_at, kind, file_name, as_of, figures, narrative, content_hash, review)
       VALUES (@id, @owner, @now, @expiresAt, @kind, @fileName, @asOf, @figures, @narrative, @contentHash, @review)
       RETURNING *`,
    )
    .get({
      id: newDraftId(),
      owner: draft.owner,
      now: now.getTime(),
      expiresAt: now.getTime() + DRAFT_LIFETIME_MS,
      kind: draft.kind,
      fileName: draft.fileName,
      asOf: draft.asOf,
      figures: draft.figures,
      narrative: draft.narrative ?? null,
      contentHash: draft.contentHash,
      review: JSON.stringify(draft.findings),
    });
  return draftRow.parse(row);
}

export function getDraft(db: StateDb, id: string): StoredDraft | undefined {
  const row = db.prepare('SELECT * FROM data_drafts WHERE id = ?').get(id);
  return row === undefined ? undefined : draftRow.parse(row);
}

export function markPublished(db: StateDb, id: string, actor: Actor, version: number, now: Date): void {
  db.prepare(
    `UPDATE data_drafts SET status = 'published', closed_by = ?, closed_at = ?, published_version = ? WHERE id = ? AND status = 'open'`,
  ).run(actor, now.getTime(), version, id);
}

export function markDiscarded(db: StateDb, id: string, actor: Actor, now: Date): void {
  db.prepare(`UPDATE data_drafts SET status = 'discarded', closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'`).run(
    actor,
    now.getTime(),
    id,
  );
}

/** Forgets drafts expired more than EXPIRED_DRAFT_KEPT_MS ago, whatever became of them. */
export function deleteStaleDrafts(db: StateDb, now: Date): number {
  return db.prepare('DELETE FROM data_drafts WHERE expires_at < ?').run(now.getTime() - EXPIRED_DRAFT_KEPT_MS).changes;
}

/**
 * Why `actor` cannot act on `draft` now, or undefined when they can. What
 * became of it comes first (published, discarded, expired), so a second
 * moderator is told it was published rather than that it is not theirs;
 * `publishing` also refuses a draft with validation errors.
 */
export function draftRefusal(draft: StoredDraft | undefined, actor: Actor, now: Date, publishing: boolean): DraftRefusal | undefined {
  if (draft === undefined) return { reason: 'missing' };
  if (draft.status === 'published') return { reason: 'published', version: draft.publishedVersion, by: draft.closedBy, at: draft.closedAt };
  if (draft.status === 'discarded') return { reason: 'discarded', by: draft.closedBy, at: draft.closedAt };
  if (now.getTime() >= draft.expiresAt.getTime()) return { reason: 'expired', expiredAt: draft.expiresAt };
  if (draft.owner !== actor) return { reason: 'not-owner', owner: draft.owner };
  if (publishing && draft.findings.errors.length > 0) return { reason: 'invalid', errors: draft.findings.errors.length };
  return undefined;
}
