import { z } from 'zod';
import type { StateDb } from '../schedule/openStateDb';
import type { AuditEntry } from './dataModeration';

/**
 * The record of every step taken on the published data: imports, publishes,
 * rollbacks, removals, discards and reloads, refused ones included. Written
 * in the same transaction as the change it records.
 */

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** The most steps `/data history` shows: one embed's worth. */
export const HISTORY_AUDIT_LIMIT = 25;

const countsSchema = z.object({ figures: z.number().int(), sources: z.number().int(), narrative: z.number().int() });

export const auditRow = z
  .object({
    id: z.number().int(),
    at: z.number().int(),
    actor: z.string(),
    action: z.enum(['import', 'publish', 'rollback', 'remove', 'reload', 'discard']),
    as_of: z.string().nullable(),
    version: z.number().int().nullable(),
    content_hash: z.string().nullable(),
    counts: z.string().nullable(),
    outcome: z.enum(['ok', 'refused']),
    detail: z.string().nullable(),
  })
  .transform((row): AuditEntry => ({
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    ...(row.as_of === null ? {} : { asOf: row.as_of }),
    ...(row.version === null ? {} : { version: row.version }),
    ...(row.content_hash === null ? {} : { contentHash: row.content_hash }),
    ...(row.counts === null ? {} : { counts: countsSchema.parse(JSON.parse(row.counts)) }),
    outcome: row.outcome,
    ...(row.detail === null ? {} : { detail: row.detail }),
  }));

export function recordAudit(db: StateDb, entry: NewAuditEntry): void {
  db.prepare(
    `INSERT INTO data_audit (at, actor, action, as_of, version, content_hash, counts, outcome, detail)
     VALUES (@at, @actor, @action, @asOf, @version, @contentHash, @counts, @outcome, @detail)`,
  ).run({
    at: entry.at.getTime(),
    actor: entry.actor,
    action: entry.action,
    asOf: entry.asOf ?? null,
    version: entry.version ?? null,
    contentHash: entry.contentHash ?? null,
    counts: entry.counts === undefined ? null : JSON.stringify(entry.counts),
    outcome: entry.outcome,
    detail: entry.detail ?? null,
  });
}

/** Reloads that touched no date (nothing changed, or refused), shown beside a date's steps: the last few tell whether DATA_DIR is healthy. */
export const DATELESS_RELOADS_SHOWN = 3;

/**
 * The last `limit` steps that touched `asOf` and the last few reloads that
 * touched no date, newest first: a restart loop's reloads cannot crowd a
 * date's publishes out of its history.
 */
export function auditOf(db: StateDb, asOf: string, limit = HISTORY_AUDIT_LIMIT): AuditEntry[] {
  return db
    .prepare(
      `SELECT * FROM (SELECT * FROM data_audit WHERE as_of = @asOf ORDER BY id DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT * FROM data_audit WHERE action = 'reload' AND as_of IS NULL ORDER BY id DESC LIMIT @dateless)
       ORDER BY id DESC`,
    )
    .all({ asOf, limit, dateless: DATELESS_RELOADS_SHOWN })
    .map((row) => auditRow.parse(row));
}
