import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAX_DATA_FILE_BYTES } from '../../src/facts/dataLimits';
import { FactStore } from '../../src/facts/factStore';
import { formatDataError } from '../../src/facts/formatDataError';
import { loadDataDir } from '../../src/facts/loadDataDir';
import { loadSnapshot } from '../../src/facts/loadSnapshot';
import { figuresDoc, NARRATIVE, snapshotOf, tempDataDir, writeSnapshot } from './fixtures';

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dataDir, remove } = await tempDataDir()));
afterEach(() => remove());

/** A real named pipe; nobody ever writes to it, so a plain readFile of it would wait forever. */
function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** The load's errors as a moderator reads them, failing within `ms` if the load hangs. */
async function refusal(load: Promise<{ ok: boolean; errors?: readonly unknown[] }>, ms = 2000): Promise<string[]> {
  const result = await Promise.race([
    load,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the load did not finish within ${ms} ms`)), ms)),
  ]);
  if (result.ok) return expect.fail('expected the data to be refused');
  return (result.errors as Parameters<typeof formatDataError>[0][]).map(formatDataError);
}

/** A folder outside the data folder, full of names that must never show up in an error. */
async function outsideFolder(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'briefing-desk-outside-'));
  await writeFile(join(path, 'passwd'), 'root:x:0:0\n');
  await writeFile(join(path, 'shadow'), 'secret\n');
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

describe('only regular files inside the data folder are read', () => {
  test('GIVEN a snapshot folder that is a symlink to a folder outside THEN it is refused without listing what the target holds', async () => {
    const outside = await outsideFolder();
    try {
      await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
      await symlink(outside.path, join(dataDir, '2025-12-14'));
      const errors = await refusal(loadDataDir(dataDir));
      expect(errors).toEqual(['data/2025-12-14: is a link to a place outside the data folder; only files and folders inside it are read']);
      expect(errors.join('\n')).not.toMatch(/passwd|shadow/);
    } finally {
      await outside.cleanup();
    }
  });

  test('GIVEN a symlinked snapshot folder loaded on its own THEN it is refused the same way', async () => {
    const outside = await outsideFolder();
    try {
      await symlink(outside.path, join(dataDir, '2025-12-14'));
      expect(await refusal(loadSnapshot(join(dataDir, '2025-12-14')))).toEqual([
        'data/2025-12-14: is a link to a place outside the data folder; only files and folders inside it are read',
      ]);
    } finally {
      await outside.cleanup();
    }
  });

  test('GIVEN figures.json that is a symlink to a file outside THEN it is refused and not read', async () => {
    const outside = await outsideFolder();
    try {
      const folder = await writeSnapshot(dataDir, '2025-12-07', {});
      await writeFile(join(outside.path, 'figures.json'), JSON.stringify(figuresDoc()));
      await symlink(join(outside.path, 'figures.json'), join(folder, 'figures.json'));
      expect(await refusal(loadDataDir(dataDir))).toEqual([
        'data/2025-12-07/figures.json: is a link to a place outside the data folder; only files and folders inside it are read',
      ]);
    } finally {
      await outside.cleanup();
    }
  });

  test('GIVEN a snapshot folder linked to another folder inside the data folder THEN it loads, as links within the data are fine', async () => {
    const real = await writeSnapshot(dataDir, '2025-12-06', { figures: figuresDoc('2025-12-06') });
    await symlink(real, join(dataDir, '2025-12-07'));
    const result = await loadDataDir(dataDir);
    expect(result.ok || result.errors.map(formatDataError)).toEqual([
      'data/2025-12-07/figures.json asOf: asOf "2025-12-06" does not match the folder name "2025-12-07"',
    ]);
  });

  test('GIVEN figures.json that is a FIFO nobody writes to THEN the load is refused at once instead of waiting forever', async () => {
    const folder = await writeSnapshot(dataDir, '2025-12-07', {});
    mkfifo(join(folder, 'figures.json'));
    expect(await refusal(loadDataDir(dataDir))).toEqual([
      'data/2025-12-07/figures.json: is a named pipe (FIFO), not a regular file; only regular files are read',
    ]);
  });

  test('GIVEN narrative.md that is a FIFO and a stray FIFO beside it THEN both are refused without blocking', async () => {
    const folder = await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
    mkfifo(join(folder, 'narrative.md'));
    mkfifo(join(folder, 'notes.md'));
    expect(await refusal(loadDataDir(dataDir))).toEqual([
      'data/2025-12-07/notes.md: unexpected file in a snapshot folder (expected only figures.json and narrative.md)',
      'data/2025-12-07/narrative.md: is a named pipe (FIFO), not a regular file; only regular files are read',
    ]);
  });

  test('GIVEN a stray FIFO beside a figures.json with an error THEN both are reported in one pass', async () => {
    const doc = figuresDoc();
    doc.title = '';
    const folder = await writeSnapshot(dataDir, '2025-12-07', { figures: doc });
    mkfifo(join(folder, 'figures.json.swp'));
    expect(await refusal(loadDataDir(dataDir))).toEqual([
      'data/2025-12-07/figures.json.swp: unexpected file in a snapshot folder (expected only figures.json and narrative.md)',
      'data/2025-12-07/figures.json title: expected text, not empty or only spaces, got ""',
    ]);
  });

  test('GIVEN eight FIFOs in eight snapshot folders THEN the load is refused and file reads elsewhere still work', async () => {
    for (let day = 1; day <= 8; day++) {
      const folder = await writeSnapshot(dataDir, `2025-12-0${day}`, {});
      mkfifo(join(folder, 'figures.json'));
    }
    expect(await refusal(loadDataDir(dataDir))).toHaveLength(8);
    // readFile of a FIFO would have pinned all four libuv threads; this read would then never finish.
    const good = await tempDataDir();
    try {
      await writeSnapshot(good.dataDir, '2025-12-07', { figures: figuresDoc() });
      const result = await loadDataDir(good.dataDir);
      expect(result.ok).toBe(true);
    } finally {
      await good.remove();
    }
  });

  test('GIVEN figures.json that is a socket THEN it is refused as not a regular file', async () => {
    const folder = await writeSnapshot(dataDir, '2025-12-07', {});
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(join(folder, 'figures.json'), resolve));
    try {
      expect(await refusal(loadDataDir(dataDir))).toEqual([
        'data/2025-12-07/figures.json: is a socket, not a regular file; only regular files are read',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('GIVEN figures.json that is a folder THEN it is refused as not a regular file', async () => {
    await mkdir(join(dataDir, '2025-12-07', 'figures.json'), { recursive: true });
    expect(await refusal(loadDataDir(dataDir))).toEqual([
      'data/2025-12-07/figures.json: is a folder, not a regular file; only regular files are read',
    ]);
  });

  test('GIVEN a narrative.md one byte over 4 MiB THEN it is refused by its size, before it is read', async () => {
    await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc(), narrative: 'x'.repeat(MAX_DATA_FILE_BYTES + 1) });
    expect(await refusal(loadDataDir(dataDir))).toEqual([
      'data/2025-12-07/narrative.md: is 4,194,305 bytes; the limit is 4,194,304 bytes (4 MiB)',
    ]);
  });

  test('GIVEN reads that cannot finish before the deadline THEN the load is refused as timed out, naming the data folder', async () => {
    await writeSnapshot(dataDir, '2025-12-07', { figures: figuresDoc() });
    expect(await refusal(loadDataDir(dataDir, AbortSignal.abort()))).toEqual([
      'data: cannot read the data folder (reading took longer than 10 s, so the disk or file system is not answering; nothing was loaded)',
    ]);
  });

  test('GIVEN twenty snapshot folders read under one deadline THEN Node warns of no listener leak', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (let day = 10; day < 30; day++) await writeSnapshot(dataDir, `2025-11-${day}`, { figures: figuresDoc(`2025-11-${day}`) });
      const result = await loadDataDir(dataDir);
      expect(result.ok).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('GIVEN a reload refused for a FIFO THEN the store keeps serving and the next reload runs at once', async () => {
    const store = new FactStore([snapshotOf(figuresDoc(), NARRATIVE)]);
    const folder = await writeSnapshot(dataDir, '2025-12-07', {});
    mkfifo(join(folder, 'figures.json'));
    const first = store.reload(() => loadDataDir(dataDir));
    const queued = store.reload(() => loadDataDir(dataDir));
    expect(await refusal(first)).toHaveLength(1);
    expect(await refusal(queued)).toHaveLength(1);
    await rm(join(folder, 'figures.json'));
    await writeFile(join(folder, 'figures.json'), JSON.stringify(figuresDoc()));
    const third = await store.reload(() => loadDataDir(dataDir));
    expect(third.ok).toBe(true);
    expect(store.latest().asOf).toBe('2025-12-07');
  });
});
