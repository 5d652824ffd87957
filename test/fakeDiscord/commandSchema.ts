import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
} from 'discord-api-types/v10';
import { z } from 'zod';
import type { DiscordIssueParams } from './formErrors';
import { boundedText, characterCount, snowflakeSchema } from './textSchemas';

/**
 * Discord's rules for application commands (create, edit, bulk overwrite),
 * as zod schemas whose failures become Discord's `50035` errors.
 */

const COMMAND_SIZE_LIMIT = 4000;
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function issue(ctx: z.RefinementCtx, path: PropertyKey[], discordCode: string, message: string): void {
  const params: DiscordIssueParams = { discordCode };
  ctx.addIssue({ code: 'custom', path, message, params });
}

/** Chat-input command and option names: Discord's regex, and lower case where a letter has a lower case. */
const chatInputNameSchema = boundedText(1, 32).superRefine((name, ctx) => {
  if (!NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
    issue(ctx, [], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
});

const localizationsSchema = z.record(z.string(), z.string()).nullish();

const optionBase = {
  name: chatInputNameSchema,
  name_localizations: localizationsSchema,
  description: boundedText(1, 100),
  description_localizations: localizationsSchema,
  required: z.boolean().optional(),
};

function choices<T extends z.ZodType<string | number>>(value: T) {
  return z
    .array(z.object({ name: boundedText(1, 100), name_localizations: localizationsSchema, value }))
    .max(25)
    .optional();
}

const stringOption = z.object({
  type: z.literal(ApplicationCommandOptionType.String),
  ...optionBase,
  choices: choices(boundedText(1, 100)),
  autocomplete: z.boolean().optional(),
  min_length: z.number().int().min(0).max(6000).optional(),
  max_length: z.number().int().min(1).max(6000).optional(),
});
const integerOption = z.object({
  type: z.literal(ApplicationCommandOptionType.Integer),
  ...optionBase,
  choices: choices(z.number().int()),
  autocomplete: z.boolean().optional(),
  min_value: z.number().int().optional(),
  max_value: z.number().int().optional(),
});
const numberOption = z.object({
  type: z.literal(ApplicationCommandOptionType.Number),
  ...optionBase,
  choices: choices(z.number()),
  autocomplete: z.boolean().optional(),
  min_value: z.number().optional(),
  max_value: z.number().optional(),
});
const channelOption = z.object({
  type: z.literal(ApplicationCommandOptionType.Channel),
  ...optionBase,
  channel_types: z.array(z.number().int()).optional(),
});
const plainOption = z.object({
  type: z.literal([
    ApplicationCommandOptionType.Boolean,
    ApplicationCommandOptionType.User,
    ApplicationCommandOptionType.Role,
    ApplicationCommandOptionType.Mentionable,
    ApplicationCommandOptionType.Attachment,
  ]),
  ...optionBase,
});

const basicOptionSchema = z
  .discriminatedUnion('type', [stringOption, integerOption, numberOption, channelOption, plainOption])
  .superRefine((option, ctx) => {
    if ('autocomplete' in option && option.autocomplete === true && (option.choices?.length ?? 0) > 0) {
      issue(ctx, ['autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be used with choices');
    }
  });

const subcommandSchema = z
  .object({
    type: z.literal(ApplicationCommandOptionType.Subcommand),
    ...optionBase,
    options: z.array(basicOptionSchema).max(25).optional(),
  })
  .superRefine((sub, ctx) => checkOptionList(sub.options ?? [], ctx, ['options']));

const subcommandGroupSchema = z
  .object({
    type: z.literal(ApplicationCommandOptionType.SubcommandGroup),
    ...optionBase,
    options: z.array(subcommandSchema).min(1).max(25),
  })
  .superRefine((group, ctx) => checkOptionList(group.options, ctx, ['options']));

const anyOptionSchema = z.discriminatedUnion('type', [subcommandGroupSchema, subcommandSchema, basicOptionSchema]);

interface ListedOption {
  readonly type: ApplicationCommandOptionType;
  readonly name: string;
  readonly required?: boolean | undefined;
}

/** Rules across one level of options: unique names, required first, sub-commands not mixed with values. */
function checkOptionList(options: readonly ListedOption[], ctx: z.RefinementCtx, path: PropertyKey[]): void {
  const names = new Set<string>();
  let sawOptional = false;
  const isSub = (o: ListedOption) =>
    o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;
  if (options.some(isSub) && !options.every(isSub)) {
    issue(
      ctx,
      path,
      'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      'Sub-command and sub-command group option types are mutually exclusive to all other types',
    );
  }
  options.forEach((option, index) => {
    if (names.has(option.name)) {
      issue(ctx, [...path, index, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    }
    names.add(option.name);
    if (option.required === true && sawOptional) {
      issue(
        ctx,
        [...path, index, 'required'],
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (option.required !== true) sawOptional = true;
  });
}

type AnyOption = z.infer<typeof subcommandGroupSchema> | z.infer<typeof subcommandSchema> | z.infer<typeof basicOptionSchema>;

/** The characters an option adds toward its command's 4000 limit: names, descriptions and choices, nested. */
function optionSize(option: AnyOption): number {
  let size = characterCount(option.name) + characterCount(option.description);
  if ('choices' in option) {
    for (const choice of option.choices ?? []) size += characterCount(choice.name) + characterCount(String(choice.value));
  }
  if ('options' in option) {
    for (const child of option.options ?? []) size += optionSize(child);
  }
  return size;
}

/** One application command as a client sends it. */
export const applicationCommandSchema = z
  .object({
    id: snowflakeSchema.optional(),
    type: z.enum(ApplicationCommandType).optional(),
    name: boundedText(1, 32),
    name_localizations: localizationsSchema,
    description: z.string().optional(),
    description_localizations: localizationsSchema,
    options: z.array(anyOptionSchema).max(25).optional(),
    default_member_permissions: z.string().regex(/^\d+$/).nullish(),
    dm_permission: z.boolean().nullish(),
    contexts: z.array(z.enum(InteractionContextType)).nullish(),
    integration_types: z.array(z.enum(ApplicationIntegrationType)).nullish(),
    nsfw: z.boolean().optional(),
  })
  .superRefine((command, ctx) => {
    const type = command.type ?? ApplicationCommandType.ChatInput;
    if (type === ApplicationCommandType.ChatInput) {
      const name = chatInputNameSchema.safeParse(command.name);
      if (!name.success) issue(ctx, ['name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      const description = boundedText(1, 100).safeParse(command.description ?? '');
      if (!description.success) {
        issue(ctx, ['description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
      checkOptionList(command.options ?? [], ctx, ['options']);
    } else {
      if ((command.description ?? '') !== '') {
        issue(ctx, ['description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
      }
      if ((command.options?.length ?? 0) > 0) {
        issue(ctx, ['options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
      }
    }
    const size =
      characterCount(command.name) +
      characterCount(command.description ?? '') +
      (command.options ?? []).reduce((sum, option) => sum + optionSize(option), 0);
    if (size > COMMAND_SIZE_LIMIT) {
      issue(ctx, [], 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${COMMAND_SIZE_LIMIT})`);
    }
  });

const PER_TYPE_LIMIT: Readonly<Record<number, number>> = {
  [ApplicationCommandType.ChatInput]: 100,
  [ApplicationCommandType.User]: 15,
  [ApplicationCommandType.Message]: 15,
  [ApplicationCommandType.PrimaryEntryPoint]: 1,
};

/** A bulk overwrite (`PUT .../commands`): each command valid, names unique per type, counts within limits. */
export const bulkOverwriteSchema = z.array(applicationCommandSchema).superRefine((commands, ctx) => {
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  commands.forEach((command, index) => {
    const type = command.type ?? ApplicationCommandType.ChatInput;
    const key = `${type}:${command.name}`;
    if (seen.has(key)) {
      issue(ctx, [index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    }
    seen.set(key, index);
    perType.set(type, (perType.get(type) ?? 0) + 1);
  });
  for (const [type, count] of perType) {
    const limit = PER_TYPE_LIMIT[type] ?? 0;
    if (count > limit) {
      issue(ctx, [], 'APPLICATION_COMMANDS_TOO_MANY', `Maximum number of ${ApplicationCommandType[type]} commands reached (${limit})`);
    }
  }
});

export type ApplicationCommandBody = z.infer<typeof applicationCommandSchema>;
