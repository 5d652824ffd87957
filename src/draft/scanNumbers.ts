import { hedgeBefore, maskNonFigures, numberTokens, type NumberToken } from '../facts/sourceFidelity';
import type { Article, ArticleLine } from './parseArticle';

/**
 * Every number of an article that could be a figure, with the line and column
 * it stands at. Dates, years, quarters, reference markers, list numbering and
 * index names with digits ("Russell 2000") are not numbers here; spans of time
 * ("1-year", "the next 12 months") are found but flagged, since they describe a
 * horizon rather than measure anything.
 */

export interface NumberAt {
  readonly token: NumberToken;
  readonly line: ArticleLine;
  /** Column of the number's first character in the line's text. */
  readonly col: number;
  /** Column just after the number and its unit. */
  readonly end: number;
  /** A span of time ("12 months", "1-year"), never a figure. */
  readonly duration: boolean;
  /** A size written in words ("low-teens"), held as a word value. */
  readonly word?: string;
}

const SCANNED = new Set(['heading', 'paragraph', 'item']);
const TIME_UNIT = /^\s*-?\s*(?:years?|months?|weeks?|days?|quarters?|sessions?|hours?|minutes?|decades?)\b/i;
/** Sizes written in words, which the catalogue keeps as word values in percent. */
const WORD_SIZE = /\b(?:low|mid|high|upper)-(?:teens|single digits?|single-digits?|twenties|thirties|forties)\b/gi;
const TIME_LEAD = /\b(?:next|past|last|over the next|over the past|within)\s*$/i;

export function scanNumbers(article: Article, digitNames: readonly string[]): NumberAt[] {
  const blanked = article.body.replace(/\[\d+\]/g, (m) => ' '.repeat(m.length));
  const masked = maskNonFigures(blanked, digitNames).split('\n');
  const found: NumberAt[] = [];
  for (const line of article.lines) {
    if (!SCANNED.has(line.kind) || line.disclaimer) continue;
    const text = masked[line.number - 1] ?? '';
    for (const token of numberTokens(text)) {
      const col = token.index + text.slice(token.index).indexOf(token.text);
      const end = col + token.text.length;
      const duration =
        token.unit === 'points' && (TIME_UNIT.test(text.slice(end, end + 20)) || TIME_LEAD.test(text.slice(Math.max(0, col - 20), col)));
      found.push({ token, line, col, end, duration });
    }
    for (const m of text.matchAll(WORD_SIZE)) {
      const token = {
        text: m[0],
        low: 0,
        high: 0,
        isRange: false,
        unit: 'percent' as const,
        hedge: hedgeBefore(text, m.index),
        sign: undefined,
        index: m.index,
      };
      found.push({ token, line, col: m.index, end: m.index + m[0].length, duration: false, word: m[0] });
    }
  }
  return found;
}
