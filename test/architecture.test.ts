import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

/**
 * The functional core (facts, rendering, briefings, the scheduler's logic)
 * must stay testable without Discord or timers: discord.js and node-cron are
 * allowed only in the shells.
 */
const CORE = ['src/facts', 'src/render', 'src/briefing', 'src/schedule'];
const SHELL_ONLY = ['discord.js', 'node-cron', '@discordjs/rest', '@discordjs/ws'];
/** The one file of the scheduler that is its node-cron shell. */
const ALLOWED = new Set(['src/schedule/recapScheduler.ts']);

describe('GIVEN the functional core', () => {
  test('THEN no core file imports discord.js or node-cron', () => {
    // The scanner must see real imports, or this test would pass by reading nothing.
    expect(importsOf('src/facts/figuresSchema.ts')).toContain('zod');
    expect(importsOf('src/schedule/recapScheduler.ts')).toContain('node-cron');
    const offenders = CORE.flatMap(tsFiles)
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => SHELL_ONLY.includes(spec))
          .map((spec) => `${file} imports ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  test('THEN no core file imports prom-client or the metrics module: the shells count, the core stays plain', () => {
    expect(importsOf('src/operations/metrics.ts')).toContain('prom-client');
    const offenders = CORE.flatMap(tsFiles).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'prom-client' || spec.includes('/operations/'))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  test('THEN nothing outside src/config.ts reads process.env', () => {
    const readers = ['src', 'commands']
      .flatMap(tsFiles)
      .filter((file) => file !== 'src/config.ts' && /process\.env\b/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(readers).toEqual([]);
  });
});
