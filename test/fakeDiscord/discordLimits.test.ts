import { ChannelType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { applicationCommandSchema, bulkOverwriteSchema } from './commandSchema';
import { formErrors } from './formErrors';
import { interactionCallbackSchema, messageCreateSchema } from './messageSchemas';
import { mentionViolation } from './mentionViolation';

function errorsOf(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body, { reportInput: true });
  return result.success ? null : formErrors(result.error.issues);
}

const field = (code: string, message?: string) => ({
  _errors: [message === undefined ? expect.objectContaining({ code }) : { code, message }],
});

describe('Discord message limits', () => {
  test('GIVEN content of 2000 emoji THEN it passes, because Discord counts code points; 2001 characters THEN BASE_TYPE_MAX_LENGTH', () => {
    expect(errorsOf(messageCreateSchema, { content: '📈'.repeat(2000) })).toBeNull();
    expect(errorsOf(messageCreateSchema, { content: 'x'.repeat(2001) })).toEqual({
      content: field('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.'),
    });
  });

  test('GIVEN embed fields at and past each limit THEN only the ones past it are named, at their path', () => {
    const ok = {
      title: 't'.repeat(256),
      footer: { text: 'f'.repeat(2048) },
      author: { name: 'a'.repeat(256) },
      fields: [{ name: 'n'.repeat(256), value: 'v'.repeat(1024) }],
    };
    expect(errorsOf(messageCreateSchema, { embeds: [ok] })).toBeNull();
    const bad = { title: 't'.repeat(257), footer: { text: 'f'.repeat(2049) }, author: { name: '' }, fields: [{ name: 'n', value: '' }] };
    expect(errorsOf(messageCreateSchema, { embeds: [bad] })).toEqual({
      embeds: {
        0: {
          title: field('BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.'),
          footer: { text: field('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 2048 in length.') },
          author: { name: field('BASE_TYPE_REQUIRED', 'This field is required') },
          fields: { 0: { value: field('BASE_TYPE_REQUIRED', 'This field is required') } },
        },
      },
    });
  });

  test('GIVEN 11 embeds, 26 fields, 6 action rows THEN each count is refused', () => {
    expect(errorsOf(messageCreateSchema, { embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) })).toEqual({
      embeds: field('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.'),
    });
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    expect(errorsOf(messageCreateSchema, { embeds: [{ fields }] })).toEqual({ embeds: { 0: { fields: field('BASE_TYPE_MAX_LENGTH') } } });
    const row = { type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'A' }] };
    const rows = Array.from({ length: 6 }, (_, i) => ({ ...row, components: [{ ...row.components[0], custom_id: `c${i}` }] }));
    expect(errorsOf(messageCreateSchema, { content: 'x', components: rows })).toEqual({ components: field('BASE_TYPE_MAX_LENGTH') });
  });

  test('GIVEN embeds whose text together exceeds 6000 THEN MAX_EMBED_SIZE_EXCEEDED on embeds', () => {
    const embeds = [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(1000), fields: [{ name: 'n', value: 'v'.repeat(1000) }] }];
    expect(errorsOf(messageCreateSchema, { embeds })).toEqual({
      embeds: field('MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000'),
    });
  });

  test('GIVEN a nonce over 25 characters or duplicated custom ids THEN they are refused', () => {
    expect(errorsOf(messageCreateSchema, { content: 'x', nonce: 'n'.repeat(26) })).toMatchObject({ nonce: expect.anything() });
    const button = (id: string) => ({ type: 2, style: 1, custom_id: id, label: id });
    expect(errorsOf(messageCreateSchema, { content: 'x', components: [{ type: 1, components: [button('a'), button('a')] }] })).toEqual({
      components: field('COMPONENT_CUSTOM_ID_DUPLICATED'),
    });
  });

  test('GIVEN components Discord refuses THEN a link button needs a url and a select menu fills its row alone', () => {
    const link = { type: 2, style: 5, label: 'Source' };
    expect(errorsOf(messageCreateSchema, { content: 'x', components: [{ type: 1, components: [link] }] })).toEqual({
      components: { 0: { components: { 0: { url: field('BASE_TYPE_REQUIRED', 'This field is required') } } } },
    });
    const select = { type: 3, custom_id: 'pick', options: [{ label: 'Russell 2000', value: 'russell-2000' }] };
    const button = { type: 2, style: 1, custom_id: 'go', label: 'Go' };
    expect(errorsOf(messageCreateSchema, { content: 'x', components: [{ type: 1, components: [select, button] }] })).toEqual({
      components: { 0: { components: field('COMPONENT_LAYOUT_WIDTH_EXCEEDED') } },
    });
  });

  test('GIVEN a reply callback without data, or without a type THEN the missing field is required', () => {
    expect(errorsOf(interactionCallbackSchema, { type: 4 })).toEqual({ data: field('BASE_TYPE_REQUIRED', 'This field is required') });
    expect(errorsOf(interactionCallbackSchema, {})).toEqual({ type: field('BASE_TYPE_REQUIRED', 'This field is required') });
    expect(
      errorsOf(interactionCallbackSchema, {
        type: 8,
        data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) },
      }),
    ).toEqual({
      data: { choices: field('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.') },
    });
  });
});

