import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandInteractionDataSubcommandOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIComponentInMessageActionRow,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedGuildMember,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentGuildInteraction,
  type APIMessageComponentInteractionData,
  type Locale,
} from 'discord-api-types/v10';
import { apiChannel, apiMember } from './apiShapes';
import { FakeUpload } from './cdn';
import type { ChannelState, FakeWorld, GuildState, MemberState } from './world';

/**
 * Builds INTERACTION_CREATE payloads exactly as Discord sends them, from the
 * registered command definitions: option types, subcommands, `resolved`
 * users/roles/channels, the member's permissions in the channel and the
 * bot's `app_permissions`, attached files under `resolved.attachments`. A spec Discord's client would not let a member
 * send (unknown option, missing required option, value outside its choices
 * or bounds, a disabled button) throws, so tests cannot drive the bot with
 * impossible input.
 */

/** A value typed into a slash command option: user, role and channel options take ids, attachment options `fake.upload(...)`. */
export type OptionValue = string | number | boolean | FakeUpload;

/** Which subcommand and option values a member typed. */
export interface OptionSpec {
  readonly group?: string;
  readonly subcommand?: string;
  readonly options?: Readonly<Record<string, OptionValue>>;
}

/** Where and by whom an interaction happens, and its identifiers. */
export interface InteractionSetting {
  readonly world: FakeWorld;
  readonly guild: GuildState;
  readonly channel: ChannelState;
  readonly member: MemberState;
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly locale: Locale;
  /** The largest file the member may attach here, in bytes. */
  readonly attachmentSizeLimit: number;
}

type CommandOption = APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand>;
type AutocompleteOption = APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommandAutocomplete>;

interface Resolved {
  users: NonNullable<APIInteractionDataResolved['users']>;
  members: NonNullable<APIInteractionDataResolved['members']>;
  roles: NonNullable<APIInteractionDataResolved['roles']>;
  channels: NonNullable<APIInteractionDataResolved['channels']>;
  attachments: NonNullable<APIInteractionDataResolved['attachments']>;
}

/** A slash command (type 2) as a member sends it. */
export function chatInputInteraction(
  setting: InteractionSetting,
  command: APIApplicationCommand,
  spec: OptionSpec,
): APIChatInputApplicationCommandGuildInteraction {
  const resolved = emptyResolved();
  const { path, definitions } = selectSubcommand(command, spec);
  const values = Object.entries(spec.options ?? {}).map(([name, raw]) =>
    commandOption(setting, command, findDefinition(command, definitions, name), raw, resolved),
  );
  const missing = definitions.filter((d) => d.required === true && !(d.name in (spec.options ?? {})));
  if (missing.length > 0) {
    throw new Error(`/${command.name}: required option(s) ${missing.map((d) => d.name).join(', ')} missing`);
  }
  return {
    ...envelope(setting),
    type: InteractionType.ApplicationCommand,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id === undefined ? {} : { guild_id: command.guild_id }),
      ...(values.length > 0 || path.length > 0 ? { options: nest(path, values) } : {}),
      ...(isEmptyResolved(resolved) ? {} : { resolved: compactResolved(resolved) }),
    },
  };
}

/** An autocomplete request (type 4): the focused option carries what the member has typed so far. */
export function autocompleteInteraction(
  setting: InteractionSetting,
  command: APIApplicationCommand,
  spec: OptionSpec & { readonly focused: string },
): APIApplicationCommandAutocompleteGuildInteraction {
  const resolved = emptyResolved();
  const { path, definitions } = selectSubcommand(command, spec);
  const focusedDefinition = findDefinition(command, definitions, spec.focused);
  if (!('autocomplete' in focusedDefinition) || focusedDefinition.autocomplete !== true) {
    throw new Error(`/${command.name}: option ${spec.focused} has no autocomplete, so Discord never asks for it`);
  }
  const typed = { ...(spec.options ?? {}) };
  const values = [
    ...Object.entries(typed)
      .filter(([name]) => name !== spec.focused)
      .map(([name, raw]) => autocompleteOption(setting, command, findDefinition(command, definitions, name), raw, resolved)),
    focusedOption(focusedDefinition, String(typed[spec.focused] ?? '')),
  ];
  return {
    ...envelope(setting),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      ...(command.guild_id === undefined ? {} : { guild_id: command.guild_id }),
      options: nest(path, values),
    },
  };
}

/** A click on a button or a choice in a select menu (type 3) on one of the bot's messages. */
export function componentInteraction(
  setting: InteractionSetting,
  message: APIMessage,
  customId: string,
  values: readonly string[] | undefined,
): APIMessageComponentGuildInteraction {
  const component = findComponent(message, customId);
  if (!component) throw new Error(`message ${message.id} has no component with custom_id ${customId}`);
  if (component.disabled === true) throw new Error(`component ${customId} is disabled: Discord would not let a member use it`);
  return {
    ...envelope(setting),
    type: InteractionType.MessageComponent,
    message,
    data: componentData(setting, component, values),
  };
}

