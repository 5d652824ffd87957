import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSnapshot } from '../../src/facts/loadSnapshot';
import { createLogger } from '../../src/logger';
import { followServiceChanges } from '../../src/publishing/createDataDesk';
import { auditRows, shippedArticle, upload, useDataDesk } from './fixtures/useDataDesk';

const desk = useDataDesk();

describe('GIVEN an empty state database', () => {
  test('THEN DATA_DIR seeds it: each folder becomes version 1, imported at start-up, and the store serves it', async () => {
    const files = desk.files();
    const bot = await desk.start(files);
    const folder = await loadSnapshot(join(files.data.dataDir, '2025-12-07'));
    if (!folder.ok) return expect.fail('the shipped folder should load');
    expect(bot.store.dates()).toEqual(['2025-12-07']);
    expect(bot.store.latest().contentHash).toBe(folder.value.contentHash);
    const history = await bot.desk.history();
    expect(history).toMatchObject({
      ok: true,
      asOf: '2025-12-07',
      versions: [{ version: 1, origin: 'data-dir', createdBy: 'start-up', inService: true, contentHash: folder.value.contentHash }],
    });
    expect(auditRows(bot.db)).toEqual(['start-up reload 2025-12-07 1 ok']);
    expect(bot.warnings).toEqual([]);
  });

  test('GIVEN eleven snapshot folders THEN every one is served, at start-up and after a restart, never fewer than are in service', async () => {
    const files = desk.files();
    const shipped = readFileSync(files.data.figuresPath, 'utf8');
    const narrative = readFileSync(join(files.data.dataDir, '2025-12-07', 'narrative.md'));
    const dates = Array.from({ length: 10 }, (_, i) => `2025-12-${String(8 + i).padStart(2, '0')}`);
    for (const date of dates) {
      mkdirSync(join(files.data.dataDir, date));
      writeFileSync(join(files.data.dataDir, date, 'figures.json'), shipped.replace('"asOf": "2025-12-07"', `"asOf": "${date}"`));
      writeFileSync(join(files.data.dataDir, date, 'narrative.md'), narrative);
    }
    const all = ['2025-12-07', ...dates];
    expect((await desk.start(files)).store.dates()).toEqual(all);
    expect((await desk.start(files)).store.dates()).toEqual(all);
  });

  test('GIVEN a version in service that no longer loads THEN the other dates are still served, with a warning; a publish says it is stored but not served', async () => {
    const files = desk.files();
    const first = await desk.start(files);
    const article = await first.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
    if (!article.ok) return expect.fail(article.problem);
    await first.desk.publishDraft(article.review.draftId, 'mod-1');
    // What an upgrade with a stricter loader, or a hand edit of the state file, leaves behind.
    first.db.prepare("UPDATE snapshot_versions SET figures = '{' WHERE as_of = '2025-12-14'").run();

    const restarted = await desk.start(files);
    expect(restarted.store.dates()).toEqual(['2025-12-07']);
    expect(restarted.warnings.join('\n')).toMatch(/2025-12-14 version 1\/figures\.json/);
    const fix = await restarted.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures.json', readFileSync(files.data.figuresPath, 'utf8').replace('"value": 2521.48', '"value": 2530.25')),
    });
    if (!fix.ok) return expect.fail(fix.problem);
    const published = await restarted.desk.publishDraft(fix.review.draftId, 'mod-1');
    expect(published).toMatchObject({
      ok: true,
      version: 2,
      notServed: expect.stringMatching(/^1 problem\(s\) in the versions in service, first: 2025-12-14 version 1\/figures\.json/),
    });
  });

  test('GIVEN a broken DATA_DIR THEN start-up fails with the located errors', async () => {
    const files = desk.files();
    files.data.editFigures('"unit": "points"', '"unit": "percent"');
    const lines = await desk.startFailing(files);
    expect(lines[0]).toBe(`The data in ${files.data.dataDir} has 1 problem(s):`);
    expect(lines[1]).toMatch(/^data\/2025-12-07\/figures\.json figures\[\d+\]\.unit: unit "percent" does not fit metric/);
  });
});

