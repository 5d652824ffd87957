import { OverwriteType, PermissionFlagsBits, type APIOverwrite, type APIRole } from 'discord-api-types/v10';

/** Every permission bit Discord defines. */
const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** The guild facts permission arithmetic needs. */
export interface PermissionGuild {
  readonly id: string;
  readonly ownerId: string;
  readonly roles: readonly APIRole[];
}

/** Who is asking: a user and the roles they hold in the guild. */
export interface PermissionSubject {
  readonly userId: string;
  readonly roleIds: readonly string[];
}

/**
 * Guild-wide permissions, computed as Discord documents it: the owner holds
 * everything, otherwise @everyone's bits OR'd with each role's, and
 * Administrator implies everything.
 */
export function basePermissions(guild: PermissionGuild, subject: PermissionSubject): bigint {
  if (subject.userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = roleBits(guild, guild.id);
  for (const roleId of subject.roleIds) permissions |= roleBits(guild, roleId);
  return (permissions & PermissionFlagsBits.Administrator) === PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : permissions;
}

/**
 * Permissions in one channel: the base permissions with the channel's
 * overwrites applied in Discord's order (@everyone, then all roles together,
 * then the member). Without View Channel nothing else in the channel counts.
 */
export function channelPermissions(guild: PermissionGuild, overwrites: readonly APIOverwrite[], subject: PermissionSubject): bigint {
  const base = basePermissions(guild, subject);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = overwrites.find((o) => o.type === OverwriteType.Role && o.id === guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === OverwriteType.Role && subject.roleIds.includes(overwrite.id)) {
      roleAllow |= BigInt(overwrite.allow);
      roleDeny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const member = overwrites.find((o) => o.type === OverwriteType.Member && o.id === subject.userId);
  if (member) permissions = (permissions & ~BigInt(member.deny)) | BigInt(member.allow);
  return (permissions & PermissionFlagsBits.ViewChannel) === 0n ? 0n : permissions;
}

/** True when every bit of `wanted` is in `held`. */
export function hasPermission(held: bigint, wanted: bigint): boolean {
  return (held & wanted) === wanted;
}

function roleBits(guild: PermissionGuild, roleId: string): bigint {
  const role = guild.roles.find((r) => r.id === roleId);
  return role ? BigInt(role.permissions) : 0n;
}