describe('Discord application command rules', () => {
  const command = (extra: object) => ({ name: 'levels', description: 'Index levels', ...extra });

  test('GIVEN commands built with discord.js builders (subcommands, choices, autocomplete, channel types, permissions) THEN they pass', () => {
    const recaps = new SlashCommandBuilder()
      .setName('recaps')
      .setDescription('Weekly recap subscriptions')
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((sub) =>
        sub
          .setName('set')
          .setDescription('Post recaps in a channel')
          .addChannelOption((o) => o.setName('channel').setDescription('Where').setRequired(true).addChannelTypes(ChannelType.GuildText))
          .addStringOption((o) => o.setName('days').setDescription('Which days').addChoices({ name: 'Weekend', value: 'sat,sun' })),
      )
      .addSubcommandGroup((group) =>
        group
          .setName('admin')
          .setDescription('Admin tools')
          .addSubcommand((sub) => sub.setName('reset').setDescription('Reset')),
      );
    const levels = new SlashCommandBuilder()
      .setName('levels')
      .setDescription('Index levels')
      .addStringOption((o) => o.setName('index').setDescription('Which index').setAutocomplete(true))
      .addIntegerOption((o) => o.setName('days').setDescription('Days').setMinValue(1).setMaxValue(30));
    expect(errorsOf(bulkOverwriteSchema, JSON.parse(JSON.stringify([recaps.toJSON(), levels.toJSON()])))).toBeNull();
  });

  test('GIVEN names Discord refuses THEN APPLICATION_COMMAND_INVALID_NAME; a lower-case name with a hyphen passes', () => {
    expect(errorsOf(applicationCommandSchema, command({ name: 'short-interest' }))).toBeNull();
    for (const name of ['Levels', 'two words', 'dollar$']) {
      expect(errorsOf(applicationCommandSchema, command({ name }))).toEqual({
        name: field('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid'),
      });
    }
  });

  test('GIVEN option rules broken THEN each is reported at its option', () => {
    const option = (name: string, extra: object = {}) => ({ type: 3, name, description: 'd', ...extra });
    expect(errorsOf(applicationCommandSchema, command({ options: Array.from({ length: 26 }, (_, i) => option(`o${i}`)) }))).toEqual({
      options: field('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'),
    });
    expect(errorsOf(applicationCommandSchema, command({ options: [option('a'), option('b', { required: true })] }))).toEqual({
      options: { 1: { required: field('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID') } },
    });
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(errorsOf(applicationCommandSchema, command({ options: [option('index', { choices })] }))).toEqual({
      options: { 0: { choices: field('BASE_TYPE_MAX_LENGTH') } },
    });
    expect(
      errorsOf(applicationCommandSchema, command({ options: [option('index', { autocomplete: true, choices: choices.slice(0, 2) })] })),
    ).toMatchObject({
      options: { 0: { autocomplete: expect.anything() } },
    });
  });

  test('GIVEN two commands with one name in a bulk overwrite THEN APPLICATION_COMMANDS_DUPLICATE_NAME on the second', () => {
    expect(errorsOf(bulkOverwriteSchema, [command({}), command({})])).toEqual({
      1: { name: field('APPLICATION_COMMANDS_DUPLICATE_NAME') },
    });
  });
});

describe('allowed_mentions check', () => {
  test('GIVEN each way a body can allow pings THEN it is named; parse: [] alone is safe', () => {
    expect(mentionViolation({ parse: [] })).toBeNull();
    expect(mentionViolation(undefined)).toMatch(/no allowed_mentions/);
    expect(mentionViolation({})).toMatch(/no parse/);
    expect(mentionViolation({ parse: ['everyone'] })).toMatch(/everyone/);
    expect(mentionViolation({ parse: [], users: ['1'] })).toMatch(/users/);
    expect(mentionViolation({ parse: [], replied_user: true })).toMatch(/replied/);
  });
});
