import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formatDataError } from '../../src/facts/formatDataError';
import { loadSnapshot } from '../../src/facts/loadSnapshot';
import { figuresDoc, NARRATIVE, tempDataDir, writeSnapshot } from './fixtures';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dataDir, remove } = await tempDataDir()));
afterEach(() => remove());

/** Loads a folder that must fail and returns its errors as the one-line messages a moderator reads. */
async function problems(folder: string, files: { figures?: unknown; narrative?: string }): Promise<string[]> {
  const result = await loadSnapshot(await writeSnapshot(dataDir, folder, files));
  if (result.ok) return expect.fail('expected the snapshot to be rejected');
  return result.errors.map(formatDataError);
}

describe('loadSnapshot on good data', () => {
  test('GIVEN valid figures and narrative THEN the snapshot holds them with parsed periods, sources by number and narrative entries', async () => {
    const result = await loadSnapshot(await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc(), narrative: NARRATIVE }));
    if (!result.ok) return expect.fail(result.errors.map(formatDataError).join('\n'));
    const snapshot = result.value;
    expect(snapshot.asOf).toBe('2025-12-07');
    expect(snapshot.sources.get(16)?.publisher).toBe('blockchain.news');
    expect(snapshot.figures.find((f) => f.id === 'rut-ath-october')?.period).toEqual({
      text: '2025-10',
      start: '2025-10-01',
      end: '2025-10-31',
    });
    expect(snapshot.subjects.find((s) => s.id === 'russell-top-200')?.aliases).toEqual([]);
    expect(snapshot.narrative.map((e) => [e.topic, e.key, e.line, e.sources])).toEqual([
      ['recaps', '2025-12-05', 3, [3, 11, 16]],
      ['scenarios', 'base', 12, [4]],
      ['scenarios', 'bull', 16, []],
    ]);
    expect(snapshot.narrative[0]).toMatchObject({
      title: 'Data-driven rally fades into a small-cap dip',
      file: 'data/2025-12-07/narrative.md',
      markdown:
        'The Russell 2000 slipped 0.4% to 2,521.48 [3].\n\n- A record close on 4 December [11]\n- Short interest near 5.5% [16] [3]',
    });
  });

  test('GIVEN a loaded snapshot THEN it cannot be changed, not even its sources map', async () => {
    const result = await loadSnapshot(await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() }));
    if (!result.ok) return expect.fail('expected a snapshot');
    const snapshot = result.value;
    expect(() => ((snapshot.figures[0] as { value: unknown }).value = 1)).toThrow(TypeError);
    expect(() => (snapshot.figures as unknown[]).push({})).toThrow(TypeError);
    expect(() => (snapshot.sources as Map<number, unknown>).set(99, {})).toThrow(TypeError);
    expect(() => (snapshot.sources as Map<number, unknown>).delete(3)).toThrow(TypeError);
    expect(() => ((snapshot.figures[0]!.period as { end: string }).end = 'x')).toThrow(TypeError);
    expect(snapshot.sources.size).toBe(4);
  });

  test('GIVEN no narrative.md THEN the snapshot loads with no narrative', async () => {
    const result = await loadSnapshot(await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() }));
    expect(result.ok && result.value.narrative).toEqual([]);
  });

  test('GIVEN the same files twice THEN the content hash is equal, and one changed byte in narrative.md changes it', async () => {
    const a = await loadSnapshot(await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc(), narrative: NARRATIVE }));
    const b = await loadSnapshot(await writeSnapshot(`${dataDir}2`, '2025-12-07', { figures: figuresDoc(), narrative: NARRATIVE }));
    const c = await loadSnapshot(
      await writeSnapshot(`${dataDir}3`, '2025-12-07', { figures: figuresDoc(), narrative: NARRATIVE.replace('Sideways', 'sideways') }),
    );
    if (!a.ok || !b.ok || !c.ok) return expect.fail('expected three snapshots');
    expect(a.value.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.value.contentHash).toBe(a.value.contentHash);
    expect(c.value.contentHash).not.toBe(a.value.contentHash);
  });

  test('GIVEN CRLF line endings and a byte-order mark THEN the files load and lines are counted the same', async () => {
    const crlf = `\uFEFF${NARRATIVE.replaceAll('\n', '\r\n')}`;
    const result = await loadSnapshot(
      await writeSnapshot(dataDir, '2025-12-07', { figures: `\uFEFF${JSON.stringify(figuresDoc())}`, narrative: crlf }),
    );
    if (!result.ok) return expect.fail(result.errors.map(formatDataError).join('\n'));
    expect(result.value.narrative.map((e) => e.line)).toEqual([3, 12, 16]);
  });
});

