/**
 * Which gateway shard receives a server's events, by Discord's formula
 * `(guild_id >> 22) % shard_count`: the process holding that shard is the one
 * that hears the server's commands, so it is the one that posts its recaps.
 */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a server is on one of `shardIds` of a bot with `shardCount` shards. */
export function guildsOnShards(shardIds: readonly number[], shardCount: number): (guildId: string) => boolean {
  const held = new Set(shardIds);
  return (guildId) => held.has(shardOfGuild(guildId, shardCount));
}
