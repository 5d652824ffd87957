import { describe, test, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getRecapPost } from '../../src/schedule/recapLedger';
import { runDueRecaps } from '../../src/schedule/runDueRecaps';
import { saveSubscription } from '../../src/schedule/subscriptionStore';
import { sqliteStateStoreOver } from '../../src/state/sqliteStateStore';
import { FakeChannels, recordingLogger } from './fakeChannels';
import { untilOwnerHasClaimed } from './fixtures/untilOwnerHasClaimed';
import { useStateDbs } from './fixtures/useStateDbs';

const CHILD = fileURLToPath(new URL('./fixtures/tickInChildProcess.ts', import.meta.url));
const FIRE = new Date('2026-03-07T14:00:00Z');

const { tempDir, open, onCleanup } = useStateDbs();

describe('two scheduler processes on one state file', () => {
  test('GIVEN this process and a child process ticking at once THEN every period is posted exactly once between them', async () => {
    const path = join(tempDir(), 'state.db');
    const db = open(path);
    const channelIds = Array.from({ length: 80 }, (_, index) => `${8000 + index}9`);
    for (const channelId of channelIds) {
      saveSubscription(
        db,
        {
          guildId: channelId.slice(0, -1),
          channelId,
          schedule: { days: ['saturday'], time: '09:00', timeZone: 'America/New_York' },
          setBy: '1',
        },
        new Date('2026-03-01T00:00:00Z'),
      );
    }

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, FIRE.toISOString()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onCleanup(() => child.kill());
    const childLines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      childLines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    const parentDb = open(path);
    const here = new FakeChannels();
    const summary = await runDueRecaps(
      {
        state: sqliteStateStoreOver(parentDb, { clock: () => FIRE }),
        owner: 'parent',
        composeRecap: () => ['weekly recap'],
        postMessage: async (channelId, part, nonce) => {
          await untilOwnerHasClaimed(parentDb, 'child');
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          return here.post(channelId, part, nonce);
        },
        logger: recordingLogger(),
        clock: () => FIRE,
        concurrency: 7,
      },
      FIRE,
    );
    expect(await exited).toBe(0);

    const childPosts = childLines.flatMap((line) =>
      typeof line.post === 'object' && line.post !== null ? [(line.post as { channelId: string }).channelId] : [],
    );
    const childSummary = childLines.find((line) => 'summary' in line)?.summary as { posted: number };
    expect(childLines.filter((line) => 'error' in line)).toEqual([]);
    expect([...childPosts, ...here.messages.map((message) => message.channelId)].sort()).toEqual(channelIds);
    expect(summary.posted + childSummary.posted).toBe(channelIds.length);
    // Both took part, so the claims really were contested across processes.
    expect(summary.posted).toBeGreaterThan(0);
    expect(childSummary.posted).toBeGreaterThan(0);
    for (const channelId of channelIds) {
      expect(getRecapPost(db, { guildId: channelId.slice(0, -1), channelId, period: '2026-03-07' })?.status).toBe('posted');
    }
  });
});
