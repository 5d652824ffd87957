import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function register(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('DISCORD_')) delete base[key];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/register.ts'], { cwd: ROOT, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('GIVEN npm run register against the fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  test('THEN it registers the commands to the development guild once, and a second run writes nothing', async () => {
    const env = { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: FAKE_IDS.guild };
    const first = await register(env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Updated 15 commands (guild ${FAKE_IDS.guild}).\n`);
    expect(fake.commands(FAKE_IDS.guild)).toHaveLength(15);
    expect(fake.commands()).toHaveLength(0);

    const puts = fake.requests.filter((r) => r.method === 'PUT').length;
    const second = await register(env);
    expect(second.stdout).toBe(`Already up to date: 15 commands (guild ${FAKE_IDS.guild}).\n`);
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBe(puts);
  });

  test('THEN without a token it exits non-zero with one clear line, and a wrong token never appears in the output', async () => {
    const missing = await register({ DISCORD_API_URL: fake.apiUrl });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DISCORD_TOKEN is not set');

    const wrongToken = 'WRONG.token-value-that-is-long-enough';
    const wrong = await register({ DISCORD_TOKEN: wrongToken, DISCORD_API_URL: fake.apiUrl });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Registering commands failed');
    expect(wrong.stdout + wrong.stderr).not.toContain(wrongToken);
  });
});
