import { describe, expect, test } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/facts/dataLimits';
import { formatDataError } from '../../src/facts/formatDataError';
import type { DataFile } from '../../src/publishing/dataModeration';
import { auditRows, shippedArticle, upload, useDataDesk, type DeskProcess } from './fixtures/useDataDesk';

const desk = useDataDesk();
const HOUR = 3_600_000;

/** Imports the shipped article as of 2025-12-14 and returns the draft's id. */
async function importArticle(bot: DeskProcess, actor = 'mod-1'): Promise<string> {
  const imported = await bot.desk.importDraft({ actor, file: shippedArticle(), asOf: '2025-12-14' });
  if (!imported.ok) return expect.fail(imported.problem);
  return imported.review.draftId;
}

async function exported(bot: DeskProcess, asOf?: string): Promise<{ figures: string; narrative: string }> {
  const out = await bot.desk.exportSnapshot(asOf);
  if (!out.ok) return expect.fail(out.problem);
  const text = (name: string) => out.files.find((f: DataFile) => f.name === name)?.text ?? expect.fail(`no ${name}`);
  return { figures: text('figures.json'), narrative: text('narrative.md') };
}

describe('GIVEN an article imported from Discord', () => {
  test('GIVEN the shipped article under a new date THEN the review shows it against the latest snapshot, and Publish makes members see it', async () => {
    const bot = await desk.start(desk.files());
    const imported = await bot.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), asOf: '2025-12-14' });
    if (!imported.ok) return expect.fail(imported.problem);
    const { review } = imported;
    expect(review).toMatchObject({
      kind: 'article',
      fileName: 'article.txt',
      asOf: '2025-12-14',
      asOfReason: 'given with the as-of option',
      counts: { figures: 50, sources: 42, narrative: 15 },
      errors: [],
      comparedWith: { asOf: '2025-12-07', version: 1, sameDate: false },
      unchanged: false,
    });
    expect(review.expiresAt).toEqual(new Date(desk.clock().getTime() + 24 * HOUR));
    expect(review.diff?.header).toContainEqual({ field: 'asOf', before: '2025-12-07', after: '2025-12-14' });
    expect(bot.store.dates()).toEqual(['2025-12-07']);

    const published = await bot.desk.publishDraft(review.draftId, 'mod-1');
    expect(published).toMatchObject({ ok: true, asOf: '2025-12-14', version: 1, contentHash: review.contentHash });
    expect(published.ok && published.previousVersion).toBeUndefined();
    expect(bot.store.dates()).toEqual(['2025-12-07', '2025-12-14']);
    // What /levels date:2025-12-14 answers from: the drafter kept the shipped figure's id.
    expect(bot.store.asOf('2025-12-14')?.figures.find((f) => f.id === 'rut-close-2025-12-05')?.value).toBe(2521.48);
    expect(bot.store.latest().contentHash).toBe(review.contentHash);
    expect(auditRows(bot.db)).toEqual(['start-up reload 2025-12-07 1 ok', 'mod-1 import 2025-12-14 - ok', 'mod-1 publish 2025-12-14 1 ok']);
    expect(desk.changes).toEqual(['publish done']);
  });

  test('GIVEN a published draft THEN pressing Publish again says who published it as which version', async () => {
    const bot = await desk.start(desk.files());
    const id = await importArticle(bot);
    await bot.desk.publishDraft(id, 'mod-1');
    desk.advance(60_000);
    expect(await bot.desk.publishDraft(id, 'mod-1')).toEqual({
      ok: false,
      reason: 'published',
      version: 1,
      by: 'mod-1',
      at: new Date(desk.clock().getTime() - 60_000),
    });
    expect(await bot.desk.draftFiles(id, 'mod-1')).toMatchObject({ ok: false, reason: 'published' });
  });

  test("GIVEN another moderator's draft THEN their Publish, Download and Discard are refused and nothing changes", async () => {
    const bot = await desk.start(desk.files());
    const id = await importArticle(bot, 'mod-1');
    expect(await bot.desk.publishDraft(id, 'mod-2')).toEqual({ ok: false, reason: 'not-owner', owner: 'mod-1' });
    expect(await bot.desk.draftFiles(id, 'mod-2')).toEqual({ ok: false, reason: 'not-owner', owner: 'mod-1' });
    expect(await bot.desk.discardDraft(id, 'mod-2')).toEqual({ ok: false, reason: 'not-owner', owner: 'mod-1' });
    expect(bot.store.dates()).toEqual(['2025-12-07']);
    expect(auditRows(bot.db).slice(2)).toEqual(['mod-2 publish 2025-12-14 - refused', 'mod-2 discard - - refused']);
    expect(desk.changes).toEqual(['publish refused']);
  });

  test('GIVEN another moderator published the same date after my review THEN my Publish is refused and theirs stays in service', async () => {
    const bot = await desk.start(desk.files());
    const mine = await importArticle(bot, 'mod-1');
    const theirs = await importArticle(bot, 'mod-2');
    expect(await bot.desk.publishDraft(theirs, 'mod-2')).toMatchObject({ ok: true, asOf: '2025-12-14', version: 1 });
    expect(await bot.desk.publishDraft(mine, 'mod-1')).toEqual({ ok: false, reason: 'changed', asOf: '2025-12-14', version: 1 });
    const history = await bot.desk.history('2025-12-14');
    expect(history.ok && history.versions.map((v) => `${v.version} ${v.createdBy} ${v.inService}`)).toEqual(['1 mod-2 true']);
    // Imported again, it is reviewed against what mod-2 published: the same text, so there is nothing to publish.
    const again = await importArticle(bot, 'mod-1');
    expect(await bot.desk.publishDraft(again, 'mod-1')).toEqual({ ok: false, reason: 'unchanged', asOf: '2025-12-14', version: 1 });
  });

  test('GIVEN a draft 24 hours old THEN it is refused as expired, and a day later it is gone', async () => {
    const bot = await desk.start(desk.files());
    const id = await importArticle(bot);
    const expiresAt = new Date(desk.clock().getTime() + 24 * HOUR);
    desk.advance(24 * HOUR - 1);
    expect(await bot.desk.draftFiles(id, 'mod-1')).toMatchObject({ ok: true, asOf: '2025-12-14' });
    desk.advance(1);
    expect(await bot.desk.publishDraft(id, 'mod-1')).toEqual({ ok: false, reason: 'expired', expiredAt: expiresAt });
    desk.advance(24 * HOUR + 1);
    // The next write clears drafts expired more than a day ago.
    await importArticle(bot);
    expect(await bot.desk.publishDraft(id, 'mod-1')).toEqual({ ok: false, reason: 'missing' });
    expect(bot.store.dates()).toEqual(['2025-12-07']);
  });

  test('GIVEN a discarded draft THEN Publish says who discarded it', async () => {
    const bot = await desk.start(desk.files());
    const id = await importArticle(bot);
    expect(await bot.desk.discardDraft(id, 'mod-1')).toEqual({ ok: true, asOf: '2025-12-14' });
    expect(await bot.desk.publishDraft(id, 'mod-1')).toEqual({ ok: false, reason: 'discarded', by: 'mod-1', at: desk.clock() });
    expect(auditRows(bot.db).at(-2)).toBe('mod-1 discard 2025-12-14 - ok');
  });

  test('GIVEN an article with a narrative attached THEN it is refused with a sentence', async () => {
    const bot = await desk.start(desk.files());
    const outcome = await bot.desk.importDraft({ actor: 'mod-1', file: shippedArticle(), narrative: upload('narrative.md', '# week\n') });
    expect(outcome).toEqual({
      ok: false,
      problem:
        'article.txt is an article, and an article is drafted into its own narrative.md: import it without a narrative (a narrative goes with a figures.json)',
    });
    expect(auditRows(bot.db).at(-1)).toBe('mod-1 import - - refused');
  });
});

