import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CommandContext, Invocation } from '../../src/command';
import type { FactStore } from '../../src/facts/factStore';
import { fitReply } from '../../src/render/fitReply';
import { limitViolations } from '../render/limitViolations';
import { COMMANDS, MEMBER, memberContext, runCommand } from './fixtures/commandContext';
import { InMemoryRecapAdmin } from './fixtures/inMemoryRecapAdmin';
import { expectNoLeaks } from './fixtures/replyText';
import { openDataDesk, type OpenDesk } from './fixtures/dataDesk';
import { FRESH_NOW, STALE_NOW } from './fixtures/shippedStore';
import { copyShippedData, removeDataDir } from './fixtures/tempDataDir';

const RECAP_CHANNEL = '300000000000000007';

type Case = readonly [name: string, options: Invocation['options'], subcommand?: string];

/** Each command with options a member might send, good and bad: every answer must be sendable as it stands. */
const CASES: readonly Case[] = [
  ...[
    '',
    'rut',
    'spx',
    'comp',
    'dow',
    'stoxx',
    'nikkei',
    'acwi',
    'msci global',
    'ndx',
    'fed',
    'foo',
    'x'.repeat(100),
    '<@&123>',
    '@everyone',
  ].map((index): Case => ['levels', index === '' ? {} : { index }]),
  ['levels', { date: '2025-12-07' }],
  ['levels', { date: '2025-12-01' }],
  ['levels', { date: '2025-13-01' }],
  ['levels', { date: '7 Dec' }],
  ['levels', { index: 'foo', date: 'bar' }],
  ['levels', { unknown: 'x' }],
  ...['', 'rut', 'spx', 'ndx', 'stoxx', 'foo'].map((index): Case => ['short-interest', index === '' ? {} : { index }]),
  ...['', 'rut', 'spx', 'top 200', 'large caps', 'ndx', 'foo'].map((index): Case => ['valuation', index === '' ? {} : { index }]),
  ['earnings', {}],
  ['earnings', { index: 'rut' }],
  ['macro', {}],
  ['technicals', {}],
  ['world', {}],
  ['history', { metric: 'short-interest' }],
  ['history', { metric: 'valuation discount', index: 'small caps' }],
  ['history', { metric: 'close', index: 'spx' }],
  ['history', { metric: 'nope' }],
  ...['', 'base', 'bull', 'bear', 'BEAR', 'moon', ' '].map((scenario): Case => ['outlook', scenario === '' ? {} : { scenario }]),
  ...['', '2025-12-05', '2025-12-06', '2025-12-07', '2025-12-01', '2025-02-30', 'friday'].map((date): Case => [
    'recap',
    date === '' ? {} : { date },
  ]),
  ['brief', {}],
  ...[undefined, 1, 3, 42, 43, 99, 0, -1, '3', 'abc', '2.5', 1e21].map((number): Case => [
    'sources',
    number === undefined ? {} : { number },
  ]),
  ['about', {}],
  ['data', {}, 'status'],
  ['data', {}, 'reload'],
  ['data', {}, 'explode'],
  ['data', {}, 'import'],
  ['data', {}, 'export'],
  ['data', { date: '2025-12-07' }, 'history'],
  ['data', { date: '2025-12-07' }, 'rollback'],
  ['data', { date: '2025-12-07', version: 9 }, 'rollback'],
  ['data', { date: '2025-12-07' }, 'remove'],
  ['data', { date: '2031-01-01' }, 'export'],
  ['data', {}],
  ['recaps', {}, 'status'],
  ['recaps', {}, 'preview'],
  ['recaps', { channel: RECAP_CHANNEL }, 'set'],
  ['recaps', { channel: RECAP_CHANNEL, time: '99:99', days: 'never', timezone: 'Nowhere/Land' }, 'set'],
  ['recaps', { channel: 'general' }, 'set'],
  ['recaps', {}, 'post-now'],
  ['recaps', {}, 'off'],
  ['recaps', {}, 'explode'],
];

let store: FactStore;
let dataDir: string;
let opened: OpenDesk;

beforeAll(async () => {
  dataDir = await copyShippedData();
  opened = await openDataDesk(dataDir);
  store = opened.store;
});

afterAll(async () => {
  await opened.close();
  await removeDataDir(dataDir);
});

/** Everyone's rights at once, so the sweep reaches every branch rather than the refusals alone. */
function context(now: Date): CommandContext {
  return memberContext(store, {
    now,
    caller: { ...MEMBER, permissions: PermissionFlagsBits.ManageGuild },
    services: {
      data: { ...opened.desk, isDataModerator: async () => true },
      recaps: new InMemoryRecapAdmin(new Set([RECAP_CHANNEL])),
    },
  });
}

describe.each([
  ['stale', STALE_NOW],
  ['fresh', FRESH_NOW],
])('every command with good and bad options, %s data', (_label, now) => {
  test('GIVEN the sweep THEN it covers every registered command', () => {
    expect(new Set(CASES.map(([name]) => name))).toEqual(new Set(COMMANDS.keys()));
  });

  test.each(CASES.map(([name, options, subcommand]) => ({ name, options, subcommand: subcommand ?? '' })))(
    'GIVEN /$name $subcommand $options THEN every message fitReply makes is within Discord limits and free of leaked values',
    async ({ name, options, subcommand }) => {
      const reply = await runCommand(name, context(now), options, subcommand === '' ? undefined : subcommand);
      expectNoLeaks(reply);
      const parts = fitReply(reply);
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) {
        expect(limitViolations(part)).toEqual([]);
        expectNoLeaks(part);
        expect(part.ephemeral).toBe(reply.ephemeral);
      }
    },
  );
});
