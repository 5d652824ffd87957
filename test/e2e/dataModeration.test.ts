import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import { FAKE_IDS } from '../fakeDiscord/fakeDiscordOptions';
import type { InteractionSpec } from '../fakeDiscord/FakeDiscord';
import type { RecordedMessage } from '../fakeDiscord/messageStore';
import type { BotProcess } from './botProcess';
import { DataCopy } from './dataCopy';
import { buttonsOf, isEphemeral, textOf } from './messageText';
import { startBot } from './startBot';

const ARTICLE = readFileSync(new URL('../fixtures/article-2025-12-07.txt', import.meta.url));
/** The owner by id, and whoever holds the server's Data Desk role. */
const MODERATORS = { DATA_MODERATOR_IDS: FAKE_IDS.owner, DATA_MODERATOR_ROLE_IDS: FAKE_IDS.dataDeskRole };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

describe('data moderation from Discord: import, review, publish, export, roll back', () => {
  let fake: FakeDiscord;
  let data: DataCopy;
  let statePath: string;
  let bot: BotProcess;

  /** Every message of an answer (the review can take several), once the one carrying its buttons has arrived. */
  const answer = async (
    spec: InteractionSpec,
  ): Promise<{ text: string; messages: RecordedMessage[]; button: (label: string) => string }> => {
    const handle = fake.interact(spec);
    const first = await handle.finalMessage(20_000);
    const messages = [first, ...handle.followups()];
    const all = messages.map((m) => m.message);
    const button = (label: string) => {
      const found = all.flatMap(buttonsOf).find((b) => b.label === label);
      if (found === undefined) throw new Error(`no button "${label}" in: ${messages.map(textOf).join('\n---\n')}`);
      return found.customId;
    };
    return { text: messages.map(textOf).join('\n'), messages, button };
  };
  const asOwner = (subcommand: string, options: NonNullable<Extract<InteractionSpec, { kind: 'command' }>['options']> = {}) =>
    answer({ kind: 'command', name: 'data', subcommand, options, userId: FAKE_IDS.owner });
  const click = (customId: string, userId: string = FAKE_IDS.owner) => answer({ kind: 'component', customId, userId });
  /** A figures.json for 2025-12-07 with the Russell 2000 close set to `close`, imported with its narrative: the review. */
  const importClose = (close: string) =>
    asOwner('import', {
      file: fake.upload('figures.json', readFileSync(data.figuresPath, 'utf8').replace('"value": 2521.48', `"value": ${close}`)),
      narrative: fake.upload('narrative.md', readFileSync(path.join(data.dataDir, '2025-12-07', 'narrative.md'))),
    });
  const levels = async (options: Record<string, string> = {}) =>
    textOf(await fake.interact({ kind: 'command', name: 'levels', options }).finalMessage());

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    data = new DataCopy();
    statePath = path.join(data.root, 'state.sqlite');
    bot = await startBot(fake, data, statePath, MODERATORS);
  });

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    data?.remove();
  });

  // Set first, due in a minute or two: the publish below lands before it, and the last tests check what it posted.
  const recapDue = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 120_000);

  test('GIVEN a recap scheduled for two minutes from now THEN it is set', async () => {
    const set = await fake
      .interact({
        kind: 'command',
        name: 'recaps',
        subcommand: 'set',
        userId: FAKE_IDS.moderator,
        options: {
          channel: FAKE_IDS.briefs,
          days: WEEKDAYS[recapDue.getUTCDay()]!,
          time: recapDue.toISOString().slice(11, 16),
          timezone: 'UTC',
        },
      })
      .finalMessage();
    expect(set.message.content).toContain(`<t:${recapDue.getTime() / 1000}:F>`);
  });

  test('GIVEN the shipped article imported under a new date THEN the review shows it privately; Publish makes /levels answer from it', async () => {
    const article = fake.upload('article-2025-12-07.txt', ARTICLE);
    const review = await asOwner('import', { file: article, 'as-of': '2025-12-14' });
    expect(review.messages.every(isEphemeral)).toBe(true);
    expect(review.text).toContain('Draft of 2025-12-14 from article-2025-12-07.txt: ready to publish');
    expect(review.text).toContain('50 figures · 42 sources');
    expect(review.text).toContain('2025-12-07 v1, the latest snapshot');
    expect(review.text).toMatch(/line \d+ `1`: a span of time/);
    // Downloaded once, while the interaction was open; the link is never used again.
    expect(fake.cdnFetches.filter((f) => f.attachmentId === article.id)).toHaveLength(1);

    expect(await levels({ date: '2025-12-14' })).not.toContain('14 Dec 2025');
    const published = await click(review.button('Publish'));
    expect(published.text).toContain('Published: 2025-12-14 is now served as v1');
    const after = await levels({ date: '2025-12-14' });
    expect(after).toContain('14 Dec 2025');
    expect(after).toContain('2,521.48');
    expect(await levels()).toContain('14 Dec 2025');

    const again = await click(review.button('Publish'));
    expect(again.text).toContain('already published as version 1');
    expect(fake.violations).toEqual([]);
  });

  test('GIVEN a moderator whose Data Desk role was taken away after the import THEN their Publish is refused and nothing is published', async () => {
    fake.setMemberRoles(FAKE_IDS.guild, FAKE_IDS.member, [FAKE_IDS.dataDeskRole]);
    const review = await answer({
      kind: 'command',
      name: 'data',
      subcommand: 'import',
      options: { file: fake.upload('figures.json', readFileSync(data.figuresPath)) },
      userId: FAKE_IDS.member,
      overridePermissions: true,
    });
    expect(review.text).toContain('Draft of 2025-12-07 from figures.json');
    fake.setMemberRoles(FAKE_IDS.guild, FAKE_IDS.member, []);
    const refused = await click(review.button('Publish'), FAKE_IDS.member);
    expect(refused.text).toContain('Only data moderators');
    const history = await asOwner('history', { date: '2025-12-07' });
    expect(history.text).toContain('History of 2025-12-07: 1 version');
  });

  test('GIVEN a member who is not a data moderator imports a file THEN it is refused without downloading it', async () => {
    const upload = fake.upload('article.txt', ARTICLE);
    const refused = await answer({
      kind: 'command',
      name: 'data',
      subcommand: 'import',
      options: { file: upload },
      userId: FAKE_IDS.moderator,
      overridePermissions: true,
    });
    expect(refused.text).toContain('Only data moderators');
    expect(fake.cdnFetches.filter((f) => f.attachmentId === upload.id)).toEqual([]);
  });

  test('GIVEN an oversized or a binary file THEN the import is refused with why, and nothing is drafted', async () => {
    const big = await asOwner('import', { file: fake.upload('article.txt', 'a'.repeat(1_048_577)) });
    expect(big.text).toContain('1,048,577 bytes');
    expect(big.text).toContain('1 MiB');
    const binary = await asOwner('import', { file: fake.upload('article.txt', Buffer.from([0x52, 0x55, 0x54, 0x00, 0x01, 0x02])) });
    expect(binary.text).toMatch(/binary/i);
    expect(binary.messages.flatMap((m) => buttonsOf(m.message))).toEqual([]);
  });

  test('GIVEN a broken figures.json THEN the review locates every error and offers no Publish; Download gives the draft back', async () => {
    const broken = readFileSync(data.figuresPath, 'utf8').replace('"unit": "points"', '"unit": "parsecs"');
    const review = await asOwner('import', { file: fake.upload('figures.json', broken) });
    expect(review.text).toContain('cannot be published');
    expect(review.text).toMatch(/figures\.json figures\[\d+\]\.unit/);
    expect(() => review.button('Publish')).toThrow();
    const download = await click(review.button('Download draft'));
    expect(fake.fileText(download.messages[0]!, 'figures.json')).toBe(broken);
  });

  test('GIVEN /data export THEN its files re-import as the very same content', async () => {
    const exported = await asOwner('export', { date: '2025-12-14' });
    const hash = /content hash `([0-9a-f]{12})`/.exec(exported.text)?.[1];
    expect(hash).toBeDefined();
    const figures = fake.fileText(exported.messages[0]!, 'figures.json');
    const narrative = fake.fileText(exported.messages[0]!, 'narrative.md');
    const review = await asOwner('import', {
      file: fake.upload('figures.json', figures),
      narrative: fake.upload('narrative.md', narrative),
    });
    expect(review.text).toContain('identical to what is in service');
    expect(review.text).toContain(hash!);
    await click(review.button('Discard'));
  });

  test('GIVEN the recap after the publish THEN it carries the published week', async () => {
    const posts = () => fake.messages(FAKE_IDS.briefs).filter((m) => m.origin === 'channel' && !m.deleted);
    await fake.waitFor(() => (posts().length > 0 ? true : undefined), 200_000, 'the scheduled recap');
    await bot.waitForLog((l) => l.msg === 'recap tick' && Number(l['posted']) === 1, 30_000);
    expect(posts().map(textOf).join('\n')).toContain('14 Dec 2025');
  }, 240_000);

  test('GIVEN a corrected figures.json published for 2025-12-07 THEN rollback after a confirmation restores the previous answer', async () => {
    const review = await importClose('2530.25');
    expect(review.text).toContain('2,521.48 → 2,530.25');
    expect((await click(review.button('Publish'))).text).toContain('2025-12-07 is now served as v2');
    expect(await levels({ date: '2025-12-07' })).toContain('2,530.25');

    const plan = await asOwner('rollback', { date: '2025-12-07' });
    expect(plan.text).toContain('Roll 2025-12-07 back to v1?');
    expect(await levels({ date: '2025-12-07' })).toContain('2,530.25');
    const rolled = await click(plan.button('Roll back to v1'));
    expect(rolled.text).toContain('Rolled back: 2025-12-07 is now served as v1');
    expect(await levels({ date: '2025-12-07' })).toContain('2,521.48');

    const history = await asOwner('history', { date: '2025-12-07' });
    expect(history.text).toContain('History of 2025-12-07: 2 versions');
    expect(history.text).toMatch(/rollback v1 by <@1300000000000000001>/);
    expect(history.text).toMatch(/publish v2 by <@1300000000000000001>/);
  });

  test('GIVEN /data remove THEN after a confirmation the date leaves service and stays in history; the last date cannot go', async () => {
    const plan = await asOwner('remove', { date: '2025-12-14' });
    expect(plan.text).toContain('Take 2025-12-14 out of service?');
    const removed = await click(plan.button('Remove 2025-12-14'));
    expect(removed.text).toContain('Removed: 2025-12-14 is out of service');
    expect(await levels()).toContain('7 Dec 2025');
    expect((await asOwner('history', { date: '2025-12-14' })).text).toContain('none in service');

    const last = await asOwner('remove', { date: '2025-12-07' });
    expect(last.text).toMatch(/last/);
    expect(() => last.button('Remove 2025-12-07')).toThrow();
  });

  test('GIVEN a restart after a publish THEN the published version is served, not the older folder in DATA_DIR', async () => {
    const review = await importClose('2533.33');
    await click(review.button('Publish'));
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    bot = await startBot(fake, data, statePath, MODERATORS);
    expect(await levels({ date: '2025-12-07' })).toContain('2,533.33');
  });
});
