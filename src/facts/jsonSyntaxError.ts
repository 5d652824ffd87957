import { MAX_JSON_DEPTH } from './dataLimits';

/** Where a JSON text first stops being JSON, and what was expected there. */
export interface JsonSyntaxError {
  /** UTF-16 offset into the text. */
  readonly offset: number;
  readonly message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function show(ch: string | undefined): string {
  return ch === undefined ? 'end of file' : JSON.stringify(ch);
}

/**
 * Finds the first syntax error in `text`, or `undefined` when it is valid JSON.
 * `JSON.parse` on Node 20 reports no position for most errors ("Unexpected
 * token"), so the loader runs this scanner once parsing has failed, to point
 * the data author at a line and column. Its recursion stops at
 * MAX_JSON_DEPTH, so no text can overflow the stack.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  let depth = 0;
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${show(text[i])}, expected a value`);
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail('unterminated string');
      if (ch === '"') {
        i++;
        return;
      }
      if (ch! < ' ') fail('control character in a string; write it as an escape such as \\n');
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by four hex digits');
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) {
          i += 2;
        } else {
          fail(`invalid escape \\${next ?? ''} in a string`);
        }
      } else {
        i++;
      }
    }
  };
  const digits = (what: string) => {
    const start = i;
    while (text[i] !== undefined && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) fail(`expected a digit ${what}`);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits('in the number');
    if (text[i] === '.') {
      i++;
      digits('after the decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('in the exponent');
    }
  };
  const nested = (container: () => void) => {
    if (++depth > MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    container();
    depth--;
  };
  const value = (): void => {
    skipWhitespace();
    const ch = text[i];
    if (ch === '{') return nested(object);
    if (ch === '[') return nested(array);
    if (ch === '"') return string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    fail(`unexpected ${show(ch)}, expected a value`);
  };
  const object = () => {
    i++;
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail(`unexpected ${show(text[i])}, expected a double-quoted field name`);
      string();
      skipWhitespace();
      if (text[i] !== ':') fail(`unexpected ${show(text[i])}, expected ':' after the field name`);
      i++;
      value();
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`unexpected ${show(text[i])}, expected ',' or '}' after a field`);
      const comma = i++;
      skipWhitespace();
      if (text[i] === '}') throw new Stop(comma, "trailing comma before '}'");
    }
  };
  const array = () => {
    i++;
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`unexpected ${show(text[i])}, expected ',' or ']' after an item`);
      const comma = i++;
      skipWhitespace();
      if (text[i] === ']') throw new Stop(comma, "trailing comma before ']'");
    }
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail(`unexpected ${show(text[i])} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