describe('GIVEN an upload that is not text the importer takes', () => {
  test('GIVEN a binary file, an oversized article or an unknown kind THEN each is refused with what was wrong, and audited', async () => {
    const bot = await desk.start(desk.files());
    const binary = await bot.desk.importDraft({ actor: 'mod-1', file: { name: 'article.txt', bytes: new Uint8Array([0x89, 0x50, 0, 1]) } });
    const oversized = await bot.desk.importDraft({ actor: 'mod-1', file: upload('big.md', 'a'.repeat(MAX_UPLOAD_BYTES + 1)) });
    const latin1 = await bot.desk.importDraft({
      actor: 'mod-1',
      file: { name: 'figures.json', bytes: new Uint8Array([0x7b, 0xe9, 0x7d]) },
    });
    const image = await bot.desk.importDraft({ actor: 'mod-1', file: upload('chart.png', 'text') });
    expect([binary, oversized, latin1, image]).toEqual([
      {
        ok: false,
        problem: 'article.txt: the article is a binary file (it contains a NUL byte); expected plain text or Markdown',
      },
      { ok: false, problem: 'big.md: the article is 1,048,577 bytes; the limit is 1 MiB (1,048,576 bytes)' },
      { ok: false, problem: 'figures.json is not valid UTF-8 text' },
      {
        ok: false,
        problem:
          'chart.png is neither of what an import takes: an article (.txt or .md) or a figures.json (.json, with its narrative.md as narrative)',
      },
    ]);
    expect(auditRows(bot.db).slice(1)).toEqual(Array(4).fill('mod-1 import - - refused'));
    expect(desk.logs.filter((l) => l.level === 40 && l.msg === 'data import refused')).toHaveLength(4);
  });
});

