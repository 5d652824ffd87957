import type { Caller } from './command';
import type { DataModeration } from './publishing/dataModeration';
import type { RecapAdmin } from './recaps/recapAdmin';

/** Changing the data every server sees, and who may do it. */
export interface DataAdmin extends DataModeration {
  /** Data moderators: the configured user and role ids, else the application's owner or team. */
  isDataModerator(caller: Caller): Promise<boolean>;
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
