import { jsonSyntaxError } from './jsonSyntaxError';
import { textPosition, type TextPosition } from './textPosition';

/** Parsed JSON, or where and why the text is not JSON. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; position: TextPosition; message: string };

/** V8 echoes the whole input in some messages; a data file is too long to repeat. */
function shortenV8Message(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}

/**
 * Parses JSON text, locating a syntax error by line and column. `JSON.parse`
 * does the work; the position comes from its message when it gives one and
 * from a scan of the text otherwise (Node 20 omits it for "Unexpected token").
 */
export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const v8Message = e instanceof Error ? e.message : String(e);
    const scanned = jsonSyntaxError(text);
    if (scanned !== undefined) {
      return { ok: false, position: textPosition(text, scanned.offset), message: scanned.message };
    }
    const at = /at position (\d+)/.exec(v8Message);
    const offset = at === null ? text.length : Number(at[1]);
    return { ok: false, position: textPosition(text, offset), message: shortenV8Message(v8Message) };
  }
}
