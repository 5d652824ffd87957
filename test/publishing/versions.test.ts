import { describe, expect, test } from 'vitest';
import { auditRows, upload, useDataDesk, type DeskProcess } from './fixtures/useDataDesk';

const desk = useDataDesk();

/** Publishes the shipped snapshot with its title changed, as a moderator would after editing an export. */
async function publishTitle(bot: DeskProcess, prefix: string, actor = 'mod-1'): Promise<void> {
  const exported = await bot.desk.exportSnapshot('2025-12-07');
  if (!exported.ok) return expect.fail(exported.problem);
  const [figures, narrative] = exported.files;
  const draft = await bot.desk.importDraft({
    actor,
    file: upload('figures.json', figures!.text.replace(/"title": "[^"]*/, `"title": "${prefix}`)),
    narrative: upload('narrative.md', narrative!.text),
  });
  if (!draft.ok) return expect.fail(draft.problem);
  const published = await bot.desk.publishDraft(draft.review.draftId, actor);
  if (!published.ok) return expect.fail(published.reason);
}

describe('GIVEN a date with several versions', () => {
  test('GIVEN a rollback without a version THEN the plan names the previous one, and confirming restores its content', async () => {
    const bot = await desk.start(desk.files());
    const original = bot.store.latest();
    await publishTitle(bot, 'Second');
    await publishTitle(bot, 'Third');
    const plan = await bot.desk.planRollback('2025-12-07');
    expect(plan).toMatchObject({ ok: true, asOf: '2025-12-07', current: { version: 3 }, target: { version: 2 } });
    expect(await bot.desk.rollback('2025-12-07', 1, 3, 'mod-2')).toMatchObject({
      ok: true,
      action: 'rollback',
      version: 1,
      previousVersion: 3,
      contentHash: original.contentHash,
      diff: { header: [{ field: 'title', before: 'Third', after: original.title }] },
    });
    expect(bot.store.latest().title).toBe(original.title);
    expect(bot.store.latest().contentHash).toBe(original.contentHash);
    expect(auditRows(bot.db).at(-1)).toBe('mod-2 rollback 2025-12-07 1 ok');
  });

  test('GIVEN a confirmation pressed after someone else changed the date THEN it does nothing and says so', async () => {
    const bot = await desk.start(desk.files());
    await publishTitle(bot, 'Second');
    await publishTitle(bot, 'Third');
    expect(await bot.desk.rollback('2025-12-07', 1, 2, 'mod-2')).toEqual({
      ok: false,
      problem: '2025-12-07 changed since this was planned (it was version 2, it is now version 3); nothing was done, so look again',
    });
    expect(bot.store.latest().title).toBe('Third');
    expect(auditRows(bot.db).at(-1)).toBe('mod-2 rollback 2025-12-07 1 refused');
  });

  test('GIVEN history THEN versions come newest first with who published them, and the steps of the date', async () => {
    const bot = await desk.start(desk.files());
    await publishTitle(bot, 'Second', 'mod-7');
    const history = await bot.desk.history();
    if (!history.ok) return expect.fail(history.problem);
    expect(history.versions.map((v) => [v.version, v.origin, v.createdBy, v.inService])).toEqual([
      [2, 'import', 'mod-7', true],
      [1, 'data-dir', 'start-up', false],
    ]);
    expect(history.audit.map((a) => `${a.actor} ${a.action} ${a.outcome}`)).toEqual([
      'mod-7 publish ok',
      'mod-7 import ok',
      'start-up reload ok',
    ]);
    expect(await bot.desk.history('2024-01-01')).toEqual({ ok: false, problem: 'no snapshot of 2024-01-01 is stored' });
  });
});

describe('GIVEN a date taken out of service', () => {
  test('GIVEN the last date in service THEN removing it is refused', async () => {
    const bot = await desk.start(desk.files());
    const problem = '2025-12-07 is the last snapshot in service, and members must always have one; publish another date first';
    expect(await bot.desk.planRemove('2025-12-07')).toEqual({ ok: false, problem });
    expect(await bot.desk.remove('2025-12-07', 1, 'mod-1')).toEqual({ ok: false, problem });
    expect(bot.store.dates()).toEqual(['2025-12-07']);
    expect(auditRows(bot.db).at(-1)).toBe('mod-1 remove 2025-12-07 1 refused');
  });

  test('GIVEN two dates THEN one can be removed, its versions kept, and a rollback puts it back', async () => {
    const bot = await desk.start(desk.files());
    const exported = await bot.desk.exportSnapshot();
    if (!exported.ok) return expect.fail(exported.problem);
    const [figures, narrative] = exported.files;
    const draft = await bot.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures.json', figures!.text.replace('"asOf": "2025-12-07"', '"asOf": "2025-12-14"')),
      narrative: upload('narrative.md', narrative!.text),
    });
    if (!draft.ok) return expect.fail(draft.problem);
    await bot.desk.publishDraft(draft.review.draftId, 'mod-1');
    expect(await bot.desk.planRemove('2025-12-14')).toMatchObject({ ok: true, current: { version: 1 } });
    expect(await bot.desk.remove('2025-12-14', 1, 'mod-1')).toEqual({ ok: true, action: 'remove', asOf: '2025-12-14', version: 1 });
    expect(bot.store.dates()).toEqual(['2025-12-07']);
    expect(await bot.desk.exportSnapshot('2025-12-14')).toEqual({
      ok: false,
      problem: '2025-12-14 is out of service (removed); /data rollback 2025-12-14 puts a version of it back',
    });
    expect(await bot.desk.planRollback('2025-12-14')).toMatchObject({ ok: true, target: { version: 1 } });
    expect(await bot.desk.rollback('2025-12-14', 1, null, 'mod-1')).toMatchObject({ ok: true, version: 1 });
    expect(bot.store.dates()).toEqual(['2025-12-07', '2025-12-14']);
    expect(auditRows(bot.db).slice(-2)).toEqual(['mod-1 remove 2025-12-14 1 ok', 'mod-1 rollback 2025-12-14 1 ok']);
  });
});
