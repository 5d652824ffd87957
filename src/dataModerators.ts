import type { Caller } from './command';

export interface DataModeratorPolicy {
  readonly userIds: readonly string[];
  readonly roleIds: readonly string[];
  /** The application's owner, or its team's members; used only when no ids are configured. */
  readonly ownerIds: readonly string[];
}

/**
 * Data moderators change what every server of this bot is told, so a server's
 * own moderators do not count: only configured users and roles (role ids are
 * global snowflakes, so a role of another server cannot match), else the owner.
 */
export function isDataModerator(caller: Caller, policy: DataModeratorPolicy): boolean {
  if (policy.userIds.length > 0 || policy.roleIds.length > 0) {
    return policy.userIds.includes(caller.userId) || caller.roleIds.some((r) => policy.roleIds.includes(r));
  }
  return policy.ownerIds.includes(caller.userId);
}
