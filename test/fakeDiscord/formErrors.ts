import type { RESTErrorFieldInformation } from 'discord-api-types/v10';
import type { z } from 'zod';

/**
 * Discord's nested error object for `50035 Invalid Form Body`: one key per
 * path segment (array indices as strings) and `_errors` at the offending field,
 * e.g. `{ embeds: { "0": { title: { _errors: [...] } } } }`.
 */
export interface FormErrorTree {
  _errors?: RESTErrorFieldInformation[];
  [segment: string]: FormErrorTree | RESTErrorFieldInformation[] | undefined;
}

/** The Discord error code a custom zod issue carries in `params.discordCode`. */
export interface DiscordIssueParams {
  readonly discordCode: string;
}

/**
 * Folds zod issues into Discord's error tree, translating each issue into the
 * code and wording Discord uses for the same mistake. Parse with
 * `{ reportInput: true }` so missing fields read "This field is required".
 */
export function formErrors(issues: readonly z.core.$ZodIssue[]): FormErrorTree {
  const root: FormErrorTree = {};
  for (const issue of issues) {
    let node = root;
    for (const segment of issue.path) {
      const key = String(segment);
      const child = node[key];
      if (child === undefined || Array.isArray(child)) {
        const fresh: FormErrorTree = {};
        node[key] = fresh;
        node = fresh;
      } else {
        node = child;
      }
    }
    (node._errors ??= []).push(describeIssue(issue));
  }
  return root;
}

function describeIssue(issue: z.core.$ZodIssue): RESTErrorFieldInformation {
  if (issue.code !== 'custom' && 'input' in issue && issue.input === undefined) {
    return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
  }
  switch (issue.code) {
    case 'custom': {
      const params = issue.params as Partial<DiscordIssueParams> | undefined;
      return { code: params?.discordCode ?? 'BASE_TYPE_INVALID', message: issue.message };
    }
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${String(issue.maximum)}.` }
        : { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${String(issue.maximum)} or fewer in length.` };
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${String(issue.minimum)}.` }
        : { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${String(issue.minimum)} or more in length.` };
    case 'invalid_type':
      return typeMismatch(issue.expected, issue.input);
    case 'invalid_value':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${issue.values.map(String).join(', ')}}.` };
    case 'invalid_union':
      return discriminatorProblem(issue) ?? { code: 'UNION_TYPE_CHOICES', message: 'Value did not match any of the allowed types.' };
    case 'invalid_format':
      return { code: 'BASE_TYPE_INVALID', message: `Value is not a valid ${issue.format}.` };
    default:
      return { code: 'BASE_TYPE_INVALID', message: issue.message };
  }
}

/** A discriminated union's tag (`type`) that is missing or not one of the known values. */
function discriminatorProblem(issue: z.core.$ZodIssueInvalidUnion): RESTErrorFieldInformation | null {
  // zod reports these on discriminated unions without declaring them on the issue type.
  if (!('discriminator' in issue) || !('options' in issue)) return null;
  const { discriminator, options } = issue;
  if (typeof discriminator !== 'string' || !Array.isArray(options)) return null;
  const input: unknown = issue.input;
  const tag = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
  if (tag === undefined) return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
  return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${options.map(String).join(', ')}}.` };
}

function typeMismatch(expected: string, input: unknown): RESTErrorFieldInformation {
  const shown = JSON.stringify(input) ?? String(input);
  switch (expected) {
    case 'string':
      return { code: 'BASE_TYPE_STRING', message: `Could not interpret ${shown} as string.` };
    case 'number':
    case 'int':
      return { code: 'NUMBER_TYPE_COERCE', message: `Value ${shown} is not ${expected === 'int' ? 'int' : 'a valid number'}.` };
    case 'boolean':
      return { code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.' };
    case 'array':
      return { code: 'BASE_TYPE_ARRAY', message: `Value ${shown} is not an array.` };
    case 'object':
      return { code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
    default:
      return { code: 'BASE_TYPE_INVALID', message: `Value ${shown} is not ${expected}.` };
  }
}
