import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { prepareDraft, type Preparation } from '../../src/publishing/draftImport';
import { fuzzOptions } from './fuzzOptions';

const FIGURES = readFileSync(fileURLToPath(new URL('../../data/2025-12-07/figures.json', import.meta.url)), 'utf8');

/** Each upload is answered in well under the interaction's patience; a stall would hold every other data step behind it. */
function timed(work: () => Preparation): Preparation {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(1000);
  return result;
}

/** A draft is either valid (with its snapshot, of the same content hash) or lists its errors; a refusal is a sentence. */
function check(result: Preparation): void {
  if (!result.ok) {
    expect(result.problem).toMatch(/\S/);
    return;
  }
  const { draft } = result;
  if (draft.findings.errors.length === 0) expect(draft.snapshot?.contentHash).toBe(draft.contentHash);
  else expect(draft.snapshot).toBeUndefined();
}

const name = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('.json', '.JSON', '.txt', '.md', '.png', '', '.json.exe'))
  .map(([base, ext]) => `${base}${ext}`);

/** The shipped figures.json with one stretch cut out and junk put in its place. */
const mutatedFigures = fc
  .tuple(fc.nat(FIGURES.length), fc.nat(200), fc.string({ maxLength: 20 }))
  .map(([at, cut, junk]) => `${FIGURES.slice(0, at)}${junk}${FIGURES.slice(at + cut)}`);

describe('GIVEN hostile uploads THEN the importer answers with a draft or a sentence, quickly, and never throws', () => {
  test('GIVEN random names and bytes THEN each is refused or drafted', () => {
    fc.assert(
      fc.property(name, fc.uint8Array({ maxLength: 2000 }), (fileName, bytes) => {
        check(timed(() => prepareDraft({ actor: 'mod', file: { name: fileName, bytes } }, [])));
      }),
      fuzzOptions(300, 4000),
    );
  });

  test('GIVEN a figures.json cut and spliced THEN its errors are listed or it is refused with a sentence', () => {
    fc.assert(
      fc.property(mutatedFigures, fc.option(fc.constantFrom('2025-12-07', '2025-12-14'), { nil: undefined }), (text, asOf) => {
        check(
          timed(() => prepareDraft({ actor: 'mod', file: { name: 'figures.json', bytes: Buffer.from(text) }, ...(asOf && { asOf }) }, [])),
        );
      }),
      fuzzOptions(150, 6000),
    );
  });
});
