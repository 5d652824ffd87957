import type { VersionSummary } from '../publishing/dataModeration';
import type { InService, NewVersion, VersionText } from '../publishing/snapshotVersions';

/** Every version of every snapshot date, and which one of each date is in service. */
export interface SnapshotVersions {
  /** Whether any version was ever stored: an empty store is seeded from `DATA_DIR`. */
  any(): Promise<boolean>;
  /** The version in service of every date in service, oldest date first. */
  listInService(): Promise<InService[]>;
  /** The version in service for `asOf`, undefined when the date is out of service or unknown. */
  inServiceFor(asOf: string): Promise<VersionSummary | undefined>;
  /** Every version of `asOf`, newest first. */
  list(asOf: string): Promise<VersionSummary[]>;
  text(asOf: string, version: number): Promise<VersionText | undefined>;
  /** Stores `next` as the next version of its date (the first is 1), not yet in service; concurrent adds get distinct numbers. */
  add(next: NewVersion, now: Date): Promise<number>;
  putInService(asOf: string, version: number, actor: string, now: Date): Promise<void>;
  /** Takes `asOf` out of service, its versions kept; returns whether it was in service. */
  takeOutOfService(asOf: string): Promise<boolean>;
  /** The content hash the `DATA_DIR` folder of `asOf` had when it was last imported. */
  lastFolderImport(asOf: string): Promise<string | undefined>;
  recordFolderImport(asOf: string, contentHash: string, now: Date): Promise<void>;
}
