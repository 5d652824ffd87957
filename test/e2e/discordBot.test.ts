import { ComponentType, GatewayOpcodes } from 'discord-api-types/v10';
import { describe, expect, test } from 'vitest';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import { buttonsOf, isEphemeral, textOf } from './messageText';
import { useBotAgainstFakeDiscord } from './startBot';

describe('the bot against the fake Discord', () => {
  const e2e = useBotAgainstFakeDiscord();

  test('GIVEN a token THEN the bot connects with the Guilds intent only and logs its tag and server count', async () => {
    const ready = await e2e.bot.waitForLog((l) => l.msg === 'connected to Discord');
    expect(ready['guilds']).toBe(2);
    expect(String(ready['tag'])).toContain('Briefing Desk');
    expect(e2e.fake.sessions()[0]?.intents).toBe(1);
  });

  test('GIVEN no guild id THEN every command is registered globally, with descriptions within Discord limits', () => {
    const names = e2e.fake
      .commands()
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(
      [
        'about',
        'brief',
        'data',
        'earnings',
        'history',
        'levels',
        'macro',
        'outlook',
        'recap',
        'recaps',
        'short-interest',
        'sources',
        'technicals',
        'valuation',
        'world',
      ].sort(),
    );
    for (const command of e2e.fake.commands()) {
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
    }
    const recaps = e2e.fake.commands().find((c) => c.name === 'recaps');
    expect(recaps?.default_member_permissions).toBe('32');
  });

  test('GIVEN /levels THEN the answer lands well inside the 3 s window, with figures, sources and the as-of date, and pings nobody', async () => {
    const started = Date.now();
    const handle = e2e.fake.interact({ kind: 'command', name: 'levels' });
    const response = await handle.response();
    expect(response.at - started).toBeLessThan(2000);
    const text = textOf(await handle.finalMessage());
    expect(text).toContain('2,521.48');
    expect(text).toContain('−0.4%');
    expect(text).toContain('7 Dec 2025');
    expect(text).toMatch(/Sources: \[3\] apnews\.com/);
    expect(text).toContain('Not investment advice');
    expect(e2e.fake.violations).toEqual([]);
  });

  test('GIVEN /levels and its Details button pressed THEN the notes come back privately, to that member only', async () => {
    const answer = await e2e.fake.interact({ kind: 'command', name: 'levels' }).finalMessage();
    const details = buttonsOf(answer.message).find((b) => b.label === 'Details');
    expect(details?.customId).toBe('levels:details:2025-12-07:1:all:russell-2000');
    const pressed = await e2e.fake.interact({ kind: 'component', customId: details!.customId }).finalMessage();
    expect(isEphemeral(pressed)).toBe(true);
    expect(textOf(pressed)).toContain('Set in mid-October according to multiple market recap services');
    expect(e2e.fake.violations).toEqual([]);
  });

  test('GIVEN autocomplete on index THEN at most 25 choices come back, the best match first', async () => {
    const handle = e2e.fake.interact({ kind: 'autocomplete', name: 'levels', focused: 'index', options: { index: 'spx' } });
    const response = await handle.response();
    const choices = (response.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.value).toBe('sp-500');
  });

  test('GIVEN an unknown index THEN the member gets an ephemeral answer listing the known indices', async () => {
    const message = await e2e.fake.interact({ kind: 'command', name: 'levels', options: { index: 'dogecoin' } }).finalMessage();
    expect(isEphemeral(message)).toBe(true);
    expect(textOf(message)).toContain('Russell 2000');
    expect(textOf(message)).not.toMatch(/undefined|NaN|\[object Object\]/);
  });

  test('GIVEN /outlook and a pick from its menu THEN the chosen scenario comes back to that member only', async () => {
    const answer = await e2e.fake.interact({ kind: 'command', name: 'outlook' }).finalMessage();
    const selectId = (answer.message.components ?? [])
      .flatMap((row) => (row.type === ComponentType.ActionRow ? [...row.components] : []))
      .map((c) => (c.type === ComponentType.StringSelect ? c.custom_id : undefined))
      .find((id) => id !== undefined);
    expect(selectId).toBe('outlook:scenario:2025-12-07:1:');
    const picked = await e2e.fake.interact({ kind: 'component', customId: selectId!, values: ['bear'] }).finalMessage();
    expect(isEphemeral(picked)).toBe(true);
    expect(textOf(picked)).toContain('Growth scare');
  });

  test('GIVEN a member without the data moderator right THEN /data reload is refused by the bot itself', async () => {
    const message = await e2e.fake
      .interact({ kind: 'command', name: 'data', subcommand: 'reload', userId: FAKE_IDS.moderator, overridePermissions: true })
      .finalMessage();
    expect(isEphemeral(message)).toBe(true);
    expect(textOf(message)).toContain('Only data moderators');
  });

  test('GIVEN the owner THEN /data status shows snapshots, counts and the content hash', async () => {
    const message = await e2e.fake.interact({ kind: 'command', name: 'data', subcommand: 'status', userId: FAKE_IDS.owner }).finalMessage();
    const text = textOf(message);
    expect(isEphemeral(message)).toBe(true);
    expect(text).toContain('2025-12-07: 50 figures, 42 sources');
    expect(text).toMatch(/`[0-9a-f]{16}`/);
  });

  test('GIVEN a changed data file THEN /data reload swaps it in and lists old → new; a broken one is refused with its location and the last good data keeps serving', async () => {
    e2e.data.editFigures('"value": 2521.48', '"value": 2530.25');
    const good = textOf(
      await e2e.fake.interact({ kind: 'command', name: 'data', subcommand: 'reload', userId: FAKE_IDS.owner }).finalMessage(),
    );
    expect(good).toContain('2,521.48 → 2,530.25');
    expect(textOf(await e2e.fake.interact({ kind: 'command', name: 'levels' }).finalMessage())).toContain('2,530.25');

    e2e.data.editFigures('"value": 2530.25', '"value": 2530.25,,');
    const bad = textOf(
      await e2e.fake.interact({ kind: 'command', name: 'data', subcommand: 'reload', userId: FAKE_IDS.owner }).finalMessage(),
    );
    expect(bad).toContain('Reload refused');
    expect(bad).toMatch(/data\/2025-12-07\/figures\.json line \d+/);
    expect(textOf(await e2e.fake.interact({ kind: 'command', name: 'levels' }).finalMessage())).toContain('2,530.25');

    e2e.data.editFigures('"value": 2530.25,,', '"value": 2521.48');
  });

  test('GIVEN SIGHUP THEN the bot reloads the data and logs the result', async () => {
    e2e.data.editFigures('"value": 2521.48', '"value": 2522.5');
    e2e.bot.signal('SIGHUP');
    const logged = await e2e.bot.waitForLog((l) => l.msg === 'data reloaded' && l['actor'] === 'SIGHUP');
    expect(JSON.stringify(logged['changes'])).toContain('2,522.5');
    expect(textOf(await e2e.fake.interact({ kind: 'command', name: 'levels' }).finalMessage())).toContain('2,522.5');
  });

  test('GIVEN the gateway connection drops THEN the bot resumes its session and still answers', async () => {
    const identifiesBefore = e2e.fake.gatewayLog.filter((e) => e.kind === 'receive' && e.op === GatewayOpcodes.Identify).length;
    e2e.fake.dropConnection(4000);
    await e2e.bot.waitForLog((l) => l.msg === 'gateway session resumed');
    expect(e2e.fake.gatewayLog.filter((e) => e.kind === 'receive' && e.op === GatewayOpcodes.Identify).length).toBe(identifiesBefore);
    const text = textOf(await e2e.fake.interact({ kind: 'command', name: 'about' }).finalMessage());
    expect(text).toContain('About Briefing Desk');
  });

  test('GIVEN everything so far THEN no message pinged anyone and the token never reached the logs', () => {
    expect(e2e.fake.violations).toEqual([]);
    expect(e2e.bot.output).not.toContain(e2e.fake.token);
  });

  test('GIVEN SIGTERM THEN the bot shuts down cleanly with exit code 0', async () => {
    e2e.bot.signal('SIGTERM');
    const exit = await e2e.bot.exited;
    expect(exit.code).toBe(0);
    expect(e2e.bot.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});