describe('GIVEN a figures.json edited by hand', () => {
  test('GIVEN a comma missing before its asOf THEN the import names the file, line and column of the syntax error', async () => {
    const bot = await desk.start(desk.files());
    const { figures } = await exported(bot);
    const broken = figures.replace(/,(\s*"asOf")/, '$1');
    const line = broken.slice(0, broken.indexOf('"asOf"')).split('\n').length;
    const imported = await bot.desk.importDraft({ actor: 'mod-1', file: upload('figures.json', broken) });
    expect(imported).toEqual({
      ok: false,
      problem: expect.stringMatching(new RegExp(`^figures\\.json line ${line}, column \\d+: invalid JSON: `)),
    });
  });

  test('GIVEN an error in it THEN the review locates it under the uploaded name, the draft is stored, and Publish is refused', async () => {
    const bot = await desk.start(desk.files());
    const { figures, narrative } = await exported(bot);
    const broken = figures.replace('"asOf": "2025-12-07"', '"asOf": "2025-12-14"').replace('"unit": "points"', '"unit": "percent"');
    const imported = await bot.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures-fixed.json', broken),
      narrative: upload('narrative.md', narrative),
    });
    if (!imported.ok) return expect.fail(imported.problem);
    expect(imported.review.errors.map(formatDataError)).toEqual([
      expect.stringMatching(/^figures-fixed\.json figures\[\d+\]\.unit: unit "percent" does not fit metric/),
    ]);
    expect(imported.review.diff).toBeUndefined();
    expect(imported.review.counts).toEqual({ figures: 50, sources: 42, narrative: 19 });
    expect(await bot.desk.publishDraft(imported.review.draftId, 'mod-1')).toEqual({ ok: false, reason: 'invalid', errors: 1 });
    const download = await bot.desk.draftFiles(imported.review.draftId, 'mod-1');
    expect(download).toEqual({
      ok: true,
      asOf: '2025-12-14',
      files: [
        { name: 'figures.json', text: broken },
        { name: 'narrative.md', text: narrative },
      ],
    });
    expect(bot.store.dates()).toEqual(['2025-12-07']);
  });

  test('GIVEN an as-of option that differs from its asOf THEN it is refused with both dates', async () => {
    const bot = await desk.start(desk.files());
    const { figures } = await exported(bot);
    expect(await bot.desk.importDraft({ actor: 'mod-1', file: upload('figures.json', figures), asOf: '2025-12-14' })).toEqual({
      ok: false,
      problem: 'figures.json is as of 2025-12-07 but the as-of option says 2025-12-14; leave the option out, or change asOf in the file',
    });
  });

  test('GIVEN an export imported again THEN it has the same content hash and is marked unchanged', async () => {
    const bot = await desk.start(desk.files());
    const out = await bot.desk.exportSnapshot();
    if (!out.ok) return expect.fail(out.problem);
    const { figures, narrative } = await exported(bot);
    const imported = await bot.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures.json', figures),
      narrative: upload('narrative.md', narrative),
    });
    if (!imported.ok) return expect.fail(imported.problem);
    expect(imported.review).toMatchObject({
      contentHash: out.contentHash,
      unchanged: true,
      comparedWith: { asOf: '2025-12-07', version: 1, sameDate: true },
    });
    expect(out.contentHash).toBe(bot.store.latest().contentHash);
  });
});

