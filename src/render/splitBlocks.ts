/** A piece of text that fits a chunk, with what joins it to the piece before. */
interface Unit {
  readonly text: string;
  readonly joiner: string;
  /** The fence line to repeat when this unit starts a chunk inside a code block. */
  readonly reopen?: string;
  /** True when a code block is still open after this unit, so a cut here must close it. */
  readonly open?: boolean;
}

const FENCE = /^\s*```/;
const CLOSE = '\n```';

/** Built on the first cut inside a word: creating a Segmenter loads ICU's data, a few MB that most processes never need. */
let graphemes: Intl.Segmenter | undefined;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Where to cut `text` at or before `start + max`: the last grapheme boundary
 * there, else (one grapheme longer than `max`) the last code point boundary.
 * Only a window just past the cut is segmented: segmenting the whole word
 * took time growing with the square of its length (4 s for 100,000
 * characters, once per figure in an answer). A boundary depends only on
 * the characters around it, so one found inside the window is a boundary of
 * the whole text as long as the window holds the code point after it.
 */
function cutAt(text: string, start: number, max: number, escapingAtStart: boolean): number {
  const cut = graphemeCut(text, start, max);
  // A cut after an escaping backslash would leave the next piece starting with a live `<@id>` or `**`.
  return cut - 1 > start && endsEscaping(text, start, cut, escapingAtStart) ? cut - 1 : cut;
}

/**
 * True when `text` before `end` ends in an odd run of backslashes, so the last
 * one escapes what follows. Counts back to `start` at most, carrying the parity
 * there, so a word of backslashes is still read once.
 */
function endsEscaping(text: string, start: number, end: number, escapingAtStart: boolean): boolean {
  let run = 0;
  while (end - run > start && text[end - run - 1] === '\\') run += 1;
  return (run % 2 === 1) !== (end - run === start && escapingAtStart);
}

function graphemeCut(text: string, start: number, max: number): number {
  const limit = start + max;
  // Between two printable ASCII characters there is always a boundary, and segmenting costs about a microsecond a character.
  if (PRINTABLE_ASCII.test(text.slice(limit - 1, limit + 1))) return limit;
  let cut = start;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { index } of graphemes.segment(text.slice(start, limit + 2))) {
    if (start + index > limit) break;
    cut = start + index;
  }
  if (cut > start) return cut;
  const low = text.charCodeAt(limit - 1);
  // Never end a piece on the high half of a surrogate pair.
  return low >= 0xd800 && low <= 0xdbff ? limit - 1 : limit;
}

/** A word longer than a whole chunk: cut between graphemes, so no emoji or accented letter is broken. */
function hardSplit(word: string, max: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let escaping = false;
  while (word.length - start > max) {
    const cut = cutAt(word, start, max, escaping);
    escaping = endsEscaping(word, start, cut, escaping);
    pieces.push(word.slice(start, cut));
    start = cut;
  }
  if (start < word.length) pieces.push(word.slice(start));
  return pieces;
}

/** A line as units of at most `max`: whole if it fits, else its words, else pieces of an over-long word. */
function lineUnits(line: string, max: number): { text: string; joiner: string }[] {
  if (line.length <= max) return [{ text: line, joiner: '\n' }];
  return line.split(' ').flatMap((word, w) =>
    (word.length <= max ? [word] : hardSplit(word, max)).map((text, p) => ({
      text,
      joiner: p > 0 ? '' : w > 0 ? ' ' : '\n',
    })),
  );
}

/**
 * The units of a block too long for one chunk. Lines inside a code block are
 * cut short enough that the fence can be repeated before them and closed after
 * them; a fence line travels with the line after it, so no chunk ends on an
 * empty code block.
 */
function blockUnits(block: string, max: number): Unit[] {
  const units: Unit[] = [];
  let fence: string | undefined;
  let opener: string | undefined;
  const push = (unit: Unit): void => {
    if (opener === undefined) units.push(unit);
    else units.push({ ...unit, text: `${opener}\n${unit.text}`, joiner: '\n', reopen: undefined });
    opener = undefined;
  };
  for (const line of block.split('\n')) {
    const room = fence === undefined ? max : max - fence.length - 1 - CLOSE.length;
    // A fence line too long to repeat (beyond any real language tag) is treated as text.
    const tracked = fence !== undefined && room >= 2;
    if (FENCE.test(line) && fence === undefined) {
      fence = line;
      if (line.length + 1 + CLOSE.length + 2 <= max) opener = line;
      else lineUnits(line, max).forEach(push);
    } else if (FENCE.test(line)) {
      lineUnits(line, tracked ? room : max).forEach((u) => push(tracked ? { ...u, reopen: fence } : u));
      fence = undefined;
    } else {
      lineUnits(line, tracked ? room : max).forEach((u) => push(tracked ? { ...u, reopen: fence, open: true } : u));
    }
  }
  if (opener !== undefined) units.push({ text: opener, joiner: '\n', open: true });
  return units;
}

/** Greedy: each unit joins the current chunk if it fits (with room to close an open code block), else starts the next. */
function pack(units: readonly Unit[], max: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  let last: Unit | undefined;
  for (const unit of units) {
    const joined = current === undefined ? undefined : current + unit.joiner + unit.text;
    if (joined !== undefined && joined.length + (unit.open ? CLOSE.length : 0) <= max) {
      current = joined;
    } else {
      if (current !== undefined) chunks.push(last?.open ? current + CLOSE : current);
      current = unit.reopen === undefined ? unit.text : `${unit.reopen}\n${unit.text}`;
    }
    last = unit;
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}

/**
 * Blocks (see `markdownToDiscord`) packed into as few chunks of at most
 * `maxLength` characters as possible, joined by blank lines. A block that fits
 * in a chunk is never cut. A longer one is cut between lines, then between
 * words, and inside a word only when the word alone is longer than a chunk;
 * a code block cut this way is closed and reopened with the same fence and
 * language, so every chunk renders on its own. Blank blocks are dropped.
 *
 * @throws RangeError when `maxLength` is below 2, too short to hold every character.
 */
export function splitBlocks(blocks: readonly string[], maxLength: number): string[] {
  if (!(maxLength >= 2)) throw new RangeError(`maxLength must be at least 2, got ${maxLength}`);
  const units = blocks
    .filter((block) => block.trim() !== '')
    .flatMap((block) => {
      const parts: Unit[] = block.length <= maxLength ? [{ text: block, joiner: '\n' }] : blockUnits(block, maxLength);
      return parts.map((unit, i) => (i === 0 ? { ...unit, joiner: '\n\n' } : unit));
    });
  return pack(units, maxLength);
}
