import { z } from 'zod';
import type { StateDb } from '../schedule/openStateDb';
import type { Actor, SnapshotCounts, VersionSummary } from './dataModeration';

/**
 * Every version of every snapshot date, kept in the state database, and which
 * version of each date is in service. Versions are only ever added; a publish,
 * a changed `DATA_DIR` folder or a rollback moves the in-service pointer, and
 * a removal deletes it (the date is then out of service, its versions kept).
 */

/** A version's text, as it was published: what the FactStore is built from. */
export interface VersionText {
  readonly asOf: string;
  readonly version: number;
  readonly contentHash: string;
  readonly figures: string;
  readonly narrative?: string;
}

/** What is in service for one date, without the text. */
export interface InService {
  readonly asOf: string;
  readonly version: number;
  readonly contentHash: string;
}

export interface NewVersion {
  readonly asOf: string;
  readonly figures: string;
  readonly narrative?: string;
  readonly contentHash: string;
  readonly counts: SnapshotCounts;
  readonly origin: 'import' | 'data-dir';
  readonly createdBy: Actor;
}

export const summaryRow = z
  .object({
    as_of: z.string(),
    version: z.number().int().positive(),
    content_hash: z.string(),
    figure_count: z.number().int(),
    source_count: z.number().int(),
    narrative_count: z.number().int(),
    origin: z.enum(['import', 'data-dir']),
    created_by: z.string(),
    created_at: z.number().int(),
    in_service: z.number().int(),
  })
  .transform((row): VersionSummary => ({
    asOf: row.as_of,
    version: row.version,
    contentHash: row.content_hash,
    counts: { figures: row.figure_count, sources: row.source_count, narrative: row.narrative_count },
    origin: row.origin,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    inService: row.in_service === 1,
  }));

export const textRow = z
  .object({
    as_of: z.string(),
    version: z.number().int().positive(),
    content_hash: z.string(),
    figures: z.string(),
    narrative: z.string().nullable(),
  })
  .transform((row): VersionText => ({
    asOf: row.as_of,
    version: row.version,
    contentHash: row.content_hash,
    figures: row.figures,
    ...(row.narrative === null ? {} : { narrative: row.narrative }),
  }));

export const inServiceRow = z
  .object({ as_of: z.string(), version: z.number().int().positive(), content_hash: z.string() })
  .transform((row): InService => ({ asOf: row.as_of, version: row.version, contentHash: row.content_hash }));

const SUMMARY_COLUMNS = `v.as_of, v.version, v.content_hash, v.figure_count, v.source_count, v.narrative_count,
  v.origin, v.created_by, v.created_at, (s.version IS NOT NULL) AS in_service`;

/** Whether any version was ever stored: an empty state database is seeded from `DATA_DIR`. */
export function hasVersions(db: StateDb): boolean {
  return db.prepare('SELECT 1 FROM snapshot_versions LIMIT 1').get() !== undefined;
}

/** The version in service of every date in service, oldest date first. */
export function listInService(db: StateDb): InService[] {
  return db
    .prepare(
      `SELECT s.as_of, s.version, v.content_hash FROM snapshots_in_service s
       JOIN snapshot_versions v USING (as_of, version) ORDER BY s.as_of`,
    )
    .all()
    .map((row) => inServiceRow.parse(row));
}

/** The version in service for `asOf`, undefined when the date is out of service or unknown. */
export function inServiceFor(db: StateDb, asOf: string): VersionSummary | undefined {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM snapshots_in_service s
       JOIN snapshot_versions v USING (as_of, version) WHERE s.as_of = ?`,
    )
    .get(asOf);
  return row === undefined ? undefined : summaryRow.parse(row);
}

/** Every version of `asOf`, newest first. */
export function listVersions(db: StateDb, asOf: string): VersionSummary[] {
  return db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM snapshot_versions v
       LEFT JOIN snapshots_in_service s ON s.as_of = v.as_of AND s.version = v.version
       WHERE v.as_of = ? ORDER BY v.version DESC`,
    )
    .all(asOf)
    .map((row) => summaryRow.parse(row));
}

export function versionText(db: StateDb, asOf: string, version: number): VersionText | undefined {
  const row = db
    .prepare('SELECT as_of, version, content_hash, figures, narrative FROM snapshot_versions WHERE as_of = ? AND version = ?')
    .get(asOf, version);
  return row === undefined ? undefined : textRow.parse(row);
}

/** Stores `next` as the next version of its date (the first is 1) and returns its number; it is not yet in service. */
export function addVersion(db: StateDb, next: NewVersion, now: Date): number {
  const row = db
    .prepare(
      `INSERT INTO snapshot_versions (as_of, version, figures, narrative, content_hash, figure_count, source_count,
         narrative_count, origin, created_by, created_at)
       VALUES (@asOf, (SELECT coalesce(max(version), 0) + 1 FROM snapshot_versions WHERE as_of = @asOf), @figures,
         @narrative, @contentHash, @figureCount, @sourceCount, @narrativeCount, @origin, @createdBy, @now)
       RETURNING version`,
    )
    .get({
      asOf: next.asOf,
      figures: next.figures,
      narrative: next.narrative ?? null,
      contentHash: next.contentHash,
      figureCount: next.counts.figures,
      sourceCount: next.counts.sources,
      narrativeCount: next.counts.narrative,
      origin: next.origin,
      createdBy: next.createdBy,
      now: now.getTime(),
    });
  return z.object({ version: z.number().int().positive() }).parse(row).version;
}

export function putInService(db: StateDb, asOf: string, version: number, actor: Actor, now: Date): void {
  db.prepare(
    `INSERT INTO snapshots_in_service (as_of, version, changed_by, changed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (as_of) DO UPDATE SET version = excluded.version, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  ).run(asOf, version, actor, now.getTime());
}

/** Takes `asOf` out of service; its versions stay. Returns whether it was in service. */
export function takeOutOfService(db: StateDb, asOf: string): boolean {
  return db.prepare('DELETE FROM snapshots_in_service WHERE as_of = ?').run(asOf).changes > 0;
}

/** The content hash the `DATA_DIR` folder of `asOf` had when it was last imported. */
export function lastFolderImport(db: StateDb, asOf: string): string | undefined {
  const row = db.prepare('SELECT content_hash FROM data_dir_imports WHERE as_of = ?').get(asOf);
  return row === undefined ? undefined : z.object({ content_hash: z.string() }).parse(row).content_hash;
}

export function recordFolderImport(db: StateDb, asOf: string, contentHash: string, now: Date): void {
  db.prepare(
    `INSERT INTO data_dir_imports (as_of, content_hash, imported_at) VALUES (?, ?, ?)
     ON CONFLICT (as_of) DO UPDATE SET content_hash = excluded.content_hash, imported_at = excluded.imported_at`,
  ).run(asOf, contentHash, now.getTime());
}
