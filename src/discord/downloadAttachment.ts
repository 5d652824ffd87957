import type { AttachedFile } from '../command';
import { MAX_UPLOAD_BYTES, UPLOAD_DOWNLOAD_TIMEOUT_MS } from '../facts/dataLimits';
import type { AttachmentRef } from './invocationFromInteraction';

function tooBig(ref: AttachmentRef, size: number | undefined): AttachedFile {
  const shown = size === undefined ? 'more than 1 MiB' : `${size.toLocaleString('en-US')} bytes`;
  // Written when needed, not at import: toLocaleString loads ICU's locale data (7–9 MB) into every process.
  const limit = `the limit is 1 MiB (${MAX_UPLOAD_BYTES.toLocaleString('en-US')} bytes)`;
  return { ok: false, name: ref.fileName, problem: `${ref.fileName} is ${shown}; ${limit}. Nothing was imported.` };
}

/**
 * Fetches an attachment while its interaction is open: Discord's CDN links
 * are signed and expire, so the link is used once and never stored. The size
 * Discord declared is checked first, and the body is read only up to the
 * limit whatever it declared, within a deadline.
 */
export async function downloadAttachment(ref: AttachmentRef, timeoutMs = UPLOAD_DOWNLOAD_TIMEOUT_MS): Promise<AttachedFile> {
  if (ref.size > MAX_UPLOAD_BYTES) return tooBig(ref, ref.size);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(ref.url, { signal, redirect: 'error' });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      return {
        ok: false,
        name: ref.fileName,
        problem: `could not download ${ref.fileName} from Discord (HTTP ${response.status}); upload it again.`,
      };
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    // Leaving the loop early cancels the body, so an endless one is not read on.
    for await (const chunk of response.body) {
      length += chunk.length;
      if (length > MAX_UPLOAD_BYTES) break;
      chunks.push(chunk);
    }
    if (length > MAX_UPLOAD_BYTES) return tooBig(ref, undefined);
    return { ok: true, name: ref.fileName, bytes: Buffer.concat(chunks, length) };
  } catch {
    const why = signal.aborted ? `took longer than ${timeoutMs / 1000} s` : 'failed';
    return { ok: false, name: ref.fileName, problem: `downloading ${ref.fileName} from Discord ${why}; upload it again.` };
  }
}
