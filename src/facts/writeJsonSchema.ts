import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figuresJsonSchema } from './figuresJsonSchema';

/**
 * `npm run schema` writes data/figures.schema.json from the zod schema;
 * `npm run schema:check` (CI) exits 1 with one line if the file is stale.
 * A path argument names another file to write or check.
 */
const args = process.argv.slice(2);
const check = args.includes('--check');
const target = args.find((a) => a !== '--check') ?? fileURLToPath(new URL('../../data/figures.schema.json', import.meta.url));
const shown = relative(process.cwd(), target);
const expected = figuresJsonSchema();

if (check) {
  const actual = await readFile(target, 'utf8').catch(() => undefined);
  if (actual !== expected) {
    process.stderr.write(
      `${shown} ${actual === undefined ? 'is missing' : 'is out of date with src/facts/figuresSchema.ts'}; run npm run schema\n`,
    );
    process.exit(1);
  }
} else {
  await writeFile(target, expected);
  process.stdout.write(`wrote ${shown}\n`);
}
