import { MAX_JSON_DEPTH } from './dataLimits';
import { jsonSyntaxError } from './jsonSyntaxError';
import { textPosition, type TextPosition } from './textPosition';

/** Parsed JSON, or where and why the text is refused: not JSON, or nested too deep. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; position: TextPosition; message: string };

/** V8 echoes the whole input in some messages; a data file is too long to repeat. */
function shortenV8Message(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels; figures.json needs 5, and deeper files are refused unread`;

/**
 * The offset of the bracket that opens level MAX_JSON_DEPTH + 1, or undefined.
 * One pass without recursion, before anything walks the parsed value.
 */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/**
 * Parses JSON text, locating a syntax error by line and column. `JSON.parse`
 * does the work; the position comes from its message when it gives one and
 * from a scan of the text otherwise (Node 20 omits it for "Unexpected token").
 * Text nested deeper than MAX_JSON_DEPTH is refused before it is parsed.
 */
export function parseJson(text: string): JsonParseResult {
  const deep = tooDeepAt(text);
  if (deep !== undefined) return { ok: false, position: textPosition(text, deep), message: TOO_DEEP };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const v8Message = e instanceof Error ? e.message : String(e);
    const scanned = jsonSyntaxError(text);
    if (scanned !== undefined) {
      return { ok: false, position: textPosition(text, scanned.offset), message: `invalid JSON: ${scanned.message}` };
    }
    const at = /at position (\d+)/.exec(v8Message);
    const offset = at === null ? text.length : Number(at[1]);
    return { ok: false, position: textPosition(text, offset), message: `invalid JSON: ${shortenV8Message(v8Message)}` };
  }
}
