import { z } from 'zod';
import { auditRow, DATELESS_RELOADS_SHOWN, HISTORY_AUDIT_LIMIT } from '../publishing/dataAudit';
import { DRAFT_LIFETIME_MS, draftRow, EXPIRED_DRAFT_KEPT_MS, newDraftId } from '../publishing/dataDrafts';
import { inServiceRow, summaryRow, textRow } from '../publishing/snapshotVersions';
import type { DataAudit } from './dataAudit';
import type { DataDrafts } from './dataDrafts';
import type { Sql } from './postgresSql';
import type { SnapshotVersions } from './snapshotVersions';

/** Published snapshot versions, data drafts and the data audit on PostgreSQL, with the same rules as src/publishing. */

/**
 * The channel every change of what is in service is announced on, with
 * `<as-of> <version> <content hash>` (or `<as-of> out`). PostgreSQL delivers a
 * NOTIFY only when its transaction commits, so a listener never hears of a
 * change it cannot yet read.
 */
export const SERVICE_CHANNEL = 'briefing_desk_in_service';

const SUMMARY_COLUMNS = `v.as_of, v.version, v.content_hash, v.figure_count, v.source_count, v.narrative_count,
  v.origin, v.created_by, v.created_at, (s.version IS NOT NULL)::int AS in_service`;

export function postgresVersions(sql: Sql): SnapshotVersions {
  return {
    any: async () => (await sql.rows('SELECT 1 FROM snapshot_versions LIMIT 1')).length > 0,
    listInService: async () =>
      (
        await sql.rows(
          `SELECT s.as_of, s.version, v.content_hash FROM snapshots_in_service s
           JOIN snapshot_versions v USING (as_of, version) ORDER BY s.as_of COLLATE "C"`,
        )
      ).map((row) => inServiceRow.parse(row)),
    inServiceFor: async (asOf) => {
      const [row] = await sql.rows(
        `SELECT ${SUMMARY_COLUMNS} FROM snapshots_in_service s JOIN snapshot_versions v USING (as_of, version) WHERE s.as_of = $1`,
        [asOf],
      );
      return row === undefined ? undefined : summaryRow.parse(row);
    },
    list: async (asOf) =>
      (
        await sql.rows(
          `SELECT ${SUMMARY_COLUMNS} FROM snapshot_versions v
           LEFT JOIN snapshots_in_service s ON s.as_of = v.as_of AND s.version = v.version
           WHERE v.as_of = $1 ORDER BY v.version DESC`,
          [asOf],
        )
      ).map((row) => summaryRow.parse(row)),
    text: async (asOf, version) => {
      const [row] = await sql.rows(
        'SELECT as_of, version, content_hash, figures, narrative FROM snapshot_versions WHERE as_of = $1 AND version = $2',
        [asOf, version],
      );
      return row === undefined ? undefined : textRow.parse(row);
    },
    // Two processes adding a version of one date at once would both read the same max(version); the date's lock orders them.
    add: (next, now) =>
      sql.atomic(async (tx) => {
        await tx.rows('SELECT pg_advisory_xact_lock(hashtext($1))', [`snapshot_versions ${next.asOf}`]);
        const [row] = await tx.rows(
          `INSERT INTO snapshot_versions (as_of, version, figures, narrative, content_hash, figure_count, source_count,
             narrative_count, origin, created_by, created_at)
           VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM snapshot_versions WHERE as_of = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING version`,
          [
            next.asOf,
            next.figures,
            next.narrative ?? null,
            next.contentHash,
            next.counts.figures,
            next.counts.sources,
            next.counts.narrative,
            next.origin,
            next.createdBy,
            now.getTime(),
          ],
        );
        return z.object({ version: z.number().int().positive() }).parse(row).version;
      }),
    putInService: async (asOf, version, actor, now) => {
      await sql.rows(
        `WITH changed AS (
           INSERT INTO snapshots_in_service (as_of, version, changed_by, changed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (as_of) DO UPDATE SET version = excluded.version, changed_by = excluded.changed_by, changed_at = excluded.changed_at
           RETURNING as_of, version)
         SELECT pg_notify($5, c.as_of || ' ' || c.version || ' ' || v.content_hash)
         FROM changed c JOIN snapshot_versions v ON v.as_of = c.as_of AND v.version = c.version`,
        [asOf, version, actor, now.getTime(), SERVICE_CHANNEL],
      );
    },
    takeOutOfService: async (asOf) =>
      (
        await sql.rows(
          `WITH gone AS (DELETE FROM snapshots_in_service WHERE as_of = $1 RETURNING as_of)
           SELECT pg_notify($2, as_of || ' out') FROM gone`,
          [asOf, SERVICE_CHANNEL],
        )
      ).length > 0,
    lastFolderImport: async (asOf) => {
      const [row] = await sql.rows('SELECT content_hash FROM data_dir_imports WHERE as_of = $1', [asOf]);
      return row === undefined ? undefined : z.object({ content_hash: z.string() }).parse(row).content_hash;
    },
    recordFolderImport: async (asOf, contentHash, now) => {
      await sql.count(
        `INSERT INTO data_dir_imports (as_of, content_hash, imported_at) VALUES ($1, $2, $3)
         ON CONFLICT (as_of) DO UPDATE SET content_hash = excluded.content_hash, imported_at = excluded.imported_at`,
        [asOf, contentHash, now.getTime()],
      );
    },
  };
}

