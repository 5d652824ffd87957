import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { AttachedFile, Caller, Command, Invocation } from '../../src/command';
import type { FactStore } from '../../src/facts/factStore';
import { MAX_UPLOAD_BYTES } from '../../src/facts/dataLimits';
import { safeFileName } from '../../src/console/localFiles';
import { runConsole } from '../../src/console/runConsole';
import type { Reply } from '../../src/reply';
import { memberContext } from '../commands/fixtures/commandContext';
import { loadShippedStore } from '../commands/fixtures/shippedStore';
import { pipedConsole } from './fixtures/pipedConsole';

/** The local operator, as main.ts builds it for the console. */
const OPERATOR: Caller = { userId: 'console', roleIds: [], permissions: 0n };

/** What the test command's handlers were given, newest last. */
const runs: Invocation[] = [];
const clicks: { customId: string; values: readonly string[]; caller: string }[] = [];

function describeFile(name: string, file: AttachedFile): string {
  if (!file.ok) return `${name} refused: ${file.problem}`;
  return `${name} ${file.name}: ${file.bytes.length} bytes, "${new TextDecoder().decode(file.bytes).split('\n')[0]}"`;
}

const REVIEW: Reply = {
  ephemeral: true,
  content: 'Draft 2026-01-04 ready.',
  components: [
    [
      { kind: 'button', customId: 'desk:publish:d1', label: 'Publish', style: 'primary' },
      { kind: 'button', customId: 'desk:download:d1', label: 'Download draft', style: 'secondary' },
      { kind: 'button', customId: 'desk:discard:d1', label: 'Discard', style: 'danger' },
    ],
  ],
};

/** A moderation flow in miniature: an import with file options, a review with buttons and a select, a download of files. */
const desk: Command = {
  definition: {
    name: 'desk',
    description: 'Imports and reviews drafts',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        description: 'Import a draft',
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'the article or figures.json', required: true },
          { type: ApplicationCommandOptionType.Attachment, name: 'narrative', description: 'its narrative.md' },
          { type: ApplicationCommandOptionType.String, name: 'as-of', description: 'YYYY-MM-DD' },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Say what is loaded' },
    ],
  },
  run: async (invocation) => {
    runs.push(invocation);
    if (invocation.subcommand === 'status') return { content: 'Serving 2025-12-07.' };
    const files = await Promise.all(
      Object.entries(invocation.attachments ?? {}).map(async ([name, file]) => describeFile(name, await file())),
    );
    return { ...REVIEW, content: [`options: ${JSON.stringify(invocation.options)}`, ...files].join('\n') };
  },
  component: async (customId, values, ctx) => {
    clicks.push({ customId, values, caller: ctx.caller.userId });
    const [, action] = customId.split(':');
    if (action === 'download') {
      return {
        content: 'The draft, to fix and import again.',
        files: [
          { name: '../../figures.json', content: '{ "asOf": "2026-01-04" }\n' },
          { name: '.narrative.md', content: '# Week of 4 Jan\n' },
          { name: 'a<b>:c|d?.md', content: 'x' },
          { name: 'figures.json', content: 'second\n' },
        ],
      };
    }
    if (action === 'publish') {
      return {
        content: `Published by ${ctx.caller.userId}. Roll back to which version?`,
        components: [
          [
            {
              kind: 'select',
              customId: 'desk:rollback',
              placeholder: 'Version',
              options: [
                { label: 'v2', value: '2', description: 'published just now' },
                { label: 'v1', value: '1' },
              ],
            },
          ],
        ],
      };
    }
    if (action === 'rollback') return { content: `Rolled back to v${values[0]}.` };
    return { content: 'Discarded.' };
  },
};

const COMMANDS: ReadonlyMap<string, Command> = new Map([['desk', desk]]);

const ARTICLE = 'Russell 2000 closes at 2,540 — a record\nsecond line\n';
const NOTES = '# Notes, with “quotes”\n';

let store: FactStore;
/** Files the tests import, and folders the console saves into. */
let work: string;

