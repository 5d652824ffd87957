import { readdirSync, readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';

/*
 * The drafter is a pure function of the article, the known subjects and the
 * previous figures: files, the clock and the environment stay in the CLI shell
 * (src/draftArticle.ts), so the drafter can be tested and fuzzed directly.
 */
const DIR = new URL('../../src/draft/', import.meta.url);

describe('GIVEN the drafter core in src/draft THEN it does no I/O and reads no clock', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  test.each(files)('GIVEN %s THEN it imports only the drafter and the fact modules, and never the clock or the process', (file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    const imports = [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
    expect(imports.filter((spec) => !spec.startsWith('./') && !spec.startsWith('../facts/'))).toEqual([]);
    expect(text).not.toMatch(/Date\.now\(|new Date\(\)|process\.|performance\.now/);
  });
});
