import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, test, expect } from 'vitest';
import { loadDataDir } from '../../src/facts/loadDataDir';

/*
 * The CLI as a data moderator runs it: a child process on a temporary folder,
 * then the same check `DATA_DIR=<folder> npm run data:check` makes.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTICLE = fileURLToPath(new URL('../fixtures/article-2025-12-07.txt', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'draft-cli-'));
  dirs.push(dir);
  return dir;
}

function draftCli(args: readonly string[], timeout = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/draftArticle.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: join(ROOT, 'data') }, timeout },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

describe('GIVEN the shipped article THEN npm run data:draft writes a draft data:check accepts', () => {
  test('GIVEN --out a temporary folder THEN exit 0, the report names lines, and the folder loads as DATA_DIR', async () => {
    const out = tempDir();
    const run = await draftCli([ARTICLE, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('as of 2025-12-07 (the last date the article covers');
    expect(run.stdout).toMatch(/line 4 +rut-close-2025-12-05 +Russell 2000 · Close: 2521\.48 points +\[3\]/);
    expect(run.stdout).toMatch(/line 43 +"1": a span of time/);
    const loaded = await loadDataDir(out);
    expect(loaded.ok && loaded.value.map((s) => [s.asOf, s.figures.length])).toEqual([['2025-12-07', 50]]);
    expect(readdirSync(out)).toEqual(['2025-12-07']);
  }, 60_000);

  test('GIVEN --json THEN stdout is exactly one JSON object; an existing folder is refused without --force and replaced with it', async () => {
    const out = tempDir();
    const first = await draftCli([ARTICLE, '--out', out, '--json']);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['asOf', 'figures', 'unresolved', 'sources', 'narrative']);
    expect(json.figures).toContainEqual({ id: 'rut-close-2025-12-05', line: 4 });
    expect(json.unresolved).toContainEqual({ line: 60, number: '12', text: expect.stringContaining('over the next 12 months') });

    const again = await draftCli([ARTICLE, '--out', out, '--json']);
    expect([again.code, again.stdout, again.stderr.trim()]).toEqual([
      1,
      '',
      `${join(out, '2025-12-07')} already exists; pass --force to replace it`,
    ]);
    const forced = await draftCli([ARTICLE, '--out', out, '--json', '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(out)).toEqual(['2025-12-07']);
  }, 60_000);
});

describe('GIVEN bad input THEN one clear error, exit 1 and nothing written', () => {
  test('GIVEN an empty file THEN it is refused and the out folder stays empty', async () => {
    const out = tempDir();
    const empty = join(tempDir(), 'empty.txt');
    writeFileSync(empty, '');
    const run = await draftCli([empty, '--out', out]);
    expect([run.code, run.stderr.trim()]).toEqual([1, `${empty}: the article is empty`]);
    expect(existsSync(join(out, '2025-12-07'))).toBe(false);
  }, 30_000);

  test('GIVEN a named pipe, a folder or a missing file as ARTICLE THEN each is refused at once, never waiting for a writer', async () => {
    const out = tempDir();
    const fifo = join(tempDir(), 'article.txt');
    execFileSync('mkfifo', [fifo]);
    const folder = tempDir();
    const missing = join(folder, 'missing.txt');
    const runs = await Promise.all([fifo, folder, missing].map((path) => draftCli([path, '--out', out], 15_000)));
    expect(runs.map((r) => [r.code, r.stderr.trim()])).toEqual([
      [1, `${fifo}: is a named pipe (FIFO), not a regular file; only regular files are read`],
      [1, `${folder}: is a folder, not a regular file; only regular files are read`],
      [1, `${missing}: no such file`],
    ]);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);

  test('GIVEN /dev/zero as ARTICLE THEN it is refused as a device, not read until memory runs out', async () => {
    const out = tempDir();
    const run = await draftCli(['/dev/zero', '--out', out], 15_000);
    expect([run.code, run.stderr.trim()]).toEqual([1, '/dev/zero: is a device, not a regular file; only regular files are read']);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);

  test('GIVEN an --out that is a file THEN one line names it and why, with no stack trace', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const run = await draftCli([ARTICLE, '--out', file]);
    expect([run.code, run.stderr.trim()]).toEqual([1, `${file}: cannot write the draft there (EEXIST)`]);
  }, 30_000);

  test('GIVEN an --as-of that is not a date THEN it is refused', async () => {
    const out = tempDir();
    const run = await draftCli([ARTICLE, '--out', out, '--as-of', '2025-13-01']);
    expect([run.code, run.stderr.trim()]).toEqual([1, `${ARTICLE}: --as-of "2025-13-01" is not a real date written YYYY-MM-DD`]);
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);
});