describe('loadSnapshot rejects figures.json problems, each located', () => {
  test('GIVEN a trailing comma THEN the error names the file, line and column of the comma', async () => {
    const text = '{\n  "asOf": "2025-12-07",\n  "title": "x",\n}\n';
    expect(await problems('2025-12-07', { figures: text })).toEqual([
      "data/2025-12-07/figures.json line 3, column 15: invalid JSON: trailing comma before '}'",
    ]);
  });

  test('GIVEN a missing comma between fields THEN the error points at the second field', async () => {
    const text = '{\n  "asOf": "2025-12-07"\n  "title": "x"\n}';
    expect(await problems('2025-12-07', { figures: text })).toEqual([
      `data/2025-12-07/figures.json line 3, column 3: invalid JSON: unexpected "\\"", expected ',' or '}' after a field`,
    ]);
  });

  test('GIVEN a truncated file THEN the error says where it ended', async () => {
    const [problem] = await problems('2025-12-07', { figures: '{\n  "asOf": "2025-12-07",\n  "title": "x' });
    expect(problem).toBe('data/2025-12-07/figures.json line 3, column 14: invalid JSON: unterminated string');
  });

  test('GIVEN an unknown field in a figure THEN the error names the field at its figure', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[2]!, { colour: 'red' });
    expect(await problems('2025-12-07', { figures: doc })).toEqual(['data/2025-12-07/figures.json figures[2]: unknown field "colour"']);
  });

  test('GIVEN a duplicate figure id THEN the second one is reported with where the first is', async () => {
    const doc = figuresDoc();
    doc.figures[5]!.id = 'rut-close';
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[5]: duplicate figure id "rut-close" (first at figures[0])',
    ]);
  });

  test('GIVEN a figure citing a source that is not listed THEN the dangling number is reported at its place', async () => {
    const doc = figuresDoc();
    doc.figures[1]!.sources = [3, 42];
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[1].sources[1]: source [42] is not in "sources"',
    ]);
  });

  test('GIVEN an impossible date in a period THEN the error says it is not a calendar date', async () => {
    const doc = figuresDoc();
    doc.figures[0]!.period = '2025-02-30';
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[0].period: "2025-02-30" is not a calendar date',
    ]);
  });

  test('GIVEN an impossible asOf date THEN the error quotes it and what is expected', async () => {
    expect(await problems('2025-12-07', { figures: figuresDoc('2025-02-30') })).toEqual([
      'data/2025-12-07/figures.json asOf: expected a real calendar date written YYYY-MM-DD, got "2025-02-30"',
    ]);
  });

  test('GIVEN 1e999, which JSON.parse reads as Infinity THEN it is rejected as not finite, once, at its path', async () => {
    const text = JSON.stringify(figuresDoc(), null, 2).replace('2521.48', '1e999');
    expect(await problems('2025-12-07', { figures: text })).toEqual([
      'data/2025-12-07/figures.json figures[0].value: not a finite number (a literal such as 1e999 overflows to Infinity); write a finite number',
    ]);
  });

  test('GIVEN a unit that does not fit the metric THEN the error names both and the unit expected', async () => {
    const doc = figuresDoc();
    doc.figures[4]!.unit = 'points';
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[4].unit: unit "points" does not fit metric "short-interest" (expected "percent")',
    ]);
  });

  test('GIVEN an unknown unit THEN the error lists the allowed units', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[4]!, { unit: 'pct' });
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[4].unit: expected one of "points", "percent", "basis-points", "multiple", "descriptor", got "pct"',
    ]);
  });

  test('GIVEN a range whose low exceeds its high THEN the error is at the range', async () => {
    const doc = figuresDoc();
    doc.figures[7]!.value = { low: 30, high: 25 };
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[7].value.low: range low must not exceed high',
    ]);
  });

  test('GIVEN a range missing its high THEN the error names the missing field, not every form a value may take', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[7]!, { value: { low: 25 } });
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[7].value.high: missing; expected a number',
    ]);
  });

  test('GIVEN a value written as text "87-90" THEN the error shows the forms a value may take', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[7]!, { value: '87-90' });
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[7].value: expected a number, a range such as {"low": 87, "high": 90} or a word such as {"word": "low-teens"}, got "87-90"',
    ]);
  });

  test('GIVEN sources with an empty publisher, a bad URL and a quoted number THEN each is told what was expected, with no false dangling-source errors', async () => {
    const doc = figuresDoc();
    Object.assign(doc.sources[0]!, { publisher: '' });
    Object.assign(doc.sources[1]!, { url: 'investrade' });
    Object.assign(doc.sources[2]!, { number: '11' });
    expect(await problems('2025-12-07', { figures: doc, narrative: NARRATIVE })).toEqual([
      'data/2025-12-07/figures.json sources[0].publisher: expected text, not empty or only spaces, got ""',
      'data/2025-12-07/figures.json sources[1].url: expected an https: URL with no spaces, got "investrade"',
      'data/2025-12-07/figures.json sources[2].number: expected a number, got "11"',
    ]);
  });

  test('GIVEN a word value and a note of only spaces THEN each is rejected, since it would show as a blank answer', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[7]!, { value: { word: '  ' }, note: '   ' });
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json figures[7].value.word: expected text, not empty or only spaces, got "  "',
      'data/2025-12-07/figures.json figures[7].note: expected text, not empty or only spaces, got "   "',
    ]);
  });

  test('GIVEN required fields left out THEN each is reported missing with what it should hold', async () => {
    const doc: Record<string, unknown> = { ...figuresDoc() };
    delete doc.title;
    const figures = figuresDoc().figures;
    delete (figures[0] as { unit?: string }).unit;
    doc.figures = figures;
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json title: missing; expected a string',
      'data/2025-12-07/figures.json figures[0].unit: missing; expected one of "points", "percent", "basis-points", "multiple", "descriptor"',
    ]);
  });

  test('GIVEN a file that is a list, not an object THEN the whole file is reported', async () => {
    expect(await problems('2025-12-07', { figures: '[]' })).toEqual(['data/2025-12-07/figures.json: expected an object, got an array']);
  });

  test('GIVEN asOf that differs from the folder name THEN the mismatch is reported', async () => {
    expect(await problems('2025-12-07', { figures: figuresDoc('2025-12-06') })).toEqual([
      'data/2025-12-07/figures.json asOf: asOf "2025-12-06" does not match the folder name "2025-12-07"',
    ]);
  });

  test('GIVEN a misspelt narrative file beside figures.json THEN it is named as unexpected rather than silently ignored', async () => {
    const dir = await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
    await writeFile(join(dir, 'narative.md'), '# week\n');
    const result = await loadSnapshot(dir);
    if (result.ok) return expect.fail('expected the snapshot to be rejected');
    expect(result.errors.map(formatDataError)).toEqual([
      'data/2025-12-07/narative.md: unexpected file in a snapshot folder (expected only figures.json and narrative.md)',
    ]);
  });

  test('GIVEN no figures.json THEN the folder is rejected with the missing file named', async () => {
    expect(await problems('2025-12-07', { narrative: NARRATIVE })).toEqual(['data/2025-12-07/figures.json: file is missing']);
  });

  test('GIVEN two subjects that share an alias written differently THEN the clash is reported', async () => {
    const doc = figuresDoc();
    doc.subjects[1]!.aliases = ['spx', 'small-caps'];
    expect(await problems('2025-12-07', { figures: doc })).toEqual([
      'data/2025-12-07/figures.json subjects[1].aliases: alias "small-caps" already names subject "russell-2000"',
    ]);
  });
});

