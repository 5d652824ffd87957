import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { scaleSnapshot, type FiguresDoc } from '../../bench/syntheticData';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import { useBotAgainstFakeDiscord } from './startBot';

/**
 * Discord's window for the first answer. Parsing and checking one 2.4 MB
 * figures.json is one synchronous stretch of the loader: about 0.5 s on a
 * quiet machine of this kind, up to 2 s when its two cores are shared, so an
 * answer may come as a deferral, but it must come inside the window.
 */
const WINDOW_MS = 3000;

describe('member commands while a large /data reload runs', () => {
  const e2e = useBotAgainstFakeDiscord();

  test('GIVEN data 100× the shipped size to reload THEN /levels sent during the reload answers inside the window, and the reload lands', async () => {
    const folder = path.dirname(e2e.data.figuresPath);
    const figures = JSON.parse(readFileSync(e2e.data.figuresPath, 'utf8')) as FiguresDoc;
    const narrative = readFileSync(path.join(folder, 'narrative.md'), 'utf8');
    const large = scaleSnapshot({ figures, narrative }, 100);
    writeFileSync(e2e.data.figuresPath, large.figures);
    writeFileSync(path.join(folder, 'narrative.md'), large.narrative);

    const reload = e2e.fake.interact({ kind: 'command', name: 'data', subcommand: 'reload', userId: FAKE_IDS.owner });
    const answered: number[] = [];
    const firstSent = Date.now();
    // Sent one after another while the reload reads, parses and checks some 4 MB of e2e.data.
    for (let i = 0; i < 5; i++) {
      const sent = Date.now();
      const levels = e2e.fake.interact({ kind: 'command', name: 'levels' });
      answered.push((await levels.response()).at - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const reloaded = await reload.finalMessage(20_000);
    expect(reloaded.message.content ?? '').not.toContain('Reload refused');
    const logged = await e2e.bot.waitForLog((l) => l.msg === 'data reloaded' && l['actor'] === FAKE_IDS.owner, 20_000);
    // The member commands really did meet the reload, not arrive after it.
    expect(firstSent).toBeLessThan(Number(logged['time']));
    for (const ms of answered) expect(ms).toBeLessThan(WINDOW_MS);
    expect(e2e.fake.violations).toEqual([]);
  }, 60_000);
});
