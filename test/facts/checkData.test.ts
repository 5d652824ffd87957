import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { figuresDoc, tempDataDir, writeSnapshot } from './fixtures';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dataDir, remove } = await tempDataDir()));
afterEach(() => remove());

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `npm run data:check` as a moderator would, against `dataDir`. */
function dataCheck(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/checkData.ts'],
      { cwd: repo, env: { PATH: process.env.PATH, DATA_DIR: dataDir }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe('npm run data:check', () => {
  test('GIVEN figures.json nested 5,000 deep THEN it prints the located error, not a stack trace', async () => {
    await writeSnapshot(dataDir, '2025-12-07', { figures: `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}` });
    const { code, stderr } = await dataCheck();
    expect(code).toBe(1);
    expect(stderr).toBe(
      `1 problem(s) in ${dataDir}:\n  data/2025-12-07/figures.json line 1, column 38: nested deeper than 32 levels; figures.json needs 5, and deeper files are refused unread\n`,
    );
  });

  test('GIVEN 120 problems THEN it prints the first 50 and the count of the rest', async () => {
    const doc = figuresDoc();
    doc.figures = Array.from({ length: 120 }, (_, i) => ({ ...doc.figures[0]!, id: `f-${i}`, extra: 1 }));
    await writeSnapshot(dataDir, '2025-12-07', { figures: doc });
    const { code, stderr } = await dataCheck();
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`120 problem(s) in ${dataDir}:`);
    expect(lines).toHaveLength(52);
    expect(lines[1]).toBe('  data/2025-12-07/figures.json figures[0]: unknown field "extra"');
    expect(lines[50]).toBe('  data/2025-12-07/figures.json figures[49]: unknown field "extra"');
    expect(lines[51]).toBe('  … and 70 more; fix these and run npm run data:check again');
  });

  test('GIVEN a file name with an escape sequence in a snapshot folder THEN the name is printed escaped', async () => {
    const folder = await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
    await writeFile(join(folder, 'notes\u001b[2J.md'), 'x');
    const { stderr } = await dataCheck();
    expect(stderr).toContain('data/2025-12-07/notes\\u001b[2J.md: unexpected file in a snapshot folder');
    expect(stderr).not.toContain('\u001b');
  });
});
