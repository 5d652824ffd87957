/** A 1-based line and column, as editors show them. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The line and column of a UTF-16 offset into `text`; \n ends a line, so \r\n files number lines the same. */
export function textPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
