import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { useDataDesk } from './fixtures/useDataDesk';

const CHILD = fileURLToPath(new URL('./fixtures/publishInChildProcess.ts', import.meta.url));
const desk = useDataDesk();

/** Runs the publishing child until it has published `versions` versions, then kills it after `delayMs` with SIGKILL. */
function killDuringPublishes(statePath: string, dataDir: string, versions: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, statePath, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let published = 0;
    let killing = false;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      // A busy machine can hand over several lines in one chunk, stepping past `versions`.
      published += chunk.toString().split('\n').filter(Boolean).length;
      if (published >= versions && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child stopped by itself: ${stderr}`))));
  });
}

const row = z.object({ version: z.number(), drafts: z.number(), audits: z.number() });

describe('GIVEN a bot process killed while it publishes', () => {
  test('THEN after a restart every stored version is a complete publish, and the one in service is what members are served', async () => {
    const files = desk.files();
    (await desk.start(files)).db.close();
    for (const delayMs of [0, 3, 7]) {
      await killDuringPublishes(files.statePath, files.data.dataDir, 3, delayMs);
      const bot = await desk.start(files);
      // A version is stored together with its published draft and its audit row, or not at all.
      const versions = bot.db
        .prepare(
          `SELECT v.version,
             (SELECT count(*) FROM data_drafts d WHERE d.status = 'published' AND d.published_version = v.version) AS drafts,
             (SELECT count(*) FROM data_audit a WHERE a.action = 'publish' AND a.version = v.version AND a.outcome = 'ok') AS audits
           FROM snapshot_versions v WHERE v.as_of = '2025-12-07' AND v.origin = 'import'`,
        )
        .all()
        .map((r) => row.parse(r));
      expect(versions.length).toBeGreaterThanOrEqual(3);
      expect(versions.filter((v) => v.drafts !== 1 || v.audits !== 1)).toEqual([]);
      const history = await bot.desk.history('2025-12-07');
      if (!history.ok) return expect.fail(history.problem);
      const inService = history.versions.find((v) => v.inService);
      expect(inService?.version).toBe(Math.max(...versions.map((v) => v.version)));
      expect(bot.store.latest().contentHash).toBe(inService?.contentHash);
      bot.db.close();
    }
  }, 30_000);
});