describe('loadSnapshot reports every problem at once', () => {
  test('GIVEN a broken figure, a duplicate id, an unfit unit and narrative errors THEN all are reported together, in both files', async () => {
    const doc = figuresDoc();
    Object.assign(doc.figures[0]!, { colour: 'red', value: 'high' });
    doc.figures[2]!.id = 'rut-day';
    doc.figures[4]!.unit = 'points';
    const narrative = `Intro text.\n\n${NARRATIVE.replace('[4]', '[99]')}`;
    expect(await problems('2025-12-07', { figures: doc, narrative })).toEqual([
      'data/2025-12-07/figures.json figures[0].value: expected a number, a range such as {"low": 87, "high": 90} or a word such as {"word": "low-teens"}, got "high"',
      'data/2025-12-07/figures.json figures[0]: unknown field "colour"',
      'data/2025-12-07/figures.json figures[2]: duplicate figure id "rut-day" (first at figures[1])',
      'data/2025-12-07/figures.json figures[4].unit: unit "points" does not fit metric "short-interest" (expected "percent")',
      'data/2025-12-07/narrative.md line 1: text before the first heading: "Intro text."; the file must start with a "# topic" heading',
      'data/2025-12-07/narrative.md line 16: source [99] is not in figures.json "sources"',
    ]);
  });
});
