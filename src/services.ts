import type { Caller } from './command';
import type { ReloadOutcome } from './facts/factStore';
import type { RecapAdmin } from './recaps/recapAdmin';

/** Reloading the data every server sees, and who may do it. */
export interface DataAdmin {
  /** Data moderators: the configured user and role ids, else the application's owner or team. */
  isDataModerator(caller: Caller): Promise<boolean>;
  /** Re-reads the data directory; swaps only if every file is good. */
  reload(): Promise<ReloadOutcome>;
}

/**
 * The effects moderator commands need, provided by the shell they run in.
 * Member commands never touch these.
 */
export interface Services {
  readonly data: DataAdmin;
  /** Absent where there are no servers (the local console). */
  readonly recaps?: RecapAdmin;
}
