import { GatewayOpcodes } from 'discord-api-types/v10';
import { z } from 'zod';

/**
 * What a client may send over the gateway, checked once where it arrives.
 * Payloads Discord would refuse become the close code Discord would use.
 */

export const gatewayFrameSchema = z.object({
  op: z.number().int(),
  d: z.unknown(),
});

export const identifySchema = z.object({
  token: z.string(),
  properties: z.object({ os: z.string(), browser: z.string(), device: z.string() }),
  intents: z.number().int().nonnegative(),
  compress: z.boolean().optional(),
  large_threshold: z.number().int().min(50).max(250).optional(),
  shard: z.tuple([z.number().int().nonnegative(), z.number().int().positive()]).optional(),
  presence: z.unknown().optional(),
});

export const resumeSchema = z.object({
  token: z.string(),
  session_id: z.string(),
  seq: z.number().int().nonnegative().nullable(),
});

export const requestGuildMembersSchema = z.object({
  guild_id: z.string(),
  query: z.string().optional(),
  limit: z.number().int().nonnegative().optional(),
  presences: z.boolean().optional(),
  user_ids: z.union([z.string(), z.array(z.string())]).optional(),
  nonce: z.string().max(32).optional(),
});

/** Client opcodes the fake understands beyond IDENTIFY, RESUME and HEARTBEAT, and accepts without acting on. */
export const ACCEPTED_IGNORED_OPCODES: ReadonlySet<number> = new Set([
  GatewayOpcodes.PresenceUpdate,
  GatewayOpcodes.VoiceStateUpdate,
  GatewayOpcodes.RequestSoundboardSounds,
]);

export type IdentifyPayload = z.infer<typeof identifySchema>;
