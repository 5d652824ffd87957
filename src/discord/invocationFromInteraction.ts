import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { Caller, Invocation } from '../command';

/** An attachment option as Discord describes it; its bytes are fetched separately, while the interaction is open. */
export interface AttachmentRef {
  readonly option: string;
  readonly fileName: string;
  readonly url: string;
  /** As Discord reports it; the download is still capped, whatever it says. */
  readonly size: number;
}

function leavesOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): {
  sub: CommandInteractionOption | undefined;
  leaves: readonly CommandInteractionOption[];
} {
  const top = interaction.options.data;
  const sub = top.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  return { sub, leaves: sub ? (sub.options ?? []) : top };
}

/** The options Discord parsed, flattened out of a subcommand if there is one. Attachments are left to {@link attachmentRefs}. */
export function invocationFromInteraction(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Invocation {
  const { sub, leaves } = leavesOf(interaction);
  const options: Record<string, string | number | boolean> = {};
  for (const option of leaves) {
    if (option.type === ApplicationCommandOptionType.Attachment) continue;
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return { ...(sub && { subcommand: sub.name }), options };
}

/** The attachment options of a command, with the signed CDN link Discord resolved for each. */
export function attachmentRefs(interaction: ChatInputCommandInteraction): AttachmentRef[] {
  return leavesOf(interaction).leaves.flatMap((option) =>
    option.type === ApplicationCommandOptionType.Attachment && option.attachment
      ? [{ option: option.name, fileName: option.attachment.name, url: option.attachment.url, size: option.attachment.size }]
      : [],
  );
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