beforeAll(async () => {
  store = await loadShippedStore();
  work = await mkdtemp(join(tmpdir(), 'console-files-'));
  await writeFile(join(work, 'article.txt'), ARTICLE);
  await writeFile(join(work, 'my notes.md'), NOTES);
  await mkdir(join(work, 'a folder'));
  execFileSync('mkfifo', [join(work, 'pipe.txt')]);
  await writeFile(join(work, 'big.txt'), Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Pipes `script` to the console, with paths relative to the test's folder written as `./…`, and returns what it printed. */
async function consoleOutput(script: string, filesDir?: string): Promise<string> {
  return pipedConsole(script.replace(/(?<=[:"])\.\//g, `${work}/`), {
    commands: COMMANDS,
    context: () => memberContext(store, { caller: OPERATOR }),
    filesDir: filesDir ?? (await mkdtemp(join(work, 'saved-'))),
  });
}

describe('the console: file options take a local path', () => {
  test('GIVEN file and a quoted narrative path THEN the handler gets both files by base name with their bytes, and the other options as typed', async () => {
    const out = await consoleOutput('/desk import file:./article.txt narrative:"./my notes.md" as-of:2026-01-04\n');
    const invocation = runs.at(-1)!;
    expect(invocation.options).toEqual({ 'as-of': '2026-01-04' });
    const file = await invocation.attachments?.['file']?.();
    expect(file?.ok && file.name).toBe('article.txt');
    expect(file?.ok && Buffer.from(file.bytes)).toEqual(await readFile(join(work, 'article.txt')));
    expect(out).toContain(`file article.txt: ${Buffer.byteLength(ARTICLE)} bytes, "Russell 2000 closes at 2,540 — a record"`);
    expect(out).toContain(`narrative my notes.md: ${Buffer.byteLength(NOTES)} bytes, "# Notes, with “quotes”"`);
  });

  test('GIVEN a missing file, a folder, a FIFO and an oversized file THEN the handler gets each refused in words, and the FIFO does not hang', async () => {
    const started = performance.now();
    const out = await consoleOutput(
      [
        '/desk import file:./nowhere.txt',
        '/desk import file:"./a folder"',
        '/desk import file:./pipe.txt',
        '/desk import file:./big.txt',
      ].join('\n'),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(out).toContain(`file refused: ${work}/nowhere.txt: no such file`);
    expect(out).toContain(`file refused: ${work}/a folder: is a folder, not a regular file; only regular files are read`);
    expect(out).toContain(`file refused: ${work}/pipe.txt: is a named pipe (FIFO), not a regular file; only regular files are read`);
    expect(out).toContain(`file refused: ${work}/big.txt: is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB)`);
  });

  test('GIVEN a relative path to a missing file THEN the answer says where it was looked for', async () => {
    const out = await consoleOutput(
      `/desk import file:no-such-article.txt\n/desk import file:"${relative(process.cwd(), join(work, 'a folder'))}"\n`,
    );
    expect(out).toContain(`file refused: no-such-article.txt: no such file (looked for ${join(process.cwd(), 'no-such-article.txt')})`);
    expect(out).toContain('a folder: is a folder, not a regular file; only regular files are read\n');
  });

  test('GIVEN no file option THEN the console names the option and that it takes a path, and the handler is not run', async () => {
    const before = runs.length;
    const out = await consoleOutput('/desk import as-of:2026-01-04\n');
    expect(out).toBe('✗ /desk import needs file:<path>, a local file (the article or figures.json).\n\n');
    expect(runs.length).toBe(before);
  });

  test('GIVEN /help THEN file options read file:<path>', async () => {
    const out = await consoleOutput('/help\n');
    expect(out).toContain('  /desk import file:<path> [narrative:<path>] [as-of:…]');
    expect(out).toContain('  /desk status\n');
  });
});

describe('the console: buttons and selects are numbered choices', () => {
  test('GIVEN an answer with buttons THEN they are printed numbered, with how to choose', async () => {
    const out = await consoleOutput('/desk import file:./article.txt\n');
    expect(out).toContain('[1] Publish  [2] Download draft  [3] Discard\nType 1–3 to choose; any other line is a command.');
  });

  test('GIVEN a command, then 1 THEN the first button runs as the operator, answered privately with its own choices numbered anew', async () => {
    const out = await consoleOutput('/desk import file:./article.txt\n1\n');
    expect(clicks.at(-1)).toEqual({ customId: 'desk:publish:d1', values: [], caller: 'console' });
    expect(out).toContain('(only you can see this)\n\nPublished by console. Roll back to which version?');
    expect(out).toContain('Version ▾\n  [1] v2 — published just now\n  [2] v1\nType 1–2 to choose;');
  });

  test("GIVEN Download chosen THEN its files answer leaves the review's choices open, so 1 still publishes", async () => {
    const before = clicks.length;
    await consoleOutput('/desk import file:./article.txt\n2\n1\n');
    expect(clicks.slice(before).map((c) => c.customId)).toEqual(['desk:download:d1', 'desk:publish:d1']);
  });

  test('GIVEN a select option chosen by its number THEN the handler gets that option value', async () => {
    const out = await consoleOutput('/desk import file:./article.txt\n1\n2\n');
    expect(clicks.at(-1)).toEqual({ customId: 'desk:rollback', values: ['1'], caller: 'console' });
    expect(out).toContain('Rolled back to v1.');
  });

  test('GIVEN a number out of range THEN it is refused with the range, and the choices stay open', async () => {
    const out = await consoleOutput('/desk import file:./article.txt\n7\n0\n3\n');
    expect(out).toContain('✗ There is no choice 7: the last answer offers 1–3.');
    expect(out).toContain('✗ There is no choice 0: the last answer offers 1–3.');
    expect(clicks.at(-1)?.customId).toBe('desk:discard:d1');
    expect(out).toContain('Discarded.');
  });

  test('GIVEN a number before any answer, or after an answer without choices THEN it is refused: choices belong to the last answer', async () => {
    const clicked = clicks.length;
    const out = await consoleOutput('1\n/desk import file:./article.txt\n/desk status\n1\n');
    const refusal = '✗ There is nothing to choose: numbers pick from the choices under the last answer, and it has none.';
    expect(out.split(refusal)).toHaveLength(3);
    expect(out.lastIndexOf(refusal)).toBeGreaterThan(out.indexOf('Serving 2025-12-07.'));
    expect(clicks.length).toBe(clicked);
  });

  test('GIVEN an interactive console THEN the prompt says which numbers choose while choices are open', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    const done = runConsole({
      input: stdin,
      output: stdout,
      interactive: true,
      commands: COMMANDS,
      context: () => memberContext(store, { caller: OPERATOR }),
      filesDir: work,
    });
    stdin.write(`/desk import file:${work}/article.txt\r`);
    await vi.waitFor(() => expect(printed).toContain('briefing-desk (choose 1–3)> '));
    stdin.write('/desk status\r');
    await vi.waitFor(() => expect(printed.slice(printed.lastIndexOf('Serving'))).toContain('briefing-desk> '));
    stdin.end('/quit\r');
    await done;
  });

  test('GIVEN a choice whose command is gone or has no handler THEN it is answered as expired', async () => {
    const stray: Command = {
      definition: { name: 'stray', description: 'Offers a control nobody handles' },
      run: async () => ({ content: 'Here', components: [[{ kind: 'button', customId: 'gone:x', label: 'Go', style: 'primary' }]] }),
    };
    const printed = await pipedConsole('/stray\n1\n', {
      commands: new Map([['stray', stray]]),
      context: () => memberContext(store, { caller: OPERATOR }),
      filesDir: work,
    });
    expect(printed).toContain('✗ This choice has expired. Run the command again.');
  });
});

describe('the console: files in answers are saved', () => {
  test('GIVEN Download draft chosen THEN its files are written with safe names in a new folder under the base, and their paths printed', async () => {
    const base = await mkdtemp(join(work, 'base-'));
    const out = await consoleOutput('/desk import file:./article.txt\n2\n', base);
    const [folder, ...others] = await readdir(base);
    expect(others).toEqual([]);
    const saved = join(base, folder!);
    expect((await readdir(saved)).sort()).toEqual(['a_b__c_d_.md', 'figures (2).json', 'figures.json', 'narrative.md']);
    expect(await readFile(join(saved, 'figures.json'), 'utf8')).toBe('{ "asOf": "2026-01-04" }\n');
    expect(await readFile(join(saved, 'figures (2).json'), 'utf8')).toBe('second\n');
    expect(await readFile(join(saved, 'narrative.md'), 'utf8')).toBe('# Week of 4 Jan\n');
    expect(out).toContain(
      `Files saved:\n  ${saved}/figures.json\n  ${saved}/narrative.md\n  ${saved}/a_b__c_d_.md\n  ${saved}/figures (2).json`,
    );
    expect(relative(base, saved)).not.toContain('..');
  });

  test('GIVEN a name of 150 emoji THEN it is cut to 200 bytes between two emoji, keeping the extension, and can be written', async () => {
    const safe = safeFileName(`${'👍'.repeat(150)}.json`);
    expect(safe).toBe(`${'👍'.repeat(48)}.json`);
    // Even with the " (2)" a second file of that name gets: 400 bytes of emoji would fail with ENAMETOOLONG.
    await writeFile(join(work, `${safe.replace('.json', '')} (2).json`), 'fits');
  });

  test('GIVEN names that reach for hidden files, device names or bidi tricks THEN each is a plain visible name', () => {
    expect(['..', '.env', '/etc/passwd', 'C:\\Windows\\x.ini', 'NUL.txt', 'evil\u202etxt.md', '', 'draft. '].map(safeFileName)).toEqual([
      'file',
      'env',
      'passwd',
      'x.ini',
      '_NUL.txt',
      'evil_txt.md',
      'file',
      'draft',
    ]);
  });

  test('GIVEN the same download twice THEN each answer gets its own folder, so the first files are not overwritten', async () => {
    const base = await mkdtemp(join(work, 'base-'));
    await consoleOutput('/desk import file:./article.txt\n2\n/desk import file:./article.txt\n2\n', base);
    expect(await readdir(base)).toHaveLength(2);
  });

  test('GIVEN a base folder that is gone THEN the answer is still shown, with why its files were not saved', async () => {
    const out = await consoleOutput('/desk import file:./article.txt\n2\n', join(work, 'no-such-base'));
    expect(out).toContain('The draft, to fix and import again.');
    expect(out).toContain(
      `✗ ../../figures.json, .narrative.md, a<b>:c|d?.md, figures.json could not be saved under ${work}/no-such-base: ENOENT`,
    );
  });
});