describe('GIVEN versions already stored', () => {
  test('GIVEN a publish, then a restart with DATA_DIR unchanged THEN the published version still serves', async () => {
    const files = desk.files();
    const bot = await desk.start(files);
    const exported = await bot.desk.exportSnapshot();
    if (!exported.ok) return expect.fail(exported.problem);
    const [figures, narrative] = exported.files;
    const draft = await bot.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures.json', figures!.text.replace('"title": "Russell', '"title": "Published: Russell')),
      narrative: upload('narrative.md', narrative!.text),
    });
    if (!draft.ok) return expect.fail(draft.problem);
    await bot.desk.publishDraft(draft.review.draftId, 'mod-1');
    bot.db.close();

    const restarted = await desk.start(files);
    expect(restarted.store.latest().title).toMatch(/^Published: /);
    expect(restarted.store.latest().contentHash).toBe(draft.review.contentHash);
    // A restart that changed nothing leaves no row: the publish stays the last step.
    expect(auditRows(restarted.db).at(-1)).toBe('mod-1 publish 2025-12-07 2 ok');
  });

  test('GIVEN a folder changed since its last import THEN a restart makes it a new version in service, by start-up', async () => {
    const files = desk.files();
    (await desk.start(files)).db.close();
    files.data.editFigures('"title": "Russell', '"title": "Edited: Russell');
    const bot = await desk.start(files);
    expect(bot.store.latest().title).toMatch(/^Edited: /);
    const history = await bot.desk.history('2025-12-07');
    expect(history.ok && history.versions.map((v) => [v.version, v.origin, v.createdBy, v.inService])).toEqual([
      [2, 'data-dir', 'start-up', true],
      [1, 'data-dir', 'start-up', false],
    ]);
  });

  test('GIVEN /data reload after a folder changed THEN the new version is reported as imported with its diff', async () => {
    const files = desk.files();
    const bot = await desk.start(files);
    files.data.editFigures('"title": "Russell', '"title": "Edited: Russell');
    const outcome = await bot.desk.reload('mod-1');
    expect(outcome).toMatchObject({ ok: true, dates: { added: [], removed: [], changed: ['2025-12-07'] } });
    expect(outcome.imported).toMatchObject([{ asOf: '2025-12-07', version: 2, previousVersion: 1 }]);
    expect(outcome.imported[0]?.diff.header.map((h) => h.field)).toEqual(['title']);
    expect(auditRows(bot.db).at(-1)).toBe('mod-1 reload 2025-12-07 2 ok');

    const served = bot.store.latest();
    const again = await bot.desk.reload('SIGHUP');
    expect(again).toMatchObject({ ok: true, imported: [], dates: { added: [], removed: [], changed: [] } });
    // The same content is not validated again: the snapshot already built keeps serving.
    expect(bot.store.latest()).toBe(served);
    expect(auditRows(bot.db).at(-1)).toBe('SIGHUP reload - - ok');
  });

  test('GIVEN another process on the same state file publishes THEN a reload here serves what it published', async () => {
    const files = desk.files();
    const here = await desk.start(files);
    const there = await desk.start(files);
    const draft = await there.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
    if (!draft.ok) return expect.fail(draft.problem);
    await there.desk.publishDraft(draft.review.draftId, 'mod-1');
    expect(here.store.dates()).toEqual(['2025-12-07']);
    const reload = await here.desk.reload('SIGHUP');
    expect(reload).toMatchObject({ ok: true, imported: [], dates: { added: ['2025-12-14'] } });
    expect(here.store.latest().contentHash).toBe(draft.review.contentHash);
  });

  test('GIVEN another process on the same state file publishes THEN the periodic check here serves it without a reload, and logs it once', async () => {
    const files = desk.files();
    const here = await desk.start(files);
    const there = await desk.start(files);
    const stop = followServiceChanges({
      state: here.state,
      desk: here.desk,
      logger: createLogger('silent', { pretty: false }),
      checkEveryMs: 50,
    });
    try {
      const draft = await there.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
      if (!draft.ok) return expect.fail(draft.problem);
      await there.desk.publishDraft(draft.review.draftId, 'mod-1');
      await expect.poll(() => here.store.latest().contentHash, { timeout: 2_000 }).toBe(draft.review.contentHash);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(desk.logs.filter((l) => l.msg === 'data changed by another process; now serving it')).toMatchObject([
        { latest: '2025-12-14', hash: draft.review.contentHash.slice(0, 12) },
      ]);
    } finally {
      stop();
    }
  });

  test('GIVEN a rollback, then a reload with the folder unchanged THEN the rollback stands', async () => {
    const files = desk.files();
    const bot = await desk.start(files);
    files.data.editFigures('"title": "Russell', '"title": "Edited: Russell');
    await bot.desk.reload('mod-1');
    expect(await bot.desk.rollback('2025-12-07', 1, 2, 'mod-1')).toMatchObject({ ok: true, version: 1 });
    await bot.desk.reload('mod-1');
    expect(bot.store.latest().title).toMatch(/^Russell/);
    expect(desk.changes).toEqual(['reload done', 'rollback done', 'reload done']);
  });

  test('GIVEN DATA_DIR broken THEN the stored versions keep serving, at start-up and on reload, with a warning and an audit row', async () => {
    const files = desk.files();
    const first = await desk.start(files);
    files.data.editFigures('"title": "Russell', '"title": "Reloaded: Russell');
    await first.desk.reload('mod-1');
    first.db.close();
    files.data.editFigures('"unit": "points"', '"unit": "percent"');

    const bot = await desk.start(files);
    expect(bot.store.latest().title).toMatch(/^Reloaded: /);
    expect(bot.warnings[0]).toBe(`The data in ${files.data.dataDir} has 1 problem(s):`);
    expect(desk.logs.some((l) => l.level === 40 && /DATA_DIR refused/.test(l.msg))).toBe(true);
    const reload = await bot.desk.reload('mod-1');
    expect(reload).toMatchObject({ ok: false, imported: [] });
    expect(bot.store.latest().title).toMatch(/^Reloaded: /);
    expect(bot.store.lastReload()).toMatchObject({ ok: false });
    expect(auditRows(bot.db).slice(-2)).toEqual(['start-up reload - - refused', 'mod-1 reload - - refused']);
    expect(desk.changes).toEqual(['reload done', 'reload refused']);
  });

  test('GIVEN a published date written into DATA_DIR from its export and the old folder deleted THEN nothing changes', async () => {
    const files = desk.files();
    const bot = await desk.start(files);
    const draft = await bot.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
    if (!draft.ok) return expect.fail(draft.problem);
    await bot.desk.publishDraft(draft.review.draftId, 'mod-1');
    const exported = await bot.desk.exportSnapshot('2025-12-14');
    if (!exported.ok) return expect.fail(exported.problem);
    const folder = join(files.data.dataDir, '2025-12-14');
    mkdirSync(folder);
    for (const file of exported.files) writeFileSync(join(folder, file.name), file.text);
    rmSync(join(files.data.dataDir, '2025-12-07'), { recursive: true });

    const reload = await bot.desk.reload('mod-1');
    expect(reload).toMatchObject({ ok: true, imported: [], dates: { added: [], removed: [], changed: [] } });
    expect(bot.store.dates()).toEqual(['2025-12-07', '2025-12-14']);
    const history = await bot.desk.history('2025-12-14');
    expect(history.ok && history.versions).toHaveLength(1);
  });
});
