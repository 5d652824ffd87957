/**
 * Characters data text may not contain: C0 and C1 controls (a NUL truncates
 * text in C libraries, ESC drives terminals) and the bidi overrides and
 * isolates U+202A–U+202E and U+2066–U+2069, which make text display in another
 * order than it is read (a reversed URL or number). Newline and tab are
 * allowed only where text has lines, in narrative.md.
 */
// Built from escaped strings, which no-control-regex does not flag: matching these characters is the point.
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f';
const CONTROLS_BUT_TAB_AND_NEWLINE = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';
const BIDI = '\\u202a-\\u202e\\u2066-\\u2069';
const FORBIDDEN = new RegExp(`[${CONTROLS}${BIDI}]`);
const FORBIDDEN_ALL = new RegExp(`[${CONTROLS}${BIDI}]`, 'g');
const FORBIDDEN_IN_LINES = new RegExp(`[${CONTROLS_BUT_TAB_AND_NEWLINE}${BIDI}]`);

/** Text without a forbidden character; as a regex so the JSON Schema carries it as a `pattern` and editors flag them too. */
export const NO_FORBIDDEN_CHARACTERS = new RegExp(`^[^${CONTROLS}${BIDI}]*$`);

/** Where the first forbidden character is, or undefined. `lines` allows newline and tab. */
export function firstForbiddenCharacter(text: string, lines = false): { index: number; code: number } | undefined {
  const m = (lines ? FORBIDDEN_IN_LINES : FORBIDDEN).exec(text);
  return m === null ? undefined : { index: m.index, code: m[0].charCodeAt(0) };
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What the character is, for a message: `control character U+001B` or `bidi control U+202E`. */
export function describeForbiddenCharacter(code: number): string {
  return code >= 0x202a ? `bidi control ${codePoint(code)}` : `control character ${codePoint(code)}`;
}

/** `text` with every forbidden character written as a visible \u escape, safe to echo in a message or a terminal. */
export function escapeForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value quoted for a message, its forbidden characters escaped: JSON.stringify leaves C1 and bidi controls raw. */
export function quoteText(text: string): string {
  return escapeForbiddenCharacters(JSON.stringify(text));
}

/** Like quoteText, but long text is cut to its first `max` characters: a message quotes what was written, not all of it. */
export function quoteShort(text: string, max = 60): string {
  return quoteText(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}
