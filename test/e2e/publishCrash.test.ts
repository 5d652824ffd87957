import path from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord, type InteractionSpec } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { buttonsOf, textOf } from './messageText';
import { startBot } from './startBot';

/** Kills land at these delays after Publish is pressed: before the bot sees the click, while it validates, while it commits, after. */
const KILL_AFTER_MS = [0, 20, 60, 150];

function publishButton(message: APIMessage): string {
  const id = buttonsOf(message).find((b) => b.label === 'Publish')?.customId;
  if (id === undefined) throw new Error('the review has no Publish button');
  return id;
}

const CLOSE = 'rut-close-2025-12-05';

/** The Russell 2000 close in a figures.json, and the same file with it set to `value`, written as the drafter writes files. */
function withClose(figuresJson: string, value: number): { before: number; after: string } {
  const doc = JSON.parse(figuresJson) as { figures: { id: string; value: unknown }[] };
  const close = doc.figures.find((f) => f.id === CLOSE);
  if (close === undefined || typeof close.value !== 'number') throw new Error(`no numeric ${CLOSE} in figures.json`);
  const before = close.value;
  close.value = value;
  return { before, after: `${JSON.stringify(doc, null, 2)}\n` };
}

describe('a bot killed while it publishes', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let statePath: string;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    data = new DataCopy();
    statePath = path.join(data.root, 'state.sqlite');
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  const asOwner = async (subcommand: string, options: NonNullable<Extract<InteractionSpec, { kind: 'command' }>['options']> = {}) => {
    const handle = fake.interact({ kind: 'command', name: 'data', subcommand, options, userId: FAKE_IDS.owner });
    const first = await handle.finalMessage(20_000);
    return [first, ...handle.followups()];
  };

  test.each(KILL_AFTER_MS)(
    'GIVEN SIGKILL %i ms after Publish THEN the restarted bot serves the old or the new version whole: its export is one of the two files, with the hash it reports',
    async (killAfterMs) => {
      bot = await startBot(fake, data, statePath);
      const before = (await asOwner('export'))[0]!;
      const oldFigures = fake.fileText(before, 'figures.json');
      const newClose = 2600 + killAfterMs + 0.5;
      const { before: oldClose, after: newFigures } = withClose(oldFigures, newClose);
      const narrative = fake.fileText(before, 'narrative.md');
      const review = await asOwner('import', {
        file: fake.upload('figures.json', newFigures),
        narrative: fake.upload('narrative.md', narrative),
      });

      fake.interact({ kind: 'component', customId: publishButton(review.at(-1)!.message), userId: FAKE_IDS.owner });
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await bot.kill();

      bot = await startBot(fake, data, statePath);
      const served = (await asOwner('export'))[0]!;
      const figures = fake.fileText(served, 'figures.json');
      expect([oldFigures, newFigures]).toContain(figures);
      expect(fake.fileText(served, 'narrative.md')).toBe(narrative);
      const hash = /content hash `([0-9a-f]{12})`/.exec(textOf(served))?.[1];
      const status = textOf((await asOwner('status'))[0]!);
      expect(status).toContain(`\`${hash}`);
      const levels = textOf(await fake.interact({ kind: 'command', name: 'levels' }).finalMessage());
      expect(levels).toContain((figures === newFigures ? newClose : oldClose).toLocaleString('en-US'));
      await bot.kill();
      bot = undefined;
    },
    60_000,
  );
});
