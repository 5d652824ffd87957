import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { Caller, Invocation } from '../command';

/** The options Discord parsed, flattened out of a subcommand if there is one. */
export function invocationFromInteraction(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Invocation {
  const top = interaction.options.data;
  const sub = top.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const leaves: readonly CommandInteractionOption[] = sub ? (sub.options ?? []) : top;
  const options: Record<string, string | number | boolean> = {};
  for (const option of leaves) {
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return { ...(sub && { subcommand: sub.name }), options };
}

/** Who is asking, from what Discord sent: the member's roles and channel permissions. */
export function callerFromInteraction(interaction: Interaction): Caller {
  const member = interaction.member;
  const roleIds = member === null ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return {
    userId: interaction.user.id,
    ...(interaction.guildId !== null && { guildId: interaction.guildId }),
    ...(interaction.channelId !== null && { channelId: interaction.channelId }),
    roleIds,
    permissions: interaction.memberPermissions?.bitfield ?? 0n,
  };
}
