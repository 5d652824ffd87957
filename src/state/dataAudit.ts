import type { NewAuditEntry } from '../publishing/dataAudit';
import type { AuditEntry } from '../publishing/dataModeration';

/** The record of every step taken on the published data, written in the transaction of the change it records. */
export interface DataAudit {
  record(entry: NewAuditEntry): Promise<void>;
  /** The last `limit` steps that touched `asOf` and the last few reloads that touched no date, newest first. */
  of(asOf: string, limit?: number): Promise<AuditEntry[]>;
}
