import { addDays, tradingWeek } from './articleDates';
import { topicOf, type DraftFigure } from './draftFigure';
import { refsAt, type ArticleLine } from './parseArticle';
import type { ReadingContext } from './readingContext';
import type { MetricId } from '../facts/metrics';
import { maskNonFigures } from '../facts/sourceFidelity';

/**
 * Figures the article states in words rather than digits: "closed at a new
 * all-time high", "at a seven-year high", "looked overbought", a “strong
 * sell” consensus, "ended last week with modest gains". Each rule is narrow on
 * purpose: a word figure is drafted only where the phrase, a subject named
 * before it and a closing marker all stand in one sentence.
 */

const INDICATORS = ['Stochastic RSI', 'Ultimate Oscillator', 'MACD', 'RSI', 'ADX', 'moving averages', 'moving average'];
const INDICATOR = INDICATORS.map((i) => i.replace(/ /g, '\\s+')).join('|');
const INDICATOR_READING = new RegExp(
  String.raw`\b((?:${INDICATOR})(?:\s*(?:,|and|, and)\s*(?:the\s+)?(?:${INDICATOR}))*)\)?\s+(?:remained|remains|stayed|stays|turned|turns|flashed|flashes|were|was|looked|looks|is|are)\s+(constructive|bullish|bearish|neutral|oversold|overbought|positive|negative)\b`,
  'g',
);
const INDICATOR_NAME = new RegExp(`\\b(?:${INDICATOR})\\b`, 'i');
const QUOTED_SIGNAL = /[“"](strong sell|strong buy|sell|buy|neutral)[”"]/gi;
const RECORD_CLOSE = /\bclosed at (?:a |an )?(new all-time high|new record high|record high|all-time high)\b/gi;
const RECORD_HIGH =
  /\b(?:hit|hits|pushed to|reached|reaches|set|sets|notched|touched|climbed to|rose to) (?:a |an )?(new all-time high|new record high|fresh record high|all-time high|record high)\b/gi;
const LEVEL_HIGH = /(?:\b(?:at|near|hit|reached)|,) (?:a |its |their )?((?:[a-z]+-year|multi-year|decade|record) highs?)\b/gi;
const CONDITION = /\b(?:looked|looks|is|was|appears|appeared|remains|remained|became|turned) (overbought|oversold)\b/gi;
const RELATIVE_STRENGTH = /[“"]?((?:notable|strong|weak|improving|poor) relative strength)[”"]?(?!\s+index)/gi;
const VALUATION_LEVEL = /\b((?:deeply |very |historically )?(?:depressed|stretched|elevated|rich|compressed) valuations?)\b/gi;
const FORECAST = /\b(?:forecasts?|forecast that|expects?|predicts?)\b/gi;
const WEEK_WORDS = /\b(?:last|this|the) week\b(?! ahead)/i;
const WEEK_MOVE =
  /\b(modest gains|small gains|strong gains|modest losses|small losses|slipped|fell|rose|gained|declined|edged higher|edged lower|advanced|retreated)\b/i;

interface Found {
  readonly line: ArticleLine;
  readonly col: number;
  readonly metric: MetricId;
  readonly word: string;
  readonly subjects: readonly string[];
  readonly period: string;
  readonly segment?: string;
  readonly unit?: 'percent';
}

function figure(f: Found): DraftFigure[] {
  const sources = refsAt(f.line, f.col);
  if (sources.length === 0) return [];
  return f.subjects.map((subject) => ({
    subject,
    metric: f.metric,
    value: { word: f.word },
    unit: f.unit ?? 'descriptor',
    period: f.period,
    ...(f.segment !== undefined && { segment: f.segment }),
    sources,
    topic: topicOf(f.metric, subject),
    line: f.line.number,
    text: f.word,
  }));
}