/** The custom ids of every component on a message, to say what a test could have meant. */
export function customIdsOf(message: APIMessage): string[] {
  return allComponents(message).flatMap((c) => ('custom_id' in c ? [c.custom_id] : []));
}

/** The member as an interaction carries it: with their permissions in the channel. */
function interactionMember(setting: InteractionSetting): APIInteractionGuildMember {
  return {
    ...apiMember(setting.member),
    user: setting.member.user,
    permissions: setting.world.permissionsIn(setting.channel, setting.member.user.id).toString(),
  };
}

function envelope(setting: InteractionSetting) {
  const { world, guild, channel } = setting;
  return {
    id: setting.id,
    application_id: setting.applicationId,
    token: setting.token,
    version: 1 as const,
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.locale, features: [] },
    channel_id: channel.id,
    channel: apiChannel(world, channel),
    member: interactionMember(setting),
    app_permissions: world.permissionsIn(channel, world.botUser.id).toString(),
    locale: setting.locale,
    guild_locale: guild.locale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: setting.attachmentSizeLimit,
  };
}

interface SubcommandPath {
  /** The group and subcommand names, outermost first (empty for a flat command). */
  readonly path: readonly {
    readonly type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup;
    readonly name: string;
  }[];
  readonly definitions: readonly APIApplicationCommandBasicOption[];
}

function selectSubcommand(command: APIApplicationCommand, spec: OptionSpec): SubcommandPath {
  const top = command.options ?? [];
  const subs = (options: readonly APIApplicationCommandOption[]) =>
    options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand).map((o) => o.name);
  let level: readonly APIApplicationCommandOption[] = top;
  const path: SubcommandPath['path'][number][] = [];
  if (spec.group !== undefined) {
    const group = top.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === spec.group);
    if (!group || group.type !== ApplicationCommandOptionType.SubcommandGroup) {
      throw new Error(`/${command.name} has no subcommand group ${spec.group}`);
    }
    path.push({ type: ApplicationCommandOptionType.SubcommandGroup, name: group.name });
    level = group.options ?? [];
  }
  const hasSubcommands = level.some(
    (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (spec.subcommand === undefined) {
    if (hasSubcommands) throw new Error(`/${command.name} needs a subcommand: ${subs(level).join(', ')}`);
    return { path, definitions: level.filter(isBasic) };
  }
  const sub = level.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === spec.subcommand);
  if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) {
    throw new Error(`/${command.name} has no subcommand ${spec.subcommand}; it has: ${subs(level).join(', ') || 'none'}`);
  }
  path.push({ type: ApplicationCommandOptionType.Subcommand, name: sub.name });
  return { path, definitions: sub.options ?? [] };
}

function isBasic(option: APIApplicationCommandOption): option is APIApplicationCommandBasicOption {
  return option.type !== ApplicationCommandOptionType.Subcommand && option.type !== ApplicationCommandOptionType.SubcommandGroup;
}

function findDefinition(
  command: APIApplicationCommand,
  definitions: readonly APIApplicationCommandBasicOption[],
  name: string,
): APIApplicationCommandBasicOption {
  const definition = definitions.find((d) => d.name === name);
  if (!definition) {
    throw new Error(`/${command.name} has no option ${name}; it has: ${definitions.map((d) => d.name).join(', ') || 'none'}`);
  }
  return definition;
}

function nest<Type extends InteractionType>(
  path: SubcommandPath['path'],
  values: APIApplicationCommandInteractionDataBasicOption<Type>[],
): APIApplicationCommandInteractionDataOption<Type>[] {
  const [outer, inner] = path;
  if (!outer) return values;
  const subcommand = (name: string): APIApplicationCommandInteractionDataSubcommandOption<Type> => ({
    type: ApplicationCommandOptionType.Subcommand,
    name,
    options: values,
  });
  if (outer.type === ApplicationCommandOptionType.Subcommand) return [subcommand(outer.name)];
  return [{ type: ApplicationCommandOptionType.SubcommandGroup, name: outer.name, options: [subcommand(inner?.name ?? '')] }];
}

