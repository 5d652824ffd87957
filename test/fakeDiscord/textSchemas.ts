import { z } from 'zod';
import type { DiscordIssueParams } from './formErrors';

/**
 * Discord measures text in Unicode code points (its API is Python), not UTF-16
 * units: "📈" is one character there and two in `String#length`.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * A string of `min`–`max` characters, refused with Discord's wording:
 * "Must be 2000 or fewer in length.", "Must be between 1 and 100 in length.",
 * or, for an empty string where text is required, "This field is required".
 */
export function boundedText(min: number, max: number) {
  return z.string().superRefine((value, ctx) => {
    const length = characterCount(value);
    if (length >= min && length <= max) return;
    const [discordCode, message] =
      length === 0
        ? ['BASE_TYPE_REQUIRED', 'This field is required']
        : min === 0
          ? ['BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`]
          : ['BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`];
    const params: DiscordIssueParams = { discordCode };
    ctx.addIssue({ code: 'custom', message, params });
  });
}

/** A Discord id: a decimal snowflake, rejected with Discord's wording otherwise. */
export const snowflakeSchema = z.string().superRefine((value, ctx) => {
  if (/^\d{1,20}$/.test(value)) return;
  const params: DiscordIssueParams = { discordCode: 'NUMBER_TYPE_COERCE' };
  ctx.addIssue({ code: 'custom', message: `Value "${value}" is not snowflake.`, params });
});