describe('GIVEN two moderators publishing at once', () => {
  test('THEN they are taken one after the other: the first is in service, the second is refused as changed since its review, and memory equals the database', async () => {
    const bot = await desk.start(desk.files());
    const { figures, narrative } = await exported(bot);
    const first = await bot.desk.importDraft({
      actor: 'mod-1',
      file: upload('figures.json', figures.replace('"title": "Russell', '"title": "First: Russell')),
      narrative: upload('narrative.md', narrative),
    });
    const second = await bot.desk.importDraft({
      actor: 'mod-2',
      file: upload('figures.json', figures.replace('"title": "Russell', '"title": "Second: Russell')),
      narrative: upload('narrative.md', narrative),
    });
    const third = await bot.desk.importDraft({ actor: 'mod-3', file: shippedArticle(), asOf: '2025-12-14' });
    if (!first.ok || !second.ok || !third.ok) return expect.fail('expected three drafts');
    const [a, b, c] = await Promise.all([
      bot.desk.publishDraft(first.review.draftId, 'mod-1'),
      bot.desk.publishDraft(second.review.draftId, 'mod-2'),
      bot.desk.publishDraft(third.review.draftId, 'mod-3'),
    ]);
    expect([a, b, c]).toMatchObject([
      { ok: true, asOf: '2025-12-07', version: 2, previousVersion: 1 },
      { ok: false, reason: 'changed', asOf: '2025-12-07', version: 2 },
      { ok: true, asOf: '2025-12-14', version: 1 },
    ]);
    expect(bot.store.asOf('2025-12-07')?.title).toMatch(/^First: /);
    const inService = bot.db.prepare('SELECT as_of, version FROM snapshots_in_service ORDER BY as_of').all();
    expect(inService).toEqual([
      { as_of: '2025-12-07', version: 2 },
      { as_of: '2025-12-14', version: 1 },
    ]);
    expect(bot.store.all().map((s) => s.contentHash)).toEqual([first.review.contentHash, third.review.contentHash]);
  });
});

describe('GIVEN another process holding the state database', () => {
  test('THEN Publish waits, answers busy without changing anything, and works once the lock is gone', async () => {
    const files = desk.files();
    const bot = await desk.start(files, 150);
    const id = await importArticle(bot);
    const other = desk.other(files.statePath);
    other.prepare('BEGIN IMMEDIATE').run();
    const started = Date.now();
    expect(await bot.desk.publishDraft(id, 'mod-1')).toEqual({ ok: false, reason: 'busy' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(bot.store.dates()).toEqual(['2025-12-07']);
    other.prepare('ROLLBACK').run();
    expect(await bot.desk.publishDraft(id, 'mod-1')).toMatchObject({ ok: true, version: 1 });
    expect(bot.store.dates()).toEqual(['2025-12-07', '2025-12-14']);
    expect(desk.changes).toEqual(['publish refused', 'publish done']);
  });

  test('THEN a reload of a changed DATA_DIR is refused as busy, logged at warn and counted, and the old data keeps serving', async () => {
    const files = desk.files();
    const bot = await desk.start(files, 150);
    files.data.editFigures('"title": "Russell', '"title": "Edited: Russell');
    const other = desk.other(files.statePath);
    other.prepare('BEGIN IMMEDIATE').run();
    expect(await bot.desk.reload('SIGHUP')).toMatchObject({ ok: false, imported: [] });
    other.prepare('ROLLBACK').run();
    expect(bot.store.latest().title).toMatch(/^Russell/);
    expect(desk.logs.filter((l) => l.msg === 'data reload refused: busy')).toMatchObject([{ level: 40, actor: 'SIGHUP' }]);
    expect(desk.changes).toEqual(['reload refused']);
  });
});
