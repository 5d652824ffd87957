import fc from 'fast-check';
import { fuzzOptions } from '../fuzz/fuzzOptions';
import { describe, expect, test } from 'vitest';
import { jsonSyntaxError } from '../../src/facts/jsonSyntaxError';
import { parseJson } from '../../src/facts/parseJson';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonSyntaxError', () => {
  test('GIVEN any valid JSON THEN it finds no error', () => {
    fc.assert(
      fc.property(fc.json(), (text) => jsonSyntaxError(text) === undefined),
      fuzzOptions(300),
    );
  });

  test('GIVEN valid JSON with one character inserted or deleted THEN it finds an error exactly when JSON.parse fails', () => {
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n', '\\', '1', '-', '.', 'e'))
      .map(([text, at, ch]) => {
        const i = at % (text.length + 1);
        return ch === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + ch + text.slice(i);
      });
    fc.assert(
      fc.property(edited, (text) => (jsonSyntaxError(text) === undefined) === parses(text)),
      fuzzOptions(1000),
    );
  });

  test.each([
    ['{"a": 01}', 7, "unexpected \"1\", expected ',' or '}' after a field"],
    ['{"a": "x\ty"}', 8, 'control character in a string; write it as an escape such as \\n'],
    ['{"a": "\\q"}', 7, 'invalid escape \\q in a string'],
    ['[1, 2] 3', 7, 'unexpected "3" after the end of the JSON value'],
    ['{"a": tru}', 6, 'unexpected "t", expected a value'],
    ['', 0, 'unexpected end of file, expected a value'],
  ])('GIVEN %j THEN the error is at offset %i: %s', (text, offset, message) => {
    expect(jsonSyntaxError(text)).toEqual({ offset, message });
  });
});

describe('parseJson', () => {
  test('GIVEN an error on the third line THEN its line and column are 1-based', () => {
    expect(parseJson('{\n  "a": 1,\n  "b" 2\n}')).toEqual({
      ok: false,
      position: { line: 3, column: 7 },
      message: `invalid JSON: unexpected "2", expected ':' after the field name`,
    });
  });
});
