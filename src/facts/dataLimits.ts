/**
 * The limits every boundary of Briefing Desk enforces on data it is given
 * (issue 8), in one place so the loader, the drafter, uploads and the README
 * quote the same numbers. Each is far above what real data needs and far
 * below what would let one file stall or exhaust the bot.
 */

/** An article for the drafter, or any upload: a long article is about 60 KB, and the whole upload is held in memory at once. */
export const MAX_UPLOAD_BYTES = 1_048_576;

/** figures.json or narrative.md: the benchmark's 100× synthetic data is about 2.4 MB + 1.8 MB, and a file is read whole into memory. */
export const MAX_DATA_FILE_BYTES = 4 * 1_048_576;

/** A whole reload's file reads: a healthy disk reads the data in milliseconds; a hung one must not hold reloads back forever. */
export const DATA_READ_TIMEOUT_MS = 10_000;

/** Fetching an uploaded file from Discord's CDN: 1 MiB arrives in well under a second; a stalled link must not hold the interaction (15 min) or a publish queue. */
export const UPLOAD_DOWNLOAD_TIMEOUT_MS = 15_000;

/** figures.json needs 5 levels; recursive walkers and error paths stay shallow instead of overflowing the stack. */
export const MAX_JSON_DEPTH = 32;

/** A snapshot's title: it heads embeds, whose titles Discord cuts at 256 characters. */
export const MAX_TITLE_CHARS = 256;

/** A snapshot's summary: a paragraph; an embed description holds 4,096 characters with room left for the figures. */
export const MAX_SUMMARY_CHARS = 2_000;

/** An id (figure, subject, conflict group): a slug such as "rut-record-close-dec-4", typed in commands and quoted in messages. */
export const MAX_ID_CHARS = 100;

/** Subject name, alias, publisher, segment, basis, word value: a name or a short phrase, shown inline in answers and field names. */
export const MAX_NAME_CHARS = 200;

/** A figure's note: a sentence or two; one long unbroken word is what made text splitting stall. */
export const MAX_NOTE_CHARS = 1_000;

/** A source's title: headlines are under 150 characters; the citation line must fit an embed field. */
export const MAX_SOURCE_TITLE_CHARS = 300;

/** A source URL: real article URLs are under 200 characters; longer ones are tracking junk or smuggled text. */
export const MAX_URL_CHARS = 500;

/** The `$schema` reference at the top of figures.json: a relative path or URL for editors. */
export const MAX_SCHEMA_REF_CHARS = 500;

/** Figures in one snapshot: 100 times the shipped 50 is 5,000; each is validated and indexed in memory. */
export const MAX_FIGURES = 10_000;

/** Sources in one snapshot: 100 times the shipped 42 is 4,200. */
export const MAX_SOURCES = 10_000;

/** Subjects in one snapshot: the shipped data has 18; every answer searches them by name. */
export const MAX_SUBJECTS = 1_000;

/** Aliases of one subject: the shipped data has at most 7; every alias is matched on every lookup. */
export const MAX_ALIASES = 50;

/** The longest list anywhere in figures.json (figures, sources): longer lists are refused before each item is validated. */
export const MAX_LIST_ENTRIES = Math.max(MAX_FIGURES, MAX_SOURCES);

/** Fields of one object in figures.json: the schema's largest has 15; each unknown one costs an error message. */
export const MAX_OBJECT_FIELDS = 100;

/** Narrative entries in one snapshot: 100 times the shipped 19 is 1,900. */
export const MAX_NARRATIVE_ENTRIES = 5_000;

/** Snapshot folders in the data folder: one a week is 52 a year; all of them are held in memory. */
export const MAX_SNAPSHOT_FOLDERS = 1_000;

/** List and blockquote nesting in narrative.md: prose needs 2 or 3; marked's lexer takes seconds and gigabytes on a thousand. */
export const MAX_MARKDOWN_NESTING = 8;

/** A line of narrative.md: the shipped paragraphs are under 600 characters, each on one line; Discord shows 4,096 per embed. */
export const MAX_NARRATIVE_LINE_CHARS = 5_000;

/** Markdown marks (`* _ ~ [ < \``) in one paragraph of narrative.md: the shipped data has at most 22; marked's emphasis matching grows faster than the text. */
export const MAX_MARKDOWN_MARKS_PER_PARAGRAPH = 500;

/** Markdown marks in all of narrative.md: the 100× synthetic data has 11,500; each costs marked microseconds, so 4 MiB of them would take seconds. */
export const MAX_MARKDOWN_MARKS = 50_000;

/** List items, quote lines and table rows in narrative.md: the 100× synthetic data has 4,600; marked takes 3–5 µs each, so a million would take seconds. */
export const MAX_MARKDOWN_ITEMS = 50_000;

/**
 * `text` shortened to fit a field of `max` characters, for text drawn from
 * an article rather than typed for the field: cut at a sentence end when one
 * falls in the second half, otherwise marked with "…".
 */
export function clipToLimit(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sentenceEnd = cut.lastIndexOf('. ');
  return sentenceEnd > max / 2 ? cut.slice(0, sentenceEnd + 1) : `${cut.trimEnd()}…`;
}
