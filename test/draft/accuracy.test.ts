import { readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { scoreDraft } from '../../src/draft/accuracy';
import { draftSnapshot } from '../../src/draft/draftSnapshot';
import { digitNames, normalizeText, readSourceText, valueMatches } from '../../src/facts/sourceFidelity';
import { DRAFT_FIXTURES, KNOWN_SUBJECTS, loaderErrorsOf } from './draftFixtures';

/*
 * The drafter's goal, measured: on every fixture article it finds at least
 * 85 % of the figures a person drew from it (same subject, metric, value and
 * sources) and at least 95 % of what it drafts is right.
 */
const RECALL_GOAL = 0.85;
const PRECISION_GOAL = 0.95;

describe('GIVEN each fixture article THEN the draft meets the accuracy goal', () => {
  for (const fixture of DRAFT_FIXTURES) {
    test(`GIVEN ${fixture.name} THEN recall >= 85 % and precision >= 95 %`, () => {
      const result = draftSnapshot({ article: readFileSync(fixture.path, 'utf8'), knownSubjects: KNOWN_SUBJECTS });
      if (!result.ok) throw new Error(result.error);
      const score = scoreDraft(
        result.draft.figures.map((f) => f.figure),
        fixture.expected,
      );
      const show = (fs: readonly object[]) => fs.map((f) => JSON.stringify(f)).join('\n  ');
      expect(score.recall, `recall ${(score.recall * 100).toFixed(1)} %; missed:\n  ${show(score.missed)}`).toBeGreaterThanOrEqual(
        RECALL_GOAL,
      );
      expect(score.precision, `precision ${(score.precision * 100).toFixed(1)} %; wrong:\n  ${show(score.wrong)}`).toBeGreaterThanOrEqual(
        PRECISION_GOAL,
      );
    });

    test(`GIVEN ${fixture.name} THEN the numbers that fit no figure are listed as unresolved, with their lines`, () => {
      const result = draftSnapshot({ article: readFileSync(fixture.path, 'utf8'), knownSubjects: KNOWN_SUBJECTS });
      if (!result.ok) throw new Error(result.error);
      expect(result.draft.unresolved.map((u) => u.number).sort()).toEqual([...fixture.unresolved].sort());
      expect(result.draft.unresolved.every((u) => u.line > 0 && u.text.includes(u.number))).toBe(true);
    });

    test(`GIVEN ${fixture.name} THEN every number it states is a figure of its line, a repeat of one, or unresolved on its line`, () => {
      const text = readFileSync(fixture.path, 'utf8');
      const result = draftSnapshot({ article: text, knownSubjects: KNOWN_SUBJECTS });
      if (!result.ok) throw new Error(result.error);
      const d = result.draft;
      // The body as written, cut at the reference list by hand rather than by the drafter's own parser.
      const body = normalizeText(text).split(/^(?:#{1,3}\s*)?References\s*$/m)[0]!;
      const names = digitNames([...KNOWN_SUBJECTS, ...d.figuresFile.subjects].flatMap((s) => [s.name, ...s.aliases]));
      const unaccounted = readSourceText(body, names)
        .numbers.filter(
          (o) =>
            !d.figures.some((f) => f.line === o.line && valueMatches(f.figure.value, o.token)) &&
            !d.unresolved.some((u) => u.line === o.line && u.number.includes(o.token.text.replace(/^\+/, ''))) &&
            !d.repeats.some((r) => r.line === o.line && r.number.includes(o.token.text.replace(/^\+/, ''))),
        )
        .map((o) => `line ${o.line}: ${o.token.text}`);
      expect(unaccounted).toEqual([]);
    });

    test(`GIVEN ${fixture.name} THEN the draft passes the loader as it is`, () => {
      const result = draftSnapshot({ article: readFileSync(fixture.path, 'utf8'), knownSubjects: KNOWN_SUBJECTS });
      if (!result.ok) throw new Error(result.error);
      const d = result.draft;
      expect(loaderErrorsOf(d)).toEqual([]);
    });
  }
});

describe('GIVEN the accuracy measure THEN it counts each expected figure once', () => {
  test('GIVEN two drafted copies of one expected figure THEN one is right and one is wrong', () => {
    const figure = { subject: 'russell-2000', metric: 'close', value: 2521.48, sources: [3] };
    const score = scoreDraft([figure, figure], [figure]);
    expect([score.recall, score.precision]).toEqual([1, 0.5]);
  });

  test('GIVEN a figure with the right value but other sources THEN it is missed and wrong', () => {
    const score = scoreDraft(
      [{ subject: 'sp-500', metric: 'short-interest', value: 2.4, sources: [31] }],
      [{ subject: 'sp-500', metric: 'short-interest', value: 2.4, sources: [16, 31] }],
    );
    expect([score.recall, score.precision]).toEqual([0, 0]);
  });
});
