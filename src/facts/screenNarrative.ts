import { MAX_EMPHASIS_MARKS, MAX_EMPHASIS_MARKS_PER_PARAGRAPH, MAX_MARKDOWN_NESTING, MAX_NARRATIVE_LINE_CHARS } from './dataLimits';
import { describeForbiddenCharacter, firstForbiddenCharacter } from './forbiddenCharacters';
import type { DataError } from './snapshot';

/** A thematic break such as `* * *` or `---`, which marked reads before it looks for list items. */
const THEMATIC_BREAK = /^(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/;
const ORDERED_MARKER = /^\d{1,9}[.)]/;

/** The container markers at the start of a line: `>` quotes and list bullets, as columns. */
interface LinePrefix {
  /** Column of the first list marker, or of the text when there is none. */
  readonly indent: number;
  readonly quotes: number;
  /** The column where each list item's text starts at the earliest (marker end + 1). */
  readonly items: readonly number[];
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Reads the leading `>` and list markers of a line, counting a tab as reaching the next multiple of 4. */
function prefixOf(line: string): LinePrefix {
  let i = 0;
  let column = 0;
  let quotes = 0;
  let indent: number | undefined;
  const items: number[] = [];
  const skipSpaces = () => {
    while (isSpace(line[i])) {
      column = line[i] === '\t' ? column + 4 - (column % 4) : column + 1;
      i++;
    }
  };
  for (;;) {
    skipSpaces();
    const ch = line[i];
    if (ch === '>') {
      quotes++;
      i++;
      column++;
      continue;
    }
    let width = 0;
    if ((ch === '-' || ch === '*' || ch === '+') && (isSpace(line[i + 1]) || i + 1 === line.length)) width = 1;
    else if (ch !== undefined && ch >= '0' && ch <= '9') {
      const ordered = ORDERED_MARKER.exec(line.slice(i, i + 11));
      const end = i + (ordered?.[0].length ?? 0);
      if (ordered !== null && (isSpace(line[end]) || end === line.length)) width = ordered[0].length;
    }
    if (width === 0 || THEMATIC_BREAK.test(line.slice(i).trimEnd())) break;
    indent ??= column;
    i += width;
    column += width;
    items.push(column + 1);
  }
  return { indent: indent ?? column, quotes, items };
}

/**
 * Checks narrative.md as plain text before marked lexes it, in one pass over
 * its lines, so no file can make the Markdown lexer stall: line length,
 * control and bidi characters, list and quote nesting, and emphasis marks
 * (marked's emphasis matching grows faster than the text). Every problem is
 * located by line.
 *
 * Nesting is estimated from the open list items of earlier lines (their text
 * columns) plus the markers on the line. The estimate can only be too high,
 * never too low: lines without a marker, which may be lazy continuations of
 * an item, never close one, and items close only when a marker line is
 * indented less than where their text starts.
 */
export function screenNarrative(src: string, file: string): DataError[] {
  const errors: DataError[] = [];
  const fail = (line: number, message: string) => errors.push({ file, location: `line ${line}`, message });
  /** Text columns of the list items open at this point, innermost last; kept short, as past the limit only the excess matters. */
  const open: number[] = [];
  /** Where the current paragraph (or list item's text) starts, and its emphasis marks so far. */
  let paragraph: { line: number; marks: number } | undefined;
  let totalMarks = 0;
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
      if (newline === -1) break;
      continue;
    }

    const prefix = prefixOf(line);
    if (prefix.items.length > 0) {
      // A quote prefix may be one column wider or narrower than the line that opened an item; keep the item open.
      while (open.length > 0 && open.at(-1)! > prefix.indent + prefix.quotes) open.pop();
      paragraph = undefined;
    }
    const enclosing = prefix.items.length > 0 ? open.length : open.filter((column) => column <= prefix.indent + prefix.quotes).length;
    const depth = enclosing + prefix.quotes + prefix.items.length;
    if (depth > MAX_MARKDOWN_NESTING) {
      fail(lineNumber, `lists and quotes nested ${depth} levels deep; at most ${MAX_MARKDOWN_NESTING} are allowed`);
    }
    for (const column of prefix.items) if (open.length <= MAX_MARKDOWN_NESTING) open.push(column);

    let marks = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 0x2a || c === 0x5f || c === 0x7e) marks++;
    }
    paragraph ??= { line: lineNumber, marks: 0 };
    paragraph.marks += marks;
    if (paragraph.marks > MAX_EMPHASIS_MARKS_PER_PARAGRAPH && paragraph.marks - marks <= MAX_EMPHASIS_MARKS_PER_PARAGRAPH) {
      fail(paragraph.line, `paragraph has more than ${MAX_EMPHASIS_MARKS_PER_PARAGRAPH} emphasis marks (* _ ~); split it or write fewer`);
    }
    totalMarks += marks;
    if (totalMarks > MAX_EMPHASIS_MARKS && !reportedTotal) {
      reportedTotal = true;
      fail(
        lineNumber,
        `the file has more than ${MAX_EMPHASIS_MARKS} emphasis marks (* _ ~) by this line; split the narrative or write fewer`,
      );
    }
    if (newline === -1) break;
  }
  return errors;
}
