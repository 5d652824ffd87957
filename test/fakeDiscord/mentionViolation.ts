/**
 * Why a message body could ping someone, or `null` when it cannot. Only
 * `allowed_mentions: { parse: [] }` (with no users, roles or replied_user)
 * is safe: without it Discord pings every mention the text contains, and data
 * text must never ping anyone.
 */
export function mentionViolation(allowedMentions: unknown): string | null {
  if (allowedMentions === undefined || allowedMentions === null) {
    return 'no allowed_mentions: Discord pings every mention in the text';
  }
  if (typeof allowedMentions !== 'object' || Array.isArray(allowedMentions)) {
    return 'allowed_mentions is not an object';
  }
  const { parse, users, roles, replied_user: repliedUser } = allowedMentions as Record<string, unknown>;
  if (!Array.isArray(parse)) return 'allowed_mentions has no parse: [] list';
  if (parse.length > 0) return `allowed_mentions.parse allows ${JSON.stringify(parse)}`;
  if (Array.isArray(users) && users.length > 0) return `allowed_mentions.users allows pinging ${JSON.stringify(users)}`;
  if (Array.isArray(roles) && roles.length > 0) return `allowed_mentions.roles allows pinging ${JSON.stringify(roles)}`;
  if (repliedUser === true) return 'allowed_mentions.replied_user pings the author of the replied-to message';
  return null;
}
