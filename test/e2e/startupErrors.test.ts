import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { migrations } from '../../src/schedule/migrations';
import { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';

/** What the bot printed that is not a JSON log line: what an operator reads first. */
function plainLines(bot: BotProcess): string[] {
  return bot.output.split('\n').filter((line) => line.length > 0 && !line.startsWith('{'));
}

describe('GIVEN a state file the bot cannot use', () => {
  let data: DataCopy | undefined;

  afterEach(() => data?.remove());

  /** Starts the bot on `statePath`; it must stop before connecting anywhere. */
  const startOn = async (statePath: string) => {
    const bot = BotProcess.start({
      DISCORD_TOKEN: 'x'.repeat(70),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      DATA_DIR: data!.dataDir,
      STATE_PATH: statePath,
    });
    const exit = await bot.exited;
    return { exit, lines: plainLines(bot), output: bot.output };
  };

  test.each([
    ['a text file', (p: string) => writeFileSync(p, 'these are my notes, not a database\n'.repeat(50)), 'is not a SQLite database'],
    ['a folder', (p: string) => mkdirSync(p), 'is a directory, not a file'],
  ])(
    'WHEN it is %s THEN the bot exits 1 with one line naming STATE_PATH, the path and the problem, and no stack',
    async (_what, make, problem) => {
      data = new DataCopy();
      const statePath = path.join(data.root, 'state.sqlite');
      make(statePath);
      const { exit, lines, output } = await startOn(statePath);
      expect(exit.code).toBe(1);
      expect(lines).toEqual([`STATE_PATH ${statePath}: ${problem}`]);
      expect(output).not.toMatch(/^\s+at /m);
    },
  );

  test('WHEN a newer build wrote it THEN the bot refuses to start, naming both schema versions, and leaves the file exactly as it was', async () => {
    data = new DataCopy();
    const statePath = path.join(data.root, 'state.sqlite');
    const raw = new Database(statePath);
    raw.exec('CREATE TABLE from_the_future (x INTEGER)');
    raw.pragma('user_version = 9');
    raw.close();
    const before = readFileSync(statePath);

    const { exit, lines } = await startOn(statePath);
    expect(exit.code).toBe(1);
    expect(lines).toEqual([
      `STATE_PATH ${statePath}: was written by a newer version (schema 9, this build knows ${migrations.length}); refusing to start`,
    ]);
    expect(readFileSync(statePath).equals(before)).toBe(true);
    const after = new Database(statePath, { readonly: true });
    try {
      expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      after.close();
    }
  });
});

/** A port of 127.0.0.1 that nothing listens on: taken, then let go. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('GIVEN a STATE_URL whose PostgreSQL server does not answer', () => {
  let data: DataCopy | undefined;

  afterEach(() => data?.remove());

  test('THEN the bot exits 1 with one line naming STATE_URL without its password, and the reason', async () => {
    data = new DataCopy();
    const port = await closedPort();
    const bot = BotProcess.start({
      DISCORD_TOKEN: 'x'.repeat(70),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      DATA_DIR: data.dataDir,
      STATE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/briefing_desk`,
    });
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    expect(plainLines(bot)).toEqual([`STATE_URL postgres://bot:[redacted]@127.0.0.1:${port}/briefing_desk: cannot connect (ECONNREFUSED)`]);
    expect(bot.output).not.toContain('hunter2');
  });
});