type NumericDefinition = Extract<
  APIApplicationCommandBasicOption,
  { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
>;
type OtherDefinition = Exclude<APIApplicationCommandBasicOption, NumericDefinition>;
/** Option values whose shape is the same in commands and autocomplete requests. */
type SharedOption = Exclude<CommandOption, { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }>;

function isNumeric(definition: APIApplicationCommandBasicOption): definition is NumericDefinition {
  return definition.type === ApplicationCommandOptionType.Integer || definition.type === ApplicationCommandOptionType.Number;
}

function commandOption(
  setting: InteractionSetting,
  command: APIApplicationCommand,
  definition: APIApplicationCommandBasicOption,
  raw: OptionValue,
  resolved: Resolved,
): CommandOption {
  const where = `/${command.name} option ${definition.name}`;
  if (!isNumeric(definition)) return sharedOption(setting, where, definition, raw, resolved);
  const integer = definition.type === ApplicationCommandOptionType.Integer;
  if (typeof raw !== 'number' || (integer && !Number.isInteger(raw))) {
    throw new Error(`${where} takes ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
  }
  checkChoices(where, definition.choices, raw);
  if (definition.min_value !== undefined && raw < definition.min_value) {
    throw new Error(`${where} must be at least ${definition.min_value}`);
  }
  if (definition.max_value !== undefined && raw > definition.max_value) {
    throw new Error(`${where} must be at most ${definition.max_value}`);
  }
  return definition.type === ApplicationCommandOptionType.Integer
    ? { type: definition.type, name: definition.name, value: raw }
    : { type: definition.type, name: definition.name, value: raw };
}

function sharedOption(
  setting: InteractionSetting,
  where: string,
  definition: OtherDefinition,
  raw: OptionValue,
  resolved: Resolved,
): SharedOption {
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof raw !== 'string') throw new Error(`${where} takes a string, got ${JSON.stringify(raw)}`);
      checkChoices(where, definition.choices, raw);
      if (definition.min_length !== undefined && raw.length < definition.min_length) {
        throw new Error(`${where} needs at least ${definition.min_length} characters`);
      }
      if (definition.max_length !== undefined && raw.length > definition.max_length) {
        throw new Error(`${where} takes at most ${definition.max_length} characters`);
      }
      return { type: definition.type, name: definition.name, value: raw };
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof raw !== 'boolean') throw new Error(`${where} takes true or false, got ${JSON.stringify(raw)}`);
      return { type: definition.type, name: definition.name, value: raw };
    case ApplicationCommandOptionType.User:
      resolveUser(setting, where, String(raw), resolved);
      return { type: definition.type, name: definition.name, value: String(raw) };
    case ApplicationCommandOptionType.Role:
      resolveRole(setting, where, String(raw), resolved);
      return { type: definition.type, name: definition.name, value: String(raw) };
    case ApplicationCommandOptionType.Mentionable:
      if (setting.guild.roles.some((r) => r.id === String(raw))) resolveRole(setting, where, String(raw), resolved);
      else resolveUser(setting, where, String(raw), resolved);
      return { type: definition.type, name: definition.name, value: String(raw) };
    case ApplicationCommandOptionType.Channel: {
      const channel = resolveChannel(setting, where, String(raw), resolved);
      if (definition.channel_types && !definition.channel_types.some((t) => Number(t) === channel.type)) {
        throw new Error(`${where} does not accept a channel of type ${channel.type}`);
      }
      return { type: definition.type, name: definition.name, value: String(raw) };
    }
    case ApplicationCommandOptionType.Attachment:
      if (!(raw instanceof FakeUpload)) throw new Error(`${where} takes a file from fake.upload(...), got ${JSON.stringify(raw)}`);
      resolved.attachments[raw.id] = raw.attachment;
      return { type: definition.type, name: definition.name, value: raw.id };
  }
}

function autocompleteOption(
  setting: InteractionSetting,
  command: APIApplicationCommand,
  definition: APIApplicationCommandBasicOption,
  raw: OptionValue,
  resolved: Resolved,
): AutocompleteOption {
  if (!isNumeric(definition)) return sharedOption(setting, `/${command.name} option ${definition.name}`, definition, raw, resolved);
  // While the member is still typing, Discord sends numeric options as the text typed so far.
  return definition.type === ApplicationCommandOptionType.Integer
    ? { type: definition.type, name: definition.name, value: String(raw) }
    : { type: definition.type, name: definition.name, value: String(raw) };
}

function focusedOption(definition: APIApplicationCommandBasicOption, typed: string): AutocompleteOption {
  switch (definition.type) {
    case ApplicationCommandOptionType.Integer:
      return { type: definition.type, name: definition.name, value: typed, focused: true };
    case ApplicationCommandOptionType.Number:
      return { type: definition.type, name: definition.name, value: typed, focused: true };
    default:
      return { type: ApplicationCommandOptionType.String, name: definition.name, value: typed, focused: true };
  }
}

function checkChoices(where: string, choices: readonly { readonly value: string | number }[] | undefined, value: string | number): void {
  if (choices && choices.length > 0 && !choices.some((c) => c.value === value)) {
    throw new Error(`${where} must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}, got ${JSON.stringify(value)}`);
  }
}

function resolveUser(setting: InteractionSetting, where: string, id: string, resolved: Resolved): void {
  const member = setting.guild.members.get(id);
  const user = member?.user ?? setting.world.user(id);
  if (!user) throw new Error(`${where}: no user ${id} in the fake's world`);
  resolved.users[id] = user;
  if (member) resolved.members[id] = resolvedMember(setting, member);
}

function resolvedMember(setting: InteractionSetting, member: MemberState): APIInteractionDataResolvedGuildMember {
  const { user: _user, deaf: _deaf, mute: _mute, ...rest } = apiMember(member);
  return { ...rest, permissions: setting.world.permissionsIn(setting.channel, member.user.id).toString() };
}

function resolveRole(setting: InteractionSetting, where: string, id: string, resolved: Resolved): void {
  const role = setting.guild.roles.find((r) => r.id === id);
  if (!role) throw new Error(`${where}: no role ${id} in guild ${setting.guild.id}`);
  resolved.roles[id] = role;
}

function resolveChannel(setting: InteractionSetting, where: string, id: string, resolved: Resolved): ChannelState {
  const channel = setting.guild.channels.find((c) => c.id === id && !c.deleted);
  if (!channel) throw new Error(`${where}: no channel ${id} in guild ${setting.guild.id}`);
  resolved.channels[id] = {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    permissions: setting.world.permissionsIn(channel, setting.member.user.id).toString(),
  };
  return channel;
}

function componentData(
  setting: InteractionSetting,
  component: APIComponentInMessageActionRow,
  values: readonly string[] | undefined,
): APIMessageComponentInteractionData {
  if (component.type === ComponentType.Button) {
    if (component.style === ButtonStyle.Link || component.style === ButtonStyle.Premium) {
      throw new Error('link and premium buttons open in the client and never reach the bot');
    }
    if (values !== undefined) throw new Error(`button ${component.custom_id} takes no values`);
    return { custom_id: component.custom_id, component_type: ComponentType.Button };
  }
  const chosen = [...(values ?? [])];
  const min = component.min_values ?? 1;
  const max = component.max_values ?? 1;
  if (chosen.length < min || chosen.length > max) {
    throw new Error(`select ${component.custom_id} takes ${min}–${max} value(s), got ${chosen.length}`);
  }
  const where = `select ${component.custom_id}`;
  const resolved = emptyResolved();
  const base = { custom_id: component.custom_id, values: chosen };
  switch (component.type) {
    case ComponentType.StringSelect: {
      const offered = component.options.map((o) => o.value);
      const unknown = chosen.filter((v) => !offered.includes(v));
      if (unknown.length > 0) throw new Error(`${where} offers ${offered.join(', ')}, not ${unknown.join(', ')}`);
      return { ...base, component_type: component.type };
    }
    case ComponentType.UserSelect:
      for (const id of chosen) resolveUser(setting, where, id, resolved);
      return { ...base, component_type: component.type, resolved: { users: resolved.users, members: resolved.members } };
    case ComponentType.RoleSelect:
      for (const id of chosen) resolveRole(setting, where, id, resolved);
      return { ...base, component_type: component.type, resolved: { roles: resolved.roles } };
    case ComponentType.MentionableSelect:
      for (const id of chosen) {
        if (setting.guild.roles.some((r) => r.id === id)) resolveRole(setting, where, id, resolved);
        else resolveUser(setting, where, id, resolved);
      }
      return { ...base, component_type: component.type, resolved: compactResolved(resolved) };
    case ComponentType.ChannelSelect:
      for (const id of chosen) resolveChannel(setting, where, id, resolved);
      return { ...base, component_type: component.type, resolved: { channels: resolved.channels } };
  }
}

function allComponents(message: APIMessage): APIComponentInMessageActionRow[] {
  return (message.components ?? []).flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []));
}

function findComponent(message: APIMessage, customId: string): APIComponentInMessageActionRow | undefined {
  return allComponents(message).find((c) => 'custom_id' in c && c.custom_id === customId);
}

function emptyResolved(): Resolved {
  return { users: {}, members: {}, roles: {}, channels: {}, attachments: {} };
}

function isEmptyResolved(resolved: Resolved): boolean {
  return Object.values(resolved).every((group) => Object.keys(group).length === 0);
}

/** `resolved` with only the groups that have entries, as Discord sends it. */
function compactResolved(resolved: Resolved): APIInteractionDataResolved {
  return Object.fromEntries(Object.entries(resolved).filter(([, group]) => Object.keys(group).length > 0));
}