export function describedFigures(ctx: ReadingContext, asOf: string): DraftFigure[] {
  const out: DraftFigure[] = [];
  const names = ctx.catalogue.digitNames();
  for (const line of ctx.article.lines) {
    if ((line.kind !== 'paragraph' && line.kind !== 'item') || line.disclaimer) continue;
    const day = (col: number) => ctx.dayAt(line, col) ?? asOf;
    const subjectBefore = (col: number) => {
      const found = ctx.subjectsAt(line, col, col);
      return found?.from === 'sentence' ? found.subjects : undefined;
    };
    // An indicator's reading may lean on the subject of the sentence before it in the same paragraph.
    const subjectOfParagraph = (col: number) => {
      const found = ctx.subjectsAt(line, col, col);
      if (found?.from === 'sentence') return found.subjects;
      const last = ctx.mentionsBetween(line, Math.max(0, col - 600), col).pop();
      return last === undefined ? undefined : [last.subject];
    };
    const add = (
      col: number,
      metric: MetricId,
      word: string,
      subjects: readonly string[] | undefined,
      period: string,
      segment?: string,
      unit?: 'percent',
    ) => {
      if (subjects === undefined || subjects.length === 0) return;
      out.push(
        ...figure({
          line,
          col,
          metric,
          word,
          subjects,
          period,
          ...(segment !== undefined && { segment }),
          ...(unit !== undefined && { unit }),
        }),
      );
    };
    const text = line.text;
    for (const m of text.matchAll(RECORD_CLOSE)) add(m.index, 'record-close', m[1]!, subjectBefore(m.index), day(m.index));
    for (const m of text.matchAll(RECORD_HIGH)) add(m.index, 'record-high', m[1]!, subjectBefore(m.index), day(m.index));
    for (const m of text.matchAll(LEVEL_HIGH)) {
      const w = ctx.window(line, m.index);
      if (/\bshort[- ]interest\b/i.test(w.text)) add(m.index, 'short-interest-level', m[1]!, subjectBefore(m.index), day(m.index));
    }
    for (const m of text.matchAll(CONDITION)) {
      if (!INDICATOR_NAME.test(text.slice(Math.max(0, m.index - 40), m.index)))
        add(m.index, 'market-condition', m[1]!, subjectBefore(m.index), day(m.index));
    }
    for (const m of text.matchAll(QUOTED_SIGNAL)) {
      const after = text.slice(m.index, m.index + 120);
      const segment = /\boscillators\b/i.test(after) ? 'Oscillator consensus' : 'Consensus';
      add(m.index, 'technical-signal', m[1]!.toLowerCase(), subjectBefore(m.index), day(m.index), segment);
    }
    for (const m of text.matchAll(INDICATOR_READING)) {
      const indicators = m[1]!
        .split(/\s*(?:,|\band\b)\s*(?:the\s+)?/)
        .map((s) => s.replace(/\s+/g, ' ').trim())
        .filter((s) => s !== '');
      for (const name of indicators) add(m.index, 'technical-signal', m[2]!, subjectOfParagraph(m.index), day(m.index), name);
    }
    for (const m of text.matchAll(RELATIVE_STRENGTH)) add(m.index, 'relative-strength', m[1]!, subjectBefore(m.index), day(m.index));
    for (const m of text.matchAll(VALUATION_LEVEL))
      add(m.index, 'valuation-level', m[1]!, subjectBefore(m.index), String(ctx.year ?? asOf.slice(0, 4)));
    for (const m of text.matchAll(FORECAST)) {
      const w = ctx.window(line, m.index);
      const rest = line.text.slice(m.index, w.end);
      const direction = /\b(lower|higher)\b/.exec(rest);
      if (
        direction === null ||
        !/\bseason|\bweek ahead\b|\bnext (?:friday|week)\b|\bby (?:monday|tuesday|wednesday|thursday|friday)\b/i.test(
          `${w.text} ${ctx.introText(line)}`,
        )
      )
        continue;
      const first = ctx.mentionsBetween(line, m.index + 1, m.index + direction.index)[0];
      if (first === undefined) continue;
      const target = ctx.dayAt(line, m.index + direction.index);
      const when = target !== undefined && target > asOf ? target : addDays(asOf, 7);
      add(m.index, 'seasonal-forecast', direction[1]!, [first.subject], tradingWeek(when));
    }
    for (const s of ctx.sentences(line)) {
      if (!WEEK_WORDS.test(s.text)) continue;
      const clauses = s.text.split(/,\s*while\s+|;\s*|,\s*but\s+|\s+while\s+/);
      let offset = s.start;
      for (const clause of clauses) {
        const start = line.text.indexOf(clause, offset);
        offset = start + clause.length;
        const move = WEEK_MOVE.exec(clause);
        if (move === null || /\d/.test(maskNonFigures(clause.replace(/\[\d+\]/g, ''), names))) continue;
        const subjects = ctx.mentionsBetween(line, start, start + move.index).map((x) => x.subject);
        const d = day(start);
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        const lastWeek = /\blast week\b/i.test(s.text) && weekday >= 1 && weekday <= 5;
        add(
          start + move.index,
          'change-1w',
          move[1]!,
          [...new Set(subjects)],
          tradingWeek(lastWeek ? addDays(d, -7) : d),
          undefined,
          'percent',
        );
      }
    }
  }
  return out;
}
