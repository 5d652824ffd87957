import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadAttachment } from '../../src/discord/downloadAttachment';
import type { AttachmentRef } from '../../src/discord/invocationFromInteraction';
import { FakeDiscord } from '../fakeDiscord/FakeDiscord';
import type { FakeUpload } from '../fakeDiscord/cdn';

const MIB = 1_048_576;

function refTo(upload: FakeUpload): AttachmentRef {
  return { option: 'file', fileName: upload.attachment.filename, url: upload.url, size: upload.attachment.size };
}

describe("downloading a member's attachment from Discord's CDN", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  test('GIVEN a file within the limit THEN its bytes arrive as uploaded', async () => {
    const got = await downloadAttachment(refTo(fake.upload('article.txt', 'Russell 2000 closed at 2,521.48 [3]')));
    expect(got).toEqual({ ok: true, name: 'article.txt', bytes: Buffer.from('Russell 2000 closed at 2,521.48 [3]') });
  });

  test('GIVEN a declared size over 1 MiB THEN it is refused without a download', async () => {
    const upload = fake.upload('big.txt', 'x'.repeat(MIB + 1));
    const got = await downloadAttachment(refTo(upload));
    expect(got).toEqual({
      ok: false,
      name: 'big.txt',
      problem: 'big.txt is 1,048,577 bytes; the limit is 1 MiB (1,048,576 bytes). Nothing was imported.',
    });
    expect(fake.cdnFetches.filter((f) => f.attachmentId === upload.id)).toEqual([]);
  });

  test('GIVEN a body longer than its declared size THEN reading stops at the limit and the file is refused', async () => {
    const upload = fake.upload('lies.txt', 'y'.repeat(3 * MIB), { fault: { kind: 'longerThanDeclared', declaredSize: 10 } });
    const got = await downloadAttachment(refTo(upload));
    expect(got.ok).toBe(false);
    expect(!got.ok && got.problem).toBe('lies.txt is more than 1 MiB; the limit is 1 MiB (1,048,576 bytes). Nothing was imported.');
  });

  test('GIVEN a stalled body THEN the download gives up at its deadline with a sentence', async () => {
    const started = Date.now();
    const got = await downloadAttachment(refTo(fake.upload('slow.txt', 'z'.repeat(4096), { fault: { kind: 'stall' } })), 300);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(!got.ok && got.problem).toBe('downloading slow.txt from Discord took longer than 0.3 s; upload it again.');
  });

  test('GIVEN an expired link THEN the member is asked to upload it again', async () => {
    const upload = fake.upload('old.txt', 'text');
    upload.expire();
    const got = await downloadAttachment(refTo(upload));
    expect(!got.ok && got.problem).toBe('could not download old.txt from Discord (HTTP 404); upload it again.');
  });
});
