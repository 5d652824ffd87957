import { describe, expect, test } from 'vitest';
import type { Caller } from '../src/command';
import { isDataModerator } from '../src/dataModerators';

const caller = (userId: string, roleIds: string[] = []): Caller => ({ userId, roleIds, permissions: 0n, guildId: '1200000000000000001' });
const OWNER = '1300000000000000001';
const EDITOR = '1300000000000000009';
const DESK_ROLE = '1210000000000000002';

describe('GIVEN who may reload the data every server sees', () => {
  test('WHEN no ids are configured THEN only the application owner (or team members) may', () => {
    const policy = { userIds: [], roleIds: [], ownerIds: [OWNER, '1300000000000000007'] };
    expect(isDataModerator(caller(OWNER), policy)).toBe(true);
    expect(isDataModerator(caller('1300000000000000007'), policy)).toBe(true);
    expect(isDataModerator(caller(EDITOR), policy)).toBe(false);
  });

  test('WHEN user or role ids are configured THEN those decide, and the owner is no longer implied', () => {
    const policy = { userIds: [EDITOR], roleIds: [DESK_ROLE], ownerIds: [OWNER] };
    expect(isDataModerator(caller(EDITOR), policy)).toBe(true);
    expect(isDataModerator(caller('1300000000000000004', [DESK_ROLE]), policy)).toBe(true);
    expect(isDataModerator(caller(OWNER), policy)).toBe(false);
  });

  test("WHEN a member holds only other roles (say their own server's moderator role) THEN they may not", () => {
    const policy = { userIds: [], roleIds: [DESK_ROLE], ownerIds: [OWNER] };
    expect(isDataModerator(caller('1300000000000000004', ['1210000000000000001']), policy)).toBe(false);
  });
});
