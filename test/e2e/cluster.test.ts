import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS, TWO_SHARD_GUILDS } from '../fakeDiscord/fakeDiscordOptions';
import { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';

/** Whether a process is still running: signal 0 only checks. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The cluster as `npm run start:cluster` runs it, against the fake, once every shard process is ready. */
async function startCluster(fake: FakeDiscord, data: DataCopy): Promise<BotProcess> {
  const cluster = BotProcess.start(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: data.dataDir,
      STATE_PATH: path.join(data.root, 'state.sqlite'),
    },
    'src/cluster.ts',
  );
  await cluster.waitForLog((l) => l.msg === 'every shard process is ready', 40_000);
  return cluster;
}

const shardPids = (cluster: BotProcess): number[] =>
  cluster.logs.filter((l) => l.msg === 'shard process ready').map((l) => Number(l['pid']));

describe('GIVEN npm run start:cluster against a Discord that recommends two shards, SHARD_COUNT unset', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let cluster: BotProcess;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });
    data = new DataCopy();
    cluster = await startCluster(fake, data);
  }, 60_000);

  afterAll(async () => {
    await cluster?.kill();
    await fake?.close();
    data?.remove();
  });

  test('THEN it runs one process per recommended shard, and a command in a server of each shard is answered', async () => {
    const ready = cluster.logs.filter((l) => l.msg === 'shard process ready');
    expect(ready.map((l) => l['shard'])).toEqual([0, 1]);
    expect(new Set(ready.map((l) => l['pid'])).size).toBe(2);
    expect(
      fake
        .sessions()
        .filter((s) => s.live)
        .map((s) => s.shard)
        .sort(),
    ).toEqual([
      [0, 2],
      [1, 2],
    ]);
    await fake.waitFor(() => fake.commands().length > 0, 10_000, 'the slash commands');
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'))).toHaveLength(1);
    for (const guildId of [FAKE_IDS.shardZeroGuild, FAKE_IDS.guild]) {
      const answer = await fake.interact({ kind: 'command', name: 'levels', guildId }).finalMessage();
      expect(answer.message.embeds[0]?.title).toBe('Russell 2000: levels');
    }
  });

  test('WHEN the cluster gets SIGTERM THEN every shard process shuts down cleanly and the cluster exits 0', async () => {
    const pids = shardPids(cluster);
    cluster.signal('SIGTERM');
    expect((await cluster.exited).code).toBe(0);
    expect(cluster.logs.filter((l) => l.msg === 'stopped').map((l) => l['exitCode'])).toEqual([0, 0]);
    expect(pids.filter(alive)).toEqual([]);
  });
});

describe('GIVEN a running cluster WHEN its manager is killed outright', () => {
  test('THEN its shard processes notice, shut down cleanly and leave no orphan holding a shard', async () => {
    const fake = await FakeDiscord.start({ shardCount: 2, maxConcurrency: 2, guilds: TWO_SHARD_GUILDS });
    const data = new DataCopy();
    try {
      const cluster = await startCluster(fake, data);
      cluster.signal('SIGKILL');
      await cluster.exited;
      await fake.waitFor(() => fake.sessions().every((s) => !s.live), 15_000, 'every gateway session closed');
      // The shard processes write to the stdout they share with the killed manager, so their exit is checked by pid.
      const pids = shardPids(cluster);
      await fake.waitFor(() => pids.every((pid) => !alive(pid)), 15_000, 'the shard processes to exit');
    } finally {
      await fake.close();
      data.remove();
    }
  }, 60_000);
});
