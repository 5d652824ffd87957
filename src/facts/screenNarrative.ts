import {
  MAX_MARKDOWN_ITEMS,
  MAX_MARKDOWN_MARKS,
  MAX_MARKDOWN_MARKS_PER_PARAGRAPH,
  MAX_MARKDOWN_NESTING,
  MAX_NARRATIVE_LINE_CHARS,
} from './dataLimits';
import { describeForbiddenCharacter, firstForbiddenCharacter } from './forbiddenCharacters';
import type { DataError } from './snapshot';

/** A thematic break such as `* * *` or `---`, which marked reads before it looks for list items. */
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/;
const ORDERED_MARKER = /^\d{1,9}[.)]/;
/** Characters that open emphasis, links, images, HTML and code: what marked spends its time matching. */
const MARKS_SHOWN = '* _ ~ [ < `';
const MARKS = new Set([...MARKS_SHOWN.replaceAll(' ', '')].map((ch) => ch.charCodeAt(0)));

/** The container markers at the start of a line: `>` quotes, list markers, and the whitespace around them. */
interface LinePrefix {
  readonly quotes: number;
  readonly markers: number;
  /** Columns of whitespace, not counting the one space that follows each marker; a tab counts 4, the most it can mean. */
  readonly whitespace: number;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function prefixOf(line: string): LinePrefix {
  let i = 0;
  let quotes = 0;
  let markers = 0;
  let whitespace = 0;
  for (;;) {
    while (isSpace(line[i])) whitespace += line[i++] === '\t' ? 4 : 1;
    const ch = line[i];
    let width = 0;
    if (ch === '>') width = 1;
    else if ((ch === '-' || ch === '*' || ch === '+') && (isSpace(line[i + 1]) || i + 1 === line.length)) width = 1;
    else if (ch !== undefined && ch >= '0' && ch <= '9') {
      const ordered = ORDERED_MARKER.exec(line.slice(i, i + 11));
      const end = i + (ordered?.[0].length ?? 0);
      if (ordered !== null && (isSpace(line[end]) || end === line.length)) width = ordered[0].length;
    }
    // Only where the first list marker stands can a thematic break start; testing there alone keeps the scan linear.
    if (width === 0 || (ch !== '>' && markers === 0 && THEMATIC_BREAK.test(line.slice(i).trimEnd()))) break;
    if (ch === '>') quotes++;
    else markers++;
    i += width;
    if (isSpace(line[i])) i++;
  }
  return { quotes, markers, whitespace };
}

/**
 * Checks narrative.md as plain text before marked lexes it, in one pass over
 * its lines, so no file can make the Markdown lexer stall: line length,
 * control and bidi characters, list and quote nesting, the number of list
 * items, and Markdown marks (marked's emphasis matching grows faster than
 * the text). Every problem is located by line.
 *
 * Nesting is estimated on each line that starts with a marker or a quote,
 * without tracking which lists are open: every `>` is a level, every list
 * marker is a level, and every two columns of indentation may be one (a
 * nested item starts at least two columns right of its parent's marker).
 * A line that does not start with `>` below a line with a quote (no blank
 * line between) may continue inside that quote, so it counts from that
 * line's depth.
 * The estimate can be too high (a list indented four spaces a level reaches
 * the limit at its fifth level) but never too low, which is what matters.
 */
export function screenNarrative(src: string, file: string): DataError[] {
  const errors: DataError[] = [];
  const fail = (line: number, message: string) => errors.push({ file, location: `line ${line}`, message });
  /** Where the current paragraph (or list item's text) starts, and its Markdown marks so far. */
  let paragraph: { line: number; marks: number } | undefined;
  /** The last line with quotes since a blank one: marked lets later lines continue inside it lazily. */
  let quoted: { depth: number } | undefined;
  let totalMarks = 0;
  let items = 0;
  let reportedTotal = false;
  let lineNumber = 0;
  for (let start = 0; start <= src.length;) {
    const newline = src.indexOf('\n', start);
    const end = newline === -1 ? src.length : newline;
    const line = src.slice(start, end);
    start = end + 1;
    lineNumber++;
    if (line.length > MAX_NARRATIVE_LINE_CHARS) {
      fail(
        lineNumber,
        `line is ${line.length} characters long; at most ${MAX_NARRATIVE_LINE_CHARS}, so break it (a single line break does not show)`,
      );
      continue;
    }
    const forbidden = firstForbiddenCharacter(line, true);
    if (forbidden !== undefined) {
      fail(lineNumber, `contains a ${describeForbiddenCharacter(forbidden.code)} at column ${forbidden.index + 1}; remove it`);
    }
    if (line.trim() === '') {
      paragraph = undefined;
      quoted = undefined;
      continue;
    }

    const prefix = prefixOf(line);
    if (prefix.markers > 0) paragraph = undefined;
    const own = prefix.quotes + prefix.markers + Math.floor(prefix.whitespace / 2);
    // A line that does not start with `>` may continue lazily inside the quote above it, nesting from its depth.
    const depth = quoted !== undefined && !line.trimStart().startsWith('>') ? quoted.depth + own : own;
    if (prefix.quotes > 0) quoted = { depth };
    if ((prefix.markers > 0 || prefix.quotes > 0) && depth > MAX_MARKDOWN_NESTING) {
      fail(
        lineNumber,
        `lists and quotes nested ${depth} levels deep (each two columns of indentation count as one); at most ${MAX_MARKDOWN_NESTING} are allowed`,
      );
    }

    if (prefix.markers > 0 || prefix.quotes > 0 || line.trimStart().startsWith('|')) items++;
    if (items === MAX_MARKDOWN_ITEMS + 1) {
      fail(lineNumber, `more than ${MAX_MARKDOWN_ITEMS} list items, quote lines and table rows by this line; split the narrative`);
    }
    let marks = 0;
    for (let i = 0; i < line.length; i++) if (MARKS.has(line.charCodeAt(i))) marks++;
    paragraph ??= { line: lineNumber, marks: 0 };
    paragraph.marks += marks;
    if (paragraph.marks > MAX_MARKDOWN_MARKS_PER_PARAGRAPH && paragraph.marks - marks <= MAX_MARKDOWN_MARKS_PER_PARAGRAPH) {
      fail(
        paragraph.line,
        `paragraph has more than ${MAX_MARKDOWN_MARKS_PER_PARAGRAPH} Markdown marks (${MARKS_SHOWN}); split it or write fewer`,
      );
    }
    totalMarks += marks;
    if (totalMarks > MAX_MARKDOWN_MARKS && !reportedTotal) {
      reportedTotal = true;
      fail(
        lineNumber,
        `the file has more than ${MAX_MARKDOWN_MARKS} Markdown marks (${MARKS_SHOWN}) by this line; split the narrative or write fewer`,
      );
    }
  }
  return errors;
}
