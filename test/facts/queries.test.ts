import { describe, expect, test } from 'vitest';
import { conflictingFigures } from '../../src/facts/conflictingFigures';
import { findFigures } from '../../src/facts/findFigures';
import { narrativeEntries } from '../../src/facts/narrativeEntries';
import { rankSubjects } from '../../src/facts/rankSubjects';
import { resolveSubject } from '../../src/facts/resolveSubject';
import { figuresDoc, snapshotOf } from './fixtures';

const snapshot = snapshotOf(figuresDoc());

describe('resolveSubject', () => {
  test.each([
    ['rut', 'russell-2000'],
    ['R2K', 'russell-2000'],
    ['  iwm ', 'russell-2000'],
    ['Small Caps', 'russell-2000'],
    ['small-caps', 'russell-2000'],
    ['russell-2000', 'russell-2000'],
    ['Russell 2000', 'russell-2000'],
    ['russell2000', 'russell-2000'],
    ['s&p500', 'sp-500'],
    ['S&P 500', 'sp-500'],
    ['SPX', 'sp-500'],
    ['nasdaq 100', 'nasdaq-100'],
  ])('GIVEN "%s" THEN it resolves to %s', (text, id) => {
    expect(resolveSubject(snapshot, text)?.id).toBe(id);
  });

  test.each(['', '   ', 'ftse', 'russ'])('GIVEN "%s" THEN nothing resolves', (text) => {
    expect(resolveSubject(snapshot, text)).toBeUndefined();
  });
});

describe('rankSubjects', () => {
  test('GIVEN an exact alias THEN its subject comes first', () => {
    expect(rankSubjects(snapshot, 'spx', 5).map((s) => s.id)).toEqual(['sp-500']);
  });

  test('GIVEN a prefix shared by names THEN prefix matches come before substring matches, the one with more figures first', () => {
    expect(rankSubjects(snapshot, 'russ', 5).map((s) => s.id)).toEqual(['russell-2000', 'russell-top-200']);
    expect(rankSubjects(snapshot, '100', 5).map((s) => s.id)).toEqual(['nasdaq-100']);
    expect(rankSubjects(snapshot, 's', 10).map((s) => s.id)).toEqual(['russell-2000', 'sp-500', 'nasdaq-100', 'russell-top-200']);
  });

  test('GIVEN a word inside a name THEN it matches ahead of a bare substring, even of a subject with more figures', () => {
    const doc = figuresDoc();
    doc.subjects.push({ id: 'stoxx-600', name: 'STOXX Europe 600', kind: 'index', aliases: ['stoxx'] });
    doc.figures.push({
      ...doc.figures[3]!,
      id: 'stoxx-week',
      subject: 'stoxx-600',
      metric: 'market-condition',
      value: { word: 'modest gains' },
    });
    expect(rankSubjects(snapshotOf(doc), 'to', 5).map((s) => s.id)).toEqual(['russell-top-200', 'stoxx-600']);
  });

  test('GIVEN subjects at the limits (1,000, each with 50 aliases of 200 characters) THEN each keystroke ranks and resolves in well under a second', () => {
    const doc = figuresDoc();
    for (let i = 0; doc.subjects.length < 1000; i += 1) {
      const words = (n: number) => `${'word-'.repeat(37)}${i} and ${n}`;
      doc.subjects.push({ id: `subject-${i}`, name: words(999), kind: 'index', aliases: Array.from({ length: 50 }, (_, n) => words(n)) });
    }
    const big = snapshotOf(doc);
    const started = performance.now();
    for (const typed of ['russ', 'word', 'word-word 7', 'zzz', 'x'.repeat(6000), 'spx', 'subject-99', 'ndx', '1', 'wor']) {
      rankSubjects(big, typed, 25);
      resolveSubject(big, typed);
    }
    // Normalising every name again on each call took about 0.7 s a keystroke here.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(rankSubjects(big, 'spx', 1).map((s) => s.id)).toEqual(['sp-500']);
    expect(resolveSubject(big, `${'WORD '.repeat(37)}7 AND 12`)?.id).toBe('subject-7');
  });

  test('GIVEN empty text THEN the subjects with figures come, most figures first, cut at the limit', () => {
    expect(rankSubjects(snapshot, '', 10).map((s) => s.id)).toEqual(['russell-2000', 'nasdaq-100', 'sp-500']);
    expect(rankSubjects(snapshot, '', 2)).toHaveLength(2);
  });
});

describe('findFigures', () => {
  test('GIVEN a topic and subject THEN only those figures come, in file order', () => {
    expect(findFigures(snapshot, { topic: 'short-interest', subject: 'russell-2000' }).map((f) => f.id)).toEqual(['rut-short-interest']);
    expect(findFigures(snapshot, { topic: 'short-interest' }).map((f) => f.id)).toEqual([
      'rut-short-interest',
      'spx-short-interest',
      'ndx-short-interest',
    ]);
  });

  test('GIVEN a date THEN figures whose period covers it come, a month covering its days', () => {
    expect(findFigures(snapshot, { on: '2025-12-05' }).map((f) => f.id)).toEqual(['rut-close', 'rut-day']);
    expect(findFigures(snapshot, { on: '2025-10-15', metric: 'all-time-high' }).map((f) => f.id)).toEqual(['rut-ath-october']);
    expect(findFigures(snapshot, { on: '2025-11-01' })).toEqual([]);
  });
});

describe('conflictingFigures', () => {
  test('GIVEN two figures sharing a conflict group THEN both are returned together, each with its own source', () => {
    const groups = conflictingFigures(snapshot);
    expect([...groups.keys()]).toEqual(['rut-record-high']);
    expect(groups.get('rut-record-high')?.map((f) => [f.id, f.sources])).toEqual([
      ['rut-ath-october', [4]],
      ['rut-record-close-dec-4', [11]],
    ]);
  });

  test('GIVEN a conflict group with one figure THEN it is not a conflict', () => {
    const doc = figuresDoc();
    delete (doc.figures[3] as { conflictGroup?: string }).conflictGroup;
    expect(conflictingFigures(snapshotOf(doc)).size).toBe(0);
  });
});

describe('narrativeEntries', () => {
  test('GIVEN a topic THEN its entries in file order, and with a key only that one', () => {
    expect(narrativeEntries(snapshot, 'scenarios').map((e) => e.key)).toEqual(['base', 'bull']);
    expect(narrativeEntries(snapshot, 'scenarios', 'bull').map((e) => e.title)).toEqual(['A breakout']);
    expect(narrativeEntries(snapshot, 'week')).toEqual([]);
  });
});
