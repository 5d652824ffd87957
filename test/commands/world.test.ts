import { beforeAll, describe, expect, test } from 'vitest';
import type { FactStore } from '../../src/facts/factStore';
import { memberContext, runCommand } from './fixtures/commandContext';
import { field, onlyEmbed } from './fixtures/replyText';
import { loadShippedStore } from './fixtures/shippedStore';

let store: FactStore;
beforeAll(async () => {
  store = await loadShippedStore();
});

describe('/world', () => {
  test('GIVEN world indices THEN ACWI ex-USA is up close to 30%, STOXX 600 had modest gains and the Nikkei slipped', async () => {
    const reply = await runCommand('world', memberContext(store));
    expect(field(reply, 'MSCI ACWI ex-USA · Year to date').value).toContain('**close to 30%** · 2025 [22]');
    expect(field(reply, 'STOXX Europe 600 · Weekly move').value).toBe('**modest gains** · 1–5 Dec 2025 [15]');
    expect(field(reply, 'Nikkei 225 · Weekly move').value).toContain('**slipped** · 1–5 Dec 2025 [15]');
  });

  test('GIVEN the revenue mix THEN about 20% of Russell 2000 revenue comes from abroad against roughly 40% for the Russell 1000', async () => {
    const reply = await runCommand('world', memberContext(store));
    expect(field(reply, 'Russell 2000 · Revenue from outside the U.S.').value).toContain('**around 20%** · 2025 [19]');
    expect(field(reply, 'Russell 1000 · Revenue from outside the U.S.').value).toContain('**roughly 40%** · 2025 [19]');
    expect(onlyEmbed(reply).footer?.split('\n')[0]).toBe(
      'Sources: [15] www.reuters.com · [19] www.lseg.com · [20] www.lseg.com · [22] www.thriventfunds.com · [23] www.ft.com · [24] www.lseg.com · Not investment advice',
    );
  });
});
