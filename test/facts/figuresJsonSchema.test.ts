import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { figuresJsonSchema } from '../../src/facts/figuresJsonSchema';
import { UNITS } from '../../src/facts/metrics';
import { tempDataDir } from './fixtures';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const schema = JSON.parse(figuresJsonSchema());

let dataDir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dataDir, remove } = await tempDataDir()));
afterAll(() => remove());

describe('the figures.json JSON Schema', () => {
  test('GIVEN the zod schema THEN the published data/figures.schema.json is what it generates', async () => {
    expect(await readFile(join(repo, 'data', 'figures.schema.json'), 'utf8')).toBe(figuresJsonSchema());
  });

  test('GIVEN the generated schema THEN editors see allowed units, no unknown fields and optional defaulted aliases', () => {
    const figure = schema.properties.figures.items;
    expect(figure.properties.unit.enum).toEqual([...UNITS]);
    expect(figure.additionalProperties).toBe(false);
    expect(figure.required).toEqual(expect.arrayContaining(['id', 'subject', 'metric', 'value', 'unit', 'period', 'sources']));
    expect(schema.properties.subjects.items.required).not.toContain('aliases');
    expect(schema.properties).toHaveProperty('$schema');
  });

  test('GIVEN a stale schema file THEN the --check mode exits 1 with one line naming it', async () => {
    const stale = join(dataDir, 'figures.schema.json');
    await writeFile(stale, '{}\n');
    const failure = await run('npx', ['tsx', 'src/facts/writeJsonSchema.ts', '--check', stale], { cwd: repo }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure.stderr).toContain('figures.schema.json is out of date with src/facts/figuresSchema.ts; run npm run schema');
  });
});