export function postgresDrafts(sql: Sql): DataDrafts {
  return {
    save: async (draft, now) => {
      const [row] = await sql.rows(
        `INSERT INTO data_drafts (id, owner, created_at, expires_at, kind, file_name, as_of, figures, narrative, content_hash, review)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING *`,
        [
          newDraftId(),
          draft.owner,
          now.getTime(),
          now.getTime() + DRAFT_LIFETIME_MS,
          draft.kind,
          draft.fileName,
          draft.asOf,
          draft.figures,
          draft.narrative ?? null,
          draft.contentHash,
          JSON.stringify(draft.findings),
        ],
      );
      return draftRow.parse(row);
    },
    get: async (id) => {
      const [row] = await sql.rows('SELECT * FROM data_drafts WHERE id = $1', [id]);
      return row === undefined ? undefined : draftRow.parse(row);
    },
    markPublished: async (id, actor, version, now) => {
      await sql.count(
        `UPDATE data_drafts SET status = 'published', closed_by = $1, closed_at = $2, published_version = $3 WHERE id = $4 AND status = 'open'`,
        [actor, now.getTime(), version, id],
      );
    },
    markDiscarded: async (id, actor, now) => {
      await sql.count(`UPDATE data_drafts SET status = 'discarded', closed_by = $1, closed_at = $2 WHERE id = $3 AND status = 'open'`, [
        actor,
        now.getTime(),
        id,
      ]);
    },
    deleteStale: (now) => sql.count('DELETE FROM data_drafts WHERE expires_at < $1', [now.getTime() - EXPIRED_DRAFT_KEPT_MS]),
  };
}

export function postgresAudit(sql: Sql): DataAudit {
  return {
    record: async (entry) => {
      await sql.count(
        `INSERT INTO data_audit (at, actor, action, as_of, version, content_hash, counts, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          entry.at.getTime(),
          entry.actor,
          entry.action,
          entry.asOf ?? null,
          entry.version ?? null,
          entry.contentHash ?? null,
          entry.counts === undefined ? null : JSON.stringify(entry.counts),
          entry.outcome,
          entry.detail ?? null,
        ],
      );
    },
    of: async (asOf, limit = HISTORY_AUDIT_LIMIT) =>
      (
        await sql.rows(
          `(SELECT * FROM data_audit WHERE as_of = $1 ORDER BY id DESC LIMIT $2)
           UNION ALL
           (SELECT * FROM data_audit WHERE action = 'reload' AND as_of IS NULL ORDER BY id DESC LIMIT $3)
           ORDER BY id DESC`,
          [asOf, limit, DATELESS_RELOADS_SHOWN],
        )
      ).map((row) => auditRow.parse(row)),
  };
}
