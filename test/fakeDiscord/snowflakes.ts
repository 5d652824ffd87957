const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Issues ids shaped like Discord's snowflakes: the creation time sits in the
 * top bits, so discord.js derives real `createdTimestamp`s from them and ids
 * sort by creation like they do on Discord.
 */
export class SnowflakeFactory {
  #lastAt = 0n;
  #increment = 0n;

  /** A new unique id stamped with `at` (epoch ms). */
  next(at: number = Date.now()): string {
    let time = BigInt(at);
    if (time <= this.#lastAt) {
      time = this.#lastAt;
      this.#increment += 1n;
      if (this.#increment > 0xfffn) {
        // 4096 ids in one millisecond: borrow the next one rather than repeat an id.
        time += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastAt = time;
    return (((time - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
  }
}

/** Which shard receives a guild's events, by Discord's formula `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
