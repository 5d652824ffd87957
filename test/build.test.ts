import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What a clone holds that the build and the console read; node_modules is shared, as `npm ci` would make it. */
const COPIED = ['src', 'commands', 'scripts', 'data', 'package.json', 'tsconfig.json'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let clone = '';

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'briefing-desk-build-'));
  for (const entry of COPIED) cpSync(join(ROOT, entry), join(clone, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
});

afterAll(() => {
  if (clone !== '') rmSync(clone, { recursive: true, force: true });
});

/** `npm start --silent` in the clone without a token, with `/levels` piped in, as README's console example runs it. */
function npmStart(): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: clone,
      env: { ...env, STATE_PATH: join(clone, 'state', 'console.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('/levels\n');
  });
}

describe('npm start runs the compiled bot', () => {
  test('GIVEN a fresh clone without dist/ WHEN npm start answers /levels THEN it builds first, runs dist/main.js and prints only the answer on stdout', async () => {
    const run = await npmStart();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Building dist/ (first start)');
    expect(run.stdout.startsWith('Russell 2000: levels\n')).toBe(true);
    expect(run.stdout).toContain('**Russell 2000 2,521.48** · −0.4% day · about +0.8% week · as of 5 Dec 2025 [3]');
    expect(existsSync(join(clone, 'dist', 'main.js'))).toBe(true);
    // The output is plain JavaScript for node: no TypeScript syntax survives, and nothing loads a TypeScript compiler.
    const main = readFileSync(join(clone, 'dist', 'main.js'), 'utf8');
    expect(main).not.toMatch(/from "(tsx|typescript)"/);
    expect(main).not.toMatch(/\binterface \w+ \{/);
  });

  test('GIVEN the build THEN every file the bot loads at start-up is ASCII only, its packages bundled in', () => {
    const loaded = new Set<string>();
    // Static imports only (what loads at start-up): `import{a}from"./x.js"`, `import*as b from"x"`, `import"./y.js"`, each opening a statement.
    const imports = (code: string): string[] =>
      [...code.matchAll(/(?:^|;)import(?:\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*\{[^}]*\})?)\s*from)?\s*["']([^"']+)["']/gm)].map(
        (m) => m[1]!,
      );
    const visit = (path: string): void => {
      if (loaded.has(path)) return;
      loaded.add(path);
      const code = readFileSync(path, 'utf8');
      for (const spec of imports(code)) if (spec.startsWith('.')) visit(join(dirname(path), spec));
    };
    visit(join(clone, 'dist', 'main.js'));
    expect(loaded.size).toBeGreaterThan(1);
    for (const path of loaded) {
      const code = readFileSync(path, 'utf8');
      // V8 keeps a source with one character past ASCII as two-byte text: twice the memory, for as long as the bot runs.
      expect({ path, nonAscii: /[^\t\n\r\x20-\x7e]/.exec(code)?.[0] }).toEqual({ path, nonAscii: undefined });
      // Bundled: nothing the bot needs at start-up is looked up in node_modules but the native SQLite binding.
      const packages = imports(code).filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'));
      expect({ path, packages: packages.filter((name) => name !== 'better-sqlite3') }).toEqual({ path, packages: [] });
    }
  });

  test('GIVEN a build newer than every source WHEN npm start runs THEN it does not build again', async () => {
    const run = await npmStart();
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Building');
    expect(run.stdout).toContain('Not investment advice');
  });

  test('GIVEN a source changed after the build WHEN npm start runs THEN it rebuilds and the answer shows the change', async () => {
    const file = join(clone, 'src', 'render', 'citeSources.ts');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain("'Not investment advice'");
    writeFileSync(file, source.replace("'Not investment advice'", "'Not investment advice (rebuilt)'"));
    const run = await npmStart();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Building dist/ (the sources changed)');
    expect(run.stdout).toContain('Not investment advice (rebuilt)');
  });
});
