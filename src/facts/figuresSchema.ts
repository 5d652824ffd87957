import { z } from 'zod';
import { crossChecks } from './crossChecks';
import {
  MAX_ALIASES,
  MAX_FIGURES,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_NOTE_CHARS,
  MAX_SCHEMA_REF_CHARS,
  MAX_SOURCE_TITLE_CHARS,
  MAX_SOURCES,
  MAX_SUBJECTS,
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  MAX_URL_CHARS,
} from './dataLimits';
import { describeForbiddenCharacter, firstForbiddenCharacter, NO_FORBIDDEN_CHARACTERS } from './forbiddenCharacters';
import { METRIC_IDS, UNITS } from './metrics';
import { isCalendarDate, parsePeriod } from './period';

/**
 * The schema of a snapshot's `figures.json`. It is the single definition of the
 * data format: the loader validates with it and `npm run schema` generates the
 * JSON Schema that editors use from it.
 */

const slug = z
  .string()
  .max(MAX_ID_CHARS)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case slug such as "russell-2000"');

function forbiddenCharacterMessage(input: unknown): string {
  const found = typeof input === 'string' ? firstForbiddenCharacter(input) : undefined;
  return found === undefined
    ? 'contains a control or bidi character'
    : `contains a ${describeForbiddenCharacter(found.code)} at character ${found.index + 1}; remove it`;
}

/** A string of at most `max` characters without control or bidi characters, which would be echoed raw to terminals and chats. */
function plainString(max: number) {
  return z
    .string()
    .max(max)
    .regex(NO_FORBIDDEN_CHARACTERS, { error: (issue) => forbiddenCharacterMessage(issue.input) });
}

/** Display text: a value of only spaces would render as a blank line or an empty field. */
function text(max: number) {
  return plainString(max).regex(/\S/, 'expected text, not empty or only spaces');
}

/**
 * A source link: https only (javascript:, file: and data: links are not
 * sources), a plain host (no user name, which can disguise the real host),
 * no whitespace that could end the link early in Markdown.
 */
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#]\S*)?$/;
const httpsUrl = plainString(MAX_URL_CHARS).regex(HTTPS_URL, 'expected an https: URL with no spaces');

/** Whether `url` may stand as a source's link: what the loader accepts in `sources[].url`. */
export function isSourceUrl(url: string): boolean {
  return httpsUrl.safeParse(url).success;
}

const calendarDate = z.string().refine(isCalendarDate, 'expected a real calendar date written YYYY-MM-DD');

export const QUALIFIERS = ['about', 'around', 'roughly', 'near', 'close to', 'more than', 'less than', 'at least', 'up to'] as const;

export const rangeValueSchema = z
  .strictObject({
    low: z.number().describe('Lower end of the range, e.g. 87 for 87–90'),
    high: z.number().describe('Upper end of the range'),
  })
  .refine((r) => r.low <= r.high, { message: 'range low must not exceed high', path: ['low'] });

export const wordValueSchema = z.strictObject({
  word: text(MAX_NAME_CHARS).describe('A qualitative value as the source says it, e.g. "low-teens"'),
});

export const figureValueSchema = z.union(
  [z.number().describe('A single number, signed: -0.4 for a 0.4% fall'), rangeValueSchema, wordValueSchema],
  { error: 'expected a number, a range such as {"low": 87, "high": 90} or a word such as {"word": "low-teens"}' },
);

export const sourceSchema = z.strictObject({
  number: z.number().int().positive().describe('The reference number as printed in the article'),
  publisher: text(MAX_NAME_CHARS).describe('Publisher as cited, e.g. "apnews.com"'),
  title: text(MAX_SOURCE_TITLE_CHARS).optional(),
  url: httpsUrl.optional(),
});

export const subjectSchema = z.strictObject({
  id: slug,
  name: text(MAX_NAME_CHARS).describe('Display name, e.g. "Russell 2000"'),
  kind: z.enum(['index', 'etf', 'futures', 'economy', 'policy', 'market-segment']),
  aliases: z.array(text(MAX_NAME_CHARS)).max(MAX_ALIASES).default([]).describe('Other names members type, matched case-insensitively'),
});

export const TOPICS = ['levels', 'short-interest', 'valuation', 'earnings', 'macro', 'technicals', 'world'] as const;

export const figureSchema = z.strictObject({
  id: slug,
  topic: z.enum(TOPICS),
  subject: slug.describe('id of an entry in "subjects"'),
  metric: z.enum(METRIC_IDS),
  value: figureValueSchema,
  unit: z.enum(UNITS),
  qualifier: z.enum(QUALIFIERS).optional().describe('How the source hedges the value'),
  period: z
    .string()
    .refine((p) => parsePeriod(p).ok, {
      error: (issue) => {
        const result = parsePeriod(String(issue.input));
        return result.ok ? 'invalid period' : result.error;
      },
    })
    .describe('Day 2025-12-05, month 2025-10, quarter 2025-Q3, year 2025, or an interval A/B'),
  segment: text(MAX_NAME_CHARS).optional().describe('Part of the subject measured, e.g. "Industrials" or "excluding energy"'),
  basis: text(MAX_NAME_CHARS).optional().describe('How it is measured, e.g. "1-year forward P/E" or "median constituent"'),
  comparedTo: slug.optional().describe('id of the subject this figure is measured against'),
  conflictGroup: slug.optional().describe('Figures that disagree about one fact share a group and are shown side by side'),
  note: text(MAX_NOTE_CHARS).optional(),
  sources: z.array(z.number().int().positive()).min(1).describe('Reference numbers from "sources"'),
});

export const figuresFileSchema = z
  .strictObject({
    $schema: plainString(MAX_SCHEMA_REF_CHARS).optional(),
    asOf: calendarDate.describe('The as-of date of the snapshot; must match its folder name'),
    title: text(MAX_TITLE_CHARS),
    summary: text(MAX_SUMMARY_CHARS).optional(),
    sources: z.array(sourceSchema).min(1).max(MAX_SOURCES),
    subjects: z.array(subjectSchema).min(1).max(MAX_SUBJECTS),
    figures: z.array(figureSchema).max(MAX_FIGURES),
  })
  .superRefine((file, ctx) => {
    for (const issue of crossChecks(file)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  });

export type FiguresFile = z.infer<typeof figuresFileSchema>;
export type SourceEntry = z.infer<typeof sourceSchema>;
export type SubjectEntry = z.infer<typeof subjectSchema>;
export type FigureEntry = z.infer<typeof figureSchema>;
export type FigureValue = z.infer<typeof figureValueSchema>;
export type Qualifier = (typeof QUALIFIERS)[number];
export type Topic = (typeof TOPICS)[number];
